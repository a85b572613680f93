/* Unit tests for the Sync module's class-list rules (src/sync/class_match.c) and for the
 * planner that mirrors the module's editor (src/sync/classes.c, without a database).
 *
 * The table `java` is ground truth from Java itself, not from this code: OpenJDK 17 ran the
 * module's own expressions (SyncRecord.getContainedClassSet: split(",") into a HashSet; the
 * "<c>" string of RemoteServer.shouldBeSentSyncRecord; Pattern.matches(".*<" + NAME + ".*>*");
 * and String.startsWith per class for SyncServiceImpl.shouldSynchronize) on each case. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "class_match.h"
#include "classes.h"

static const struct {
    const char *name, *contained, *tags;
    bool pattern, prefix;
} java[] = {
    {"org.openmrs.Person", "org.openmrs.PersonName,org.openmrs.api.db.LoginCredential,org.openmrs.User", "<org.openmrs.api.db.LoginCredential><org.openmrs.User><org.openmrs.PersonName>", true, true},
    {"org.openmrs.notification.Alert", "org.openmrs.notification.AlertRecipient", "<org.openmrs.notification.AlertRecipient>", true, true},
    {"org.openmrs.Obs", "org_openmrs_Obs", "<org_openmrs_Obs>", true, false},
    {"org.openmrs.person", "org.openmrs.Person", "<org.openmrs.Person>", false, false},
    {"org.openmrs.module.formentry.", "org.openmrs.module.formentry.FormEntryXsn", "<org.openmrs.module.formentry.FormEntryXsn>", true, true},
    {"org.openmrs.module.formentry.", "org.openmrs.module.formentryX", "<org.openmrs.module.formentryX>", true, false},
    {"org.openmrs.module.formentry.", "org.openmrs.module.formentry", "<org.openmrs.module.formentry>", true, false},
    {"org.openmrs.module.form", "org.openmrs.module.formentry.FormEntryXsn,org.openmrs.Form", "<org.openmrs.Form><org.openmrs.module.formentry.FormEntryXsn>", true, true},
    {"org.openmrs.Foo$Bar", "org.openmrs.Foo$Bar$Baz", "<org.openmrs.Foo$Bar$Baz>", false, true},
    {"org.openmrs.Patient", "org.openmrs.Encounter,org.openmrs.Obs,org.openmrs.Patient", "<org.openmrs.Encounter><org.openmrs.Obs><org.openmrs.Patient>", true, true},
    {"Patient", "org.openmrs.Patient", "<org.openmrs.Patient>", false, false},
    {".*Patient", "org.openmrs.Patient", "<org.openmrs.Patient>", true, false},
    {"", "org.openmrs.Patient", "<org.openmrs.Patient>", true, true},
    {"", "", "<>", true, true},
    {"org.openmrs.A..org.openmrs.B", "org.openmrs.B,org.openmrs.A", "<org.openmrs.A><org.openmrs.B>", true, false},
    {"org.openmrs.B..org.openmrs.A", "org.openmrs.B,org.openmrs.A", "<org.openmrs.A><org.openmrs.B>", false, false},
    {"org.openmrs.Obs", "org.openmrs.Obs,,org.openmrs.Patient", "<><org.openmrs.Obs><org.openmrs.Patient>", true, true},
    {"org.openmrs.Obs", "org.openmrs.Patient,org.openmrs.Obs,", "<org.openmrs.Obs><org.openmrs.Patient>", true, true},
    {"org.openmrs.User", "org.openmrs.PersonName,org.openmrs.api.db.LoginCredential,org.openmrs.User", "<org.openmrs.api.db.LoginCredential><org.openmrs.User><org.openmrs.PersonName>", true, true},
    {"org.openmrs.Concept", "org.openmrs.ConceptDescription,org.openmrs.ConceptNumeric", "<org.openmrs.ConceptDescription><org.openmrs.ConceptNumeric>", true, true},
    {"org.openmrs.ConceptNumeric", "org.openmrs.ConceptDescription,org.openmrs.Concept", "<org.openmrs.Concept><org.openmrs.ConceptDescription>", false, false},
    {"org.openmrs.PatientIdentifier", "org.openmrs.Patient,org.openmrs.PersonName,org.openmrs.PersonAddress,org.openmrs.PatientIdentifier,org.openmrs.Person,org.openmrs.PersonAttribute,org.openmrs.Encounter,org.openmrs.Obs,org.openmrs.Visit,org.openmrs.Provider,org.openmrs.EncounterProvider,org.openmrs.Location,org.openmrs.User,org.openmrs.Order", "<org.openmrs.Person><org.openmrs.Encounter><org.openmrs.PatientIdentifier><org.openmrs.Visit><org.openmrs.Order><org.openmrs.PersonAttribute><org.openmrs.EncounterProvider><org.openmrs.Provider><org.openmrs.Location><org.openmrs.User><org.openmrs.Obs><org.openmrs.Patient><org.openmrs.PersonName><org.openmrs.PersonAddress>", true, true},
    {"org.openmrs.Patient", "org.openmrs.Patient,org.openmrs.Patient", "<org.openmrs.Patient>", true, true},
    {"org.openmrs.Obs", ",", "", false, false},
    {"org.openmrs.Pa(tient|rson)", "org.openmrs.Person", "<org.openmrs.Person>", false, false},
    {"org.openmrs.Pa(tient|rson)", "org.openmrs.Parson", "<org.openmrs.Parson>", true, false},
    {"org.openmrs.hl7", "org.openmrs.hl7.HL7InQueue", "<org.openmrs.hl7.HL7InQueue>", true, true},
    {"org.openmrs.hl7", "org.openmrs.HL7InQueue", "<org.openmrs.HL7InQueue>", false, false},
};

/* ---- building lists by hand ---- */

