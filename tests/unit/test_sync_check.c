/* sync check: each rule on hand-made status models, and --thresholds parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* A model with one parent and one child, healthy, as omrs_sync_status_load leaves it. */
typedef struct fixture {
    omrs_sync_server servers[2];
    omrs_sync_peer peers[2];
    omrs_sync_status st;
    omrs_sync_thresholds t;
    omrs_sync_check c;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->servers[0] = (omrs_sync_server){.id = 1, .nickname = "Up", .server_type = "PARENT",
                                       .last_sync = "2026-01-01 10:00:00", .last_sync_state = "OK"};
    f->servers[1] = (omrs_sync_server){.id = 2, .nickname = "Down", .server_type = "CHILD",
                                       .last_sync = "2026-01-01 11:00:00", .last_sync_state = "OK_NOTHING_TO_DO"};
    for (int i = 0; i < 2; i++) {
        f->peers[i].server = &f->servers[i];
        f->peers[i].last_sync_age_s = 3600;
        f->peers[i].outgoing.oldest_age_s = -1;
    }
    f->peers[0].is_parent = true;
    f->st.servers = (omrs_sync_servers){f->servers, 2};
    f->st.peers = f->peers;
    f->st.peer_count = 2;
    f->st.has_import = f->st.has_log = true;
    omrs_sync_thresholds_default(&f->t);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    omrs_sync_check_free(&f->c);
    free(f);
    return 0;
}

static omrs_sync_level run(fixture *f)
{
    omrs_error err = {0};
    omrs_sync_check_free(&f->c);
    assert_int_equal(omrs_sync_check_run(&f->st, &f->t, &f->c, &err), 0);
    return f->c.level;
}

static bool has_reason(const fixture *f, omrs_sync_level level, const char *text)
{
    for (size_t i = 0; i < f->c.count; i++)
        if (f->c.reasons[i].level == level && strstr(f->c.reasons[i].text, text))
            return true;
    return false;
}

static void test_healthy_is_ok(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f), OMRS_SYNC_OK);
    assert_int_equal(f->c.count, 0);
}

static void test_stopped_record_is_critical(void **state)
{
    fixture *f = *state;
    omrs_sync_outgoing *o = &f->peers[1].outgoing;
    o->counts.by_state[OMRS_SYNC_FAILED_AND_STOPPED] = 2;
    o->blocked[0] = (omrs_sync_blocked){.record_id = 77, .error_message = "duplicate identifier"};
    o->blocked_listed = 1;
    assert_int_equal(run(f), OMRS_SYNC_CRITICAL);
    assert_true(has_reason(f, OMRS_SYNC_CRITICAL, "child \"Down\": 2 record(s) FAILED_AND_STOPPED"));
    assert_true(has_reason(f, OMRS_SYNC_CRITICAL, "record 77: duplicate identifier"));
    /* critical even on a disabled server */
    f->servers[1].disabled = true;
    assert_int_equal(run(f), OMRS_SYNC_CRITICAL);
}

static void test_error_state_is_warning_and_disabled_is_a_note(void **state)
{
    fixture *f = *state;
    f->servers[0].last_sync_state = "CONNECTION_FAILED";
    f->peers[0].last_state_is_error = true;
    assert_int_equal(run(f), OMRS_SYNC_WARNING);
    assert_true(has_reason(f, OMRS_SYNC_WARNING, "parent \"Up\": last sync CONNECTION_FAILED"));
    f->servers[0].disabled = true;
    f->peers[0].outgoing.counts.in_queue = 100000;   /* not judged while disabled */
    assert_int_equal(run(f), OMRS_SYNC_OK);
    assert_true(has_reason(f, OMRS_SYNC_NOTE, "parent \"Up\" is disabled"));
}

static void test_backlog_levels(void **state)
{
    fixture *f = *state;
    f->peers[1].outgoing.counts.in_queue = 499;
    assert_int_equal(run(f), OMRS_SYNC_OK);
    f->peers[1].outgoing.counts.in_queue = 500;
    assert_int_equal(run(f), OMRS_SYNC_WARNING);
    assert_true(has_reason(f, OMRS_SYNC_WARNING, "child \"Down\": 500 record(s) waiting"));
    f->peers[1].outgoing.counts.in_queue = 5000;
    assert_int_equal(run(f), OMRS_SYNC_CRITICAL);
    f->t.backlog_crit = 0;   /* off */
    assert_int_equal(run(f), OMRS_SYNC_WARNING);
}

static void test_age_and_last_sync(void **state)
{
    fixture *f = *state;
    omrs_sync_outgoing *o = &f->peers[0].outgoing;
    o->oldest_record_id = 5, o->oldest_timestamp = "2026-01-01 00:00:00";
    o->oldest_age_s = 24 * 3600 - 1;
    assert_int_equal(run(f), OMRS_SYNC_OK);
    o->oldest_age_s = 24 * 3600;
    assert_int_equal(run(f), OMRS_SYNC_WARNING);
    assert_true(has_reason(f, OMRS_SYNC_WARNING, "oldest waiting record 5 is 24 h old"));
    o->oldest_age_s = 72 * 3600;
    assert_int_equal(run(f), OMRS_SYNC_CRITICAL);
    o->oldest_age_s = -1;
    f->peers[1].last_sync_age_s = 168 * 3600;
    assert_int_equal(run(f), OMRS_SYNC_CRITICAL);
    assert_true(has_reason(f, OMRS_SYNC_CRITICAL, "child \"Down\": last synced 168 h ago"));
    f->peers[1].last_sync_age_s = -1;   /* never synced: a note only */
    assert_int_equal(run(f), OMRS_SYNC_OK);
    assert_true(has_reason(f, OMRS_SYNC_NOTE, "never synced"));
}

static void test_retries_imports_log_unknown(void **state)
{
    fixture *f = *state;
    f->peers[0].outgoing.about_to_stop = 1;
    assert_int_equal(run(f), OMRS_SYNC_WARNING);
    assert_true(has_reason(f, OMRS_SYNC_WARNING, "1 record(s) one failed round"));
    f->t.retry_warn = 0;
    assert_int_equal(run(f), OMRS_SYNC_OK);

    f->peers[1].incoming.by_state[OMRS_SYNC_FAILED] = 1;
    assert_int_equal(run(f), OMRS_SYNC_WARNING);
    assert_true(has_reason(f, OMRS_SYNC_WARNING, "1 incoming record(s) FAILED"));
    f->peers[1].incoming.by_state[OMRS_SYNC_FAILED] = 0;

    f->st.log_failures_24h = 2;
    assert_int_equal(run(f), OMRS_SYNC_OK);
    f->st.log_failures_24h = 3;
    assert_int_equal(run(f), OMRS_SYNC_WARNING);
    f->st.has_log = false;   /* no table: nothing to judge */
    assert_int_equal(run(f), OMRS_SYNC_OK);

    f->st.import_rows_24h = 1000000;   /* off by default */
    assert_int_equal(run(f), OMRS_SYNC_OK);
    f->t.import_growth_warn = 1000;
    assert_int_equal(run(f), OMRS_SYNC_WARNING);
    f->t.import_growth_warn = 0;

    f->st.journal.unknown = 2;
    assert_int_equal(run(f), OMRS_SYNC_WARNING);
    assert_true(has_reason(f, OMRS_SYNC_WARNING, "2 row(s) hold a state the module cannot load"));
}

static void test_no_servers_is_ok_with_a_note(void **state)
{
    fixture *f = *state;
    f->st.peer_count = 0;
    assert_int_equal(run(f), OMRS_SYNC_OK);
    assert_true(has_reason(f, OMRS_SYNC_NOTE, "no sync servers configured"));
}