typedef struct fixture {
    omrs_sync_class classes[16];
    omrs_server_class rows[32];
    int servers[4];
    omrs_class_lists l;
} fixture;

static void fx_init(fixture *f, size_t servers)
{
    memset(f, 0, sizeof *f);
    f->l.classes = f->classes, f->l.rows = f->rows, f->l.server_ids = f->servers;
    for (size_t i = 0; i < servers; i++)
        f->servers[f->l.server_count++] = (int)i + 1;
}

static int fx_class(fixture *f, const char *name, int send, int receive)
{
    int id = (int)f->l.class_count + 1;
    f->classes[f->l.class_count++] = (omrs_sync_class){id, (char *)name, send, receive};
    return id;
}

static void fx_row(fixture *f, int class_id, int server_id, int send, int receive)
{
    f->rows[f->l.row_count] = (omrs_server_class){(int)f->l.row_count + 100, class_id, server_id, send, receive};
    f->l.row_count++;
}

/* ---- the Java table ---- */

static void test_tag_string_is_java_hashset_order(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof java / sizeof *java; i++) {
        omrs_buf b = {0};
        assert_int_equal(omrs_class_tag_string(java[i].contained, strlen(java[i].contained), &b), 0);
        if (strcmp(b.data, java[i].tags) != 0)
            fail_msg("case %zu: tags of \"%s\" are \"%s\", Java built \"%s\"", i, java[i].contained, b.data, java[i].tags);
        omrs_buf_free(&b);
    }
}

static void test_send_pattern_matches_like_java(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof java / sizeof *java; i++) {
        fixture f;
        fx_init(&f, 1);
        fx_row(&f, fx_class(&f, java[i].name, 1, 1), 1, 0, 1);
        omrs_class_patterns p;
        assert_int_equal(omrs_class_patterns_for(&f.l, 1, OMRS_SEND, &p), 0);
        assert_int_equal(p.count, 1);
        bool refused = omrs_class_patterns_refuse(&p, java[i].tags) != NULL;
        if (refused != java[i].pattern)
            fail_msg("case %zu: pattern '%s' on %s: %d, Java %d", i, java[i].name, java[i].tags, refused, java[i].pattern);
        omrs_class_patterns_free(&p);
    }
}

static void test_journalling_prefix_like_java(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof java / sizeof *java; i++) {
        bool hit = omrs_classes_any_prefix(java[i].contained, strlen(java[i].contained), java[i].name);
        if (hit != java[i].prefix)
            fail_msg("case %zu: prefix '%s' in \"%s\": %d, Java %d", i, java[i].name, java[i].contained, hit, java[i].prefix);
    }
}

/* The two rules disagree exactly where the reference says: '.' is a wildcard only in the
 * pattern, '$' ends the pattern, case counts in both. */
static void test_prefix_and_pattern_disagree(void **state)
{
    (void)state;
    size_t pattern_only = 0, prefix_only = 0;
    for (size_t i = 0; i < sizeof java / sizeof *java; i++) {
        pattern_only += java[i].pattern && !java[i].prefix;
        prefix_only += !java[i].pattern && java[i].prefix;
    }
    assert_true(pattern_only >= 4); /* Obs dots, trailing dot twice, .*Patient, A..B, Parson */
    assert_int_equal(prefix_only, 1); /* Foo$Bar */
}

static void test_receive_uses_receive_flags(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 1);
    fx_row(&f, fx_class(&f, "org.openmrs.module.formentry", 1, 1), 1, 0, 1);
    omrs_class_patterns send, recv;
    assert_int_equal(omrs_class_patterns_for(&f.l, 1, OMRS_SEND, &send), 0);
    assert_int_equal(omrs_class_patterns_for(&f.l, 1, OMRS_RECEIVE, &recv), 0);
    assert_non_null(omrs_class_patterns_refuse(&send, "<org.openmrs.module.formentry.FormEntryXsn>"));
    assert_null(omrs_class_patterns_refuse(&recv, "<org.openmrs.module.formentry.FormEntryXsn>"));
    omrs_class_patterns_free(&send);
    omrs_class_patterns_free(&recv);
}

/* ---- per-server rows against the defaults ---- */

static void test_server_row_beats_default(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 3);
    int hl7 = fx_class(&f, "org.openmrs.hl7", 0, 0);
    int form = fx_class(&f, "org.openmrs.module.formentry", 1, 1);
    fx_row(&f, hl7, 1, 1, 1);   /* server 1 allows what the default excludes */
    fx_row(&f, form, 2, 0, 0);  /* server 2 excludes what the default allows */
    /* server 3 has no rows: the defaults are not applied to it */
    const char *hl7_rec = "<org.openmrs.hl7.HL7InQueue>", *xsn = "<org.openmrs.module.formentry.FormEntryXsn>";
    for (int s = 1; s <= 3; s++) {
        omrs_class_patterns p;
        assert_int_equal(omrs_class_patterns_for(&f.l, s, OMRS_SEND, &p), 0);
        assert_true((omrs_class_patterns_refuse(&p, hl7_rec) != NULL) == false);
        assert_true((omrs_class_patterns_refuse(&p, xsn) != NULL) == (s == 2));
        omrs_class_patterns_free(&p);
    }
}

static void test_duplicate_rows_any_zero_excludes(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 1);
    int a = fx_class(&f, "org.openmrs.Obs", 1, 1), b = fx_class(&f, "org.openmrs.Obs", 1, 1);
    fx_row(&f, a, 1, 1, 1);
    fx_row(&f, b, 1, 0, 1);
    omrs_class_patterns p;
    assert_int_equal(omrs_class_patterns_for(&f.l, 1, OMRS_SEND, &p), 0);
    assert_int_equal(p.count, 1); /* a set of names */
    assert_non_null(omrs_class_patterns_refuse(&p, "<org.openmrs.Obs>"));
    omrs_class_patterns_free(&p);
}

/* A class allowed by its own row is still refused when another name's pattern covers it. */
static void test_decision_names_the_refusing_row(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 1);
    int alert = fx_class(&f, "org.openmrs.notification.Alert", 0, 0);
    int recipient = fx_class(&f, "org.openmrs.notification.AlertRecipient", 1, 1);
    fx_row(&f, alert, 1, 0, 1);
    fx_row(&f, recipient, 1, 1, 1);
    omrs_class_patterns p[2];
    assert_int_equal(omrs_class_patterns_for(&f.l, 1, OMRS_SEND, &p[0]), 0);
    assert_int_equal(omrs_class_patterns_for(&f.l, 1, OMRS_RECEIVE, &p[1]), 0);
    omrs_class_decision d;
    assert_int_equal(omrs_class_decide(p, &f.classes[1], &d), 0);
    assert_false(d.allowed[OMRS_SEND]);
    assert_string_equal(d.refused_by[OMRS_SEND], "org.openmrs.notification.Alert");
    assert_true(d.allowed[OMRS_RECEIVE]);
    assert_null(d.refused_by[OMRS_RECEIVE]);
    omrs_class_patterns_free(&p[0]);
    omrs_class_patterns_free(&p[1]);
}