static void test_print_orders_worst_first(void **state)
{
    fixture *f = *state;
    f->peers[0].last_state_is_error = true;
    f->servers[0].last_sync_state = "FAILED";
    f->peers[1].outgoing.counts.by_state[OMRS_SYNC_FAILED_AND_STOPPED] = 1;
    f->servers[1].disabled = true;
    run(f);
    char buf[4096] = "";
    FILE *out = fmemopen(buf, sizeof buf, "w");
    omrs_sync_check_print(&f->c, out);
    fclose(out);
    assert_string_equal(buf, "SYNC CRITICAL - child \"Down\": 1 record(s) FAILED_AND_STOPPED block the queue\n"
                             "CRITICAL: child \"Down\": 1 record(s) FAILED_AND_STOPPED block the queue\n"
                             "WARNING: parent \"Up\": last sync FAILED (2026-01-01 10:00:00)\n"
                             "NOTE: child \"Down\" is disabled: not checked for backlog, age or retries\n");
}

static void test_ok_line(void **state)
{
    fixture *f = *state;
    run(f);
    char buf[256] = "";
    FILE *out = fmemopen(buf, sizeof buf, "w");
    omrs_sync_check_print(&f->c, out);
    fclose(out);
    assert_string_equal(buf, "SYNC OK - no problems found\n");
}

/* ---- --thresholds ------------------------------------------------------ */

static void test_thresholds_parse(void **state)
{
    (void)state;
    omrs_sync_thresholds t;
    omrs_sync_thresholds_default(&t);
    assert_int_equal(t.backlog_warn, 500);
    assert_int_equal(t.age_crit, 72);
    omrs_error err = {0};
    assert_int_equal(omrs_sync_thresholds_parse("backlog_warn=10,backlog_crit=20,age_warn=0,retry_warn=3", &t, &err), 0);
    assert_int_equal(t.backlog_warn, 10);
    assert_int_equal(t.backlog_crit, 20);
    assert_int_equal(t.age_warn, 0);
    assert_int_equal(t.retry_warn, 3);
    assert_int_equal(t.age_crit, 72);   /* untouched */
}

static void expect_bad(const char *text, const char *message_part)
{
    omrs_sync_thresholds t, before;
    omrs_sync_thresholds_default(&t);
    before = t;
    omrs_error err = {0};
    assert_int_equal(omrs_sync_thresholds_parse(text, &t, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_USAGE);
    if (!strstr(err.message, message_part))
        fail_msg("'%s': message '%s' lacks '%s'", text, err.message, message_part);
    assert_memory_equal(&t, &before, sizeof t);   /* nothing half applied */
}

static void test_thresholds_bad(void **state)
{
    (void)state;
    expect_bad("backlog_warn=10,bogus=3", "'bogus=3' is not a threshold name");
    expect_bad("backlog_warn", "'backlog_warn' lacks '=VALUE'");
    expect_bad("age_warn=", "'age_warn=' has no value");
    expect_bad("age_warn=-1", "'age_warn=-1' needs a whole number");
    expect_bad("age_warn=1.5", "'age_warn=1.5' needs a whole number");
    expect_bad("age_warn=12h", "'age_warn=12h' needs a whole number");
    expect_bad("age_warn=99999999999999999999", "needs a whole number");
    expect_bad("backlog_warn=10,", "'' lacks '=VALUE'");
    expect_bad("", "--thresholds needs NAME=VALUE");
    expect_bad("backlog_warn=100,backlog_crit=50", "backlog_warn (100) is above backlog_crit (50)");
    expect_bad("BACKLOG_WARN=1", "is not a threshold name");
    expect_bad("x=1", "names: backlog_warn, backlog_crit, age_warn");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_healthy_is_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stopped_record_is_critical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_state_is_warning_and_disabled_is_a_note, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backlog_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_age_and_last_sync, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retries_imports_log_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_servers_is_ok_with_a_note, setup, teardown),
        cmocka_unit_test_setup_teardown(test_print_orders_worst_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ok_line, setup, teardown),
        cmocka_unit_test(test_thresholds_parse),
        cmocka_unit_test(test_thresholds_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