static void test_unrecorded_without_servers_uses_defaults(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 0);
    fx_class(&f, "org.openmrs.GlobalProperty", 0, 0);
    fx_class(&f, "org.openmrs.module.formentry", 0, 1);
    fx_class(&f, "org.openmrs.hl7", OMRS_FLAG_NULL, 0);
    omrs_strlist u;
    assert_int_equal(omrs_class_unrecorded(&f.l, &u), 0);
    assert_int_equal(u.count, 1);
    assert_string_equal(u.items[0], "org.openmrs.GlobalProperty");
    assert_string_equal(omrs_class_unrecorded_by(&u, "org.openmrs.GlobalPropertyX"), "org.openmrs.GlobalProperty");
    assert_null(omrs_class_unrecorded_by(&u, "org.openmrs.globalproperty"));
    omrs_strlist_free(&u);
}

static void test_unrecorded_needs_both_ways_on_every_server(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2);
    int gp = fx_class(&f, "org.openmrs.GlobalProperty", 1, 1); /* defaults do not count once servers exist */
    int form = fx_class(&f, "org.openmrs.module.formentry", 0, 0);
    int alert = fx_class(&f, "org.openmrs.notification.Alert", 0, 0);
    fx_row(&f, gp, 1, 0, 0);
    fx_row(&f, gp, 2, 0, 0);
    fx_row(&f, form, 1, 0, 0);
    fx_row(&f, form, 2, 0, 1);   /* received from server 2: still journalled */
    fx_row(&f, alert, 1, 0, 0);  /* server 2 has no row: still journalled */
    omrs_strlist u;
    assert_int_equal(omrs_class_unrecorded(&f.l, &u), 0);
    assert_int_equal(u.count, 1);
    assert_string_equal(u.items[0], "org.openmrs.GlobalProperty");
    omrs_strlist_free(&u);
}

/* ---- the planner, with a pretend database (case-insensitive names as MySQL) ---- */

static int fake_lookup(void *ctx, const char *name, int *ids, size_t max, size_t *found, omrs_error *err)
{
    (void)err;
    const omrs_class_lists *l = ctx;
    *found = 0;
    for (size_t i = 0; i < l->class_count; i++) {
        const char *a = l->classes[i].name;
        size_t na = strlen(a), nb = strlen(name);
        while (na && a[na - 1] == ' ') /* PAD SPACE collations ignore trailing spaces */
            na--;
        while (nb && name[nb - 1] == ' ')
            nb--;
        if (na == nb && strncasecmp(a, name, na) == 0 && (*found)++ < max)
            ids[*found - 1] = l->classes[i].id;
    }
    return 0;
}

static int fake_literal(void *ctx, omrs_buf *b, const char *s)
{
    (void)ctx;
    return omrs_buf_printf(b, "'%s'", s);
}

static void expect_sql(const omrs_class_plan *p, const char *const *want, size_t n)
{
    if (p->sql.count != n) {
        for (size_t i = 0; i < p->sql.count; i++)
            print_message("got: %s\n", p->sql.items[i]);
        fail_msg("%zu statements, expected %zu", p->sql.count, n);
    }
    for (size_t i = 0; i < n; i++)
        assert_string_equal(p->sql.items[i], want[i]);
}

static void plan(fixture *f, omrs_class_edit e, omrs_class_plan *p, int expect_rc)
{
    omrs_class_db db = {fake_lookup, fake_literal, &f->l};
    omrs_error err = {0};
    int rc = omrs_class_plan_make(&f->l, &e, &db, p, &err);
    if (rc != expect_rc)
        fail_msg("plan: rc %d (%s)", rc, err.message);
}

static void demo_parent(fixture *f)
{
    fx_init(f, 2);
    const char *names[] = {"org.openmrs.GlobalProperty", "org.openmrs.scheduler", "org.openmrs.hl7",
                           "org.openmrs.notification.Alert"};
    for (int s = 1; s <= 2; s++)
        for (int i = 0; i < 4; i++)
            fx_row(f, s == 1 ? fx_class(f, names[i], 0, 0) : i + 1, s, 0, 0);
    fx_row(f, fx_class(f, "org.openmrs.module.formentry", 1, 1), 2, 0, 1);
}

static void test_plan_exclude_existing_class_adds_row(void **state)
{
    (void)state;
    fixture f;
    demo_parent(&f);
    omrs_class_plan p;
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_SET, "org.openmrs.module.formentry", true, false, false, 1}, &p, 0);
    const char *want[] = {"INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from) VALUES (5, 1, 0, 1)"};
    expect_sql(&p, want, 1);
    omrs_class_plan_free(&p);
}

static void test_plan_new_name_creates_class_one_one(void **state)
{
    (void)state;
    fixture f;
    demo_parent(&f);
    omrs_class_plan p;
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_SET, "  org.openmrs.Obs ", false, true, false, 2}, &p, 0);
    const char *want[] = {
        "INSERT INTO sync_class (name, default_send_to, default_receive_from) VALUES ('org.openmrs.Obs', 1, 1)",
        "SET @omrs_new_class1 = LAST_INSERT_ID()",
        "INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from) VALUES (@omrs_new_class1, 2, 1, 0)"};
    expect_sql(&p, want, 3);
    omrs_class_plan_free(&p);
}

static void test_plan_allow_updates_row_never_deletes(void **state)
{
    (void)state;
    fixture f;
    demo_parent(&f);
    omrs_class_plan p;
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_SET, "org.openmrs.module.formentry", true, true, true, 2}, &p, 0);
    const char *want[] = {"UPDATE sync_server_class SET send_to = 1, receive_from = 1 WHERE server_class_id = 108 "
                          "AND send_to = 0 AND receive_from = 1"};
    expect_sql(&p, want, 1);
    assert_int_equal(p.after.row_count, f.l.row_count);
    omrs_class_plan_free(&p);
}

static void test_plan_nothing_to_change(void **state)
{
    (void)state;
    fixture f;
    demo_parent(&f);
    omrs_class_plan p;
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_SET, "org.openmrs.hl7", true, true, false, 1}, &p, 0);
    assert_int_equal(p.sql.count, 0);
    omrs_class_plan_free(&p);
}

/* MySQL finds 'ORG.OPENMRS.MODULE.FORMENTRY' by name: the module links the new row to that class. */
static void test_plan_links_case_different_class(void **state)
{
    (void)state;
    fixture f;
    demo_parent(&f);
    omrs_class_plan p;
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_SET, "ORG.OPENMRS.MODULE.FORMENTRY", true, false, false, 1}, &p, 0);
    const char *want[] = {"INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from) VALUES (5, 1, 0, 1)"};
    expect_sql(&p, want, 1);
    assert_int_equal(p.notes.count, 2); /* the link, and "not org.openmrs." */
    omrs_class_plan_free(&p);
}

static void test_plan_refuses_duplicate_names(void **state)
{
    (void)state;
    fixture f;
    demo_parent(&f);
    fx_class(&f, "org.openmrs.Obs", 0, 0);
    fx_class(&f, "org.openmrs.Obs", 1, 1);
    omrs_class_plan p;
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_SET, "org.openmrs.Obs", true, false, false, 1}, &p, -1);
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_SET, "org.openmrs.Obs", true, false, false, 0}, &p, -1);
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_SET, "id:7", true, false, false, 0}, &p, 0);
    const char *want[] = {"UPDATE sync_class SET default_send_to = 0, default_receive_from = 1 WHERE class_id = 7 "
                          "AND default_send_to <=> 1 AND default_receive_from <=> 1"};
    expect_sql(&p, want, 1);
    omrs_class_plan_free(&p);
}

/* A name stored with a trailing space is re-submitted by the form and trimmed: the module
 * adds a second row for it on every save (MySQL finds the class by the trimmed name). */
static void test_plan_trailing_space_quirk(void **state)
{
    (void)state;
    fixture f;
    demo_parent(&f);
    fx_row(&f, fx_class(&f, "org.openmrs.Obs ", 1, 1), 1, 0, 1);
    omrs_class_plan p;
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_SET, "org.openmrs.hl7", true, false, true, 1}, &p, 0);
    const char *want[] = {
        "INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from) VALUES (6, 1, 0, 1)",
        "UPDATE sync_server_class SET send_to = 1, receive_from = 0 WHERE server_class_id = 102 AND send_to = 0 AND "
        "receive_from = 0"};
    expect_sql(&p, want, 2);
    omrs_class_plan_free(&p);
}

static void test_plan_add_remove(void **state)
{
    (void)state;
    fixture f;
    demo_parent(&f);
    omrs_class_plan p;
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_ADD, "org.openmrs.hl7", false, false, false, 0}, &p, -1);
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_ADD, "org.openmrs.Obs", false, false, false, 0}, &p, 0);
    const char *add[] = {"INSERT INTO sync_class (name, default_send_to, default_receive_from) VALUES ('org.openmrs.Obs', 0, 0)",
                         "SET @omrs_new_class1 = LAST_INSERT_ID()"};
    expect_sql(&p, add, 2);
    omrs_class_plan_free(&p);
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_REMOVE, "org.openmrs.hl7", false, false, false, 0}, &p, -1);
    f.rows[2].send_to = f.rows[2].receive_from = 1; /* server 1 allows hl7 both ways... */
    f.rows[6].send_to = f.rows[6].receive_from = 1; /* ...and so does server 2 */
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_REMOVE, "org.openmrs.hl7", false, false, false, 0}, &p, 0);
    const char *rm[] = {"DELETE FROM sync_server_class WHERE server_class_id = 102",
                        "DELETE FROM sync_server_class WHERE server_class_id = 106", "DELETE FROM sync_class WHERE class_id = 3"};
    expect_sql(&p, rm, 3);
    omrs_class_plan_free(&p);
}

static void test_plan_preset_everywhere(void **state)
{
    (void)state;
    fixture f;
    demo_parent(&f);
    const omrs_class_preset *pr = omrs_class_preset_find("alert-recipient");
    assert_non_null(pr);
    omrs_class_plan p;
    plan(&f, (omrs_class_edit){OMRS_CLASS_EDIT_PRESET, pr->name, true, true, false, 0}, &p, 0);
    const char *want[] = {
        "INSERT INTO sync_class (name, default_send_to, default_receive_from) VALUES ('org.openmrs.notification.AlertRecipient', 0, 0)",
        "SET @omrs_new_class1 = LAST_INSERT_ID()",
        "INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from) VALUES (@omrs_new_class1, 1, 0, 0)",
        "INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from) VALUES (@omrs_new_class1, 2, 0, 0)"};
    expect_sql(&p, want, 4);
    omrs_class_plan_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tag_string_is_java_hashset_order),
        cmocka_unit_test(test_send_pattern_matches_like_java),
        cmocka_unit_test(test_journalling_prefix_like_java),
        cmocka_unit_test(test_prefix_and_pattern_disagree),
        cmocka_unit_test(test_receive_uses_receive_flags),
        cmocka_unit_test(test_server_row_beats_default),
        cmocka_unit_test(test_duplicate_rows_any_zero_excludes),
        cmocka_unit_test(test_decision_names_the_refusing_row),
        cmocka_unit_test(test_unrecorded_without_servers_uses_defaults),
        cmocka_unit_test(test_unrecorded_needs_both_ways_on_every_server),
        cmocka_unit_test(test_plan_exclude_existing_class_adds_row),
        cmocka_unit_test(test_plan_new_name_creates_class_one_one),
        cmocka_unit_test(test_plan_allow_updates_row_never_deletes),
        cmocka_unit_test(test_plan_nothing_to_change),
        cmocka_unit_test(test_plan_links_case_different_class),
        cmocka_unit_test(test_plan_refuses_duplicate_names),
        cmocka_unit_test(test_plan_trailing_space_quirk),
        cmocka_unit_test(test_plan_add_remove),
        cmocka_unit_test(test_plan_preset_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
