/* sqldiff.xml as OpenMRS reads and runs it: parsing, the version-sorted map, which diffs
 * run, the naive ';' split and statement routing, and `module lint` (needs OMRS_SHARED for
 * the real module files). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sqldiff.h"
#include "version.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define DOCTYPE "<!DOCTYPE sqldiff PUBLIC \"-//OpenMRS//DTD OpenMRS SQL Diff Config 1.0//EN\" " \
                "\"http://resources.openmrs.org/doctype/sqldiff-1.0.dtd\">\n"

static int parse(const char *xml, bool qualifier_aware, omrs_sqldiff *d, omrs_error *err)
{
    return omrs_sqldiff_parse(xml, strlen(xml), "t.xml", qualifier_aware, d, err);
}

static void parse_ok(const char *xml, bool qualifier_aware, omrs_sqldiff *d)
{
    omrs_error err = {0};
    int rc = parse(xml, qualifier_aware, d, &err);
    if (rc != 0)
        fail_msg("%s", err.message);
}

static const char *shared_dir(void)
{
    const char *dir = getenv("OMRS_SHARED");
    if (!dir || !*dir)
        fail_msg("OMRS_SHARED is not set: run through make check, or point it at the shared folder");
    return dir;
}

static char *read_fixture(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/modules/%s", shared_dir(), rel);
    char *data;
    if (omrs_read_file(path, &data, len) != 0)
        fail_msg("cannot read %s", path);
    return data;
}

/* ---- the module files of the fixtures ----------------------------------- */

/* Counts checked by reading each file: statements are the ';'-terminated pieces. */
static const struct fixture {
    const char *path;
    size_t diffs;
    const char *first, *last;
    size_t statements;
} fixtures[] = {
    {"formentry/sqldiff.xml", 7, "1.0.0", "2.8", 14},
    {"patientmatching/sqldiff.xml", 7, "1.7.0", "1.7.6", 29},
    {"idcards/sqldiff.xml", 3, "1.0.1", "1.0.7", 3},
    {"remoteformentry/sqldiff.xml", 1, "1.0.0", "1.0.0", 2},
    {"xforms/sqldiff.xml", 8, "2.0", "4.1.1.0", 8},
    {"sync/api/src/main/resources/sqldiff.xml", 21, "0.1", "1.1.3", 41},
    {"reportingcompatibility/sqldiff.xml", 0, NULL, NULL, 0},   /* only a <help>: no diff at all */
};

static size_t count_statements(const omrs_sqldiff *d)
{
    size_t total = 0;
    for (size_t i = 0; i < d->count; i++) {
        omrs_sql_pieces p;
        omrs_error err = {0};
        assert_int_equal(omrs_sqldiff_split(d->entries[i].sql, &p, &err), 0);
        for (size_t k = 0; k < p.count; k++) {
            assert_true(p.items[k].update);   /* every real statement is DDL or DML */
            assert_false(p.items[k].query_refused);
        }
        total += p.count;
        omrs_sql_pieces_free(&p);
    }
    return total;
}

static void test_fixtures_parse(void **state)
{
    (void)state;
    for (size_t f = 0; f < sizeof fixtures / sizeof *fixtures; f++) {
        const struct fixture *fx = &fixtures[f];
        size_t len;
        char *data = read_fixture(fx->path, &len);
        for (int qa = 0; qa < 2; qa++) {
            omrs_sqldiff d;
            omrs_error err = {0};
            if (omrs_sqldiff_parse(data, len, fx->path, qa, &d, &err) != 0)
                fail_msg("%s", err.message);
            assert_int_equal(d.count, fx->diffs);
            for (size_t i = 1; i < d.count; i++)
                assert_true(omrs_version_compare(d.entries[i - 1].version, d.entries[i].version, qa) < 0);
            if (fx->first) {
                assert_string_equal(d.entries[0].version, fx->first);
                assert_string_equal(d.entries[d.count - 1].version, fx->last);
            }
            assert_int_equal(count_statements(&d), fx->statements);
            omrs_sqldiff_free(&d);
        }
        free(data);
    }
}

static void test_fixture_details(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("formentry/sqldiff.xml", &len);
    omrs_sqldiff d;
    omrs_error err = {0};
    assert_int_equal(omrs_sqldiff_parse(data, len, "formentry", true, &d, &err), 0);
    const omrs_sqldiff_entry *e = &d.entries[5];
    assert_string_equal(e->version, "2.7");
    assert_string_equal(e->author, "Ben Wolfe");
    assert_string_equal(e->date, "May 18th 2010");
    assert_string_equal(e->description, "Adding uuid column to formentry_xsn table");
    assert_int_equal(e->line, 165);
    assert_true(e->sql[0] == '\n');   /* untrimmed */
    omrs_sql_pieces p;
    assert_int_equal(omrs_sqldiff_split(e->sql, &p, &err), 0);
    assert_int_equal(p.count, 4);
    assert_string_equal(p.items[0].sql, "ALTER TABLE formentry_xsn ADD uuid CHAR(38)");
    assert_string_equal(p.items[3].sql, "CREATE UNIQUE INDEX formentry_xsn_uuid_index ON formentry_xsn (uuid)");
    omrs_sql_pieces_free(&p);
    assert_true(omrs_sqldiff_should_run(e, "2.6", true));
    assert_false(omrs_sqldiff_should_run(e, "2.7", true));
    omrs_sqldiff_free(&d);
    free(data);
}

/* ---- parsing -------------------------------------------------------------- */

static void test_config_version_must_be_exactly_1_0(void **state)
{
    (void)state;
    const char *bad[] = {
        "<sqldiff version=\"1.1\"/>", "<sqldiff version=\" 1.0\"/>", "<sqldiff version=\"1.0.0\"/>",
        "<sqldiff/>", "<sqldiff Version=\"1.0\"/>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        omrs_sqldiff d;
        omrs_error err = {0};
        assert_int_equal(parse(bad[i], true, &d, &err), -1);
        assert_int_equal(err.code, OMRS_ERR_PARSE);
        assert_non_null(strstr(err.message, "t.xml:1: "));
        assert_non_null(strstr(err.message, "version=\"1.0\""));
        assert_int_equal(d.count, 0);
    }
    /* the root's name is not checked */
    omrs_sqldiff d;
    parse_ok("<anything version=\"1.0\"><diff><version>1</version><sql>x</sql></diff></anything>", true, &d);
    assert_int_equal(d.count, 1);
    omrs_sqldiff_free(&d);
}

static void test_malformed_xml(void **state)
{
    (void)state;
    omrs_sqldiff d;
    omrs_error err = {0};
    assert_int_equal(parse(HEAD "<sqldiff version=\"1.0\">\n<diff>\n<sql>x</sqll>\n</diff></sqldiff>\n", true, &d, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_PARSE);
    assert_non_null(strstr(err.message, "t.xml:4: not well-formed XML"));
    assert_int_equal(parse("", true, &d, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_PARSE);
    assert_int_equal(parse("<sqldiff version=\"1.0\"><diff>&nosuch;</diff></sqldiff>", true, &d, &err), -1);
    assert_non_null(strstr(err.message, "t.xml:1: "));
}

static void test_equal_versions_collapse(void **state)
{
    (void)state;
    omrs_sqldiff d;
    parse_ok("<sqldiff version=\"1.0\">\n"
             "<diff><version>1.1</version><author>first</author><sql>A</sql></diff>\n"
             "<diff><version>2.0</version><sql>B</sql></diff>\n"
             "<diff><version>1.1.0</version><author> last </author><date>d</date><sql>C</sql></diff>\n"
             "</sqldiff>", true, &d);
    assert_int_equal(d.count, 2);
    assert_string_equal(d.entries[0].version, "1.1");   /* the first key */
    assert_string_equal(d.entries[0].sql, "C");         /* the last value */
    assert_string_equal(d.entries[0].author, "last");
    assert_string_equal(d.entries[0].date, "d");
    assert_null(d.entries[0].description);
    assert_int_equal(d.entries[0].line, 4);
    assert_string_equal(d.entries[1].version, "2.0");
    assert_string_equal(d.entries[1].sql, "B");
    omrs_sqldiff_free(&d);
}

static void test_sorted_not_file_order(void **state)
{
    (void)state;
    const char *xml = "<sqldiff version=\"1.0\">"
                      "<diff><version>2.0</version><sql>two</sql></diff>"
                      "<diff><version>1.10</version><sql>ten</sql></diff>"
                      "<diff><version>1.9</version><sql>nine</sql></diff>"
                      "<diff><version>1.0</version><sql>one</sql></diff>"
                      "<diff><version>1.0-SNAPSHOT</version><sql>snap</sql></diff>"
                      "</sqldiff>";
    omrs_sqldiff d;
    parse_ok(xml, true, &d);   /* 2.8.0+: the snapshot sorts before 1.0 */
    const char *expect[][2] = {{"1.0-SNAPSHOT", "snap"}, {"1.0", "one"}, {"1.9", "nine"}, {"1.10", "ten"}, {"2.0", "two"}};
    assert_int_equal(d.count, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(d.entries[i].version, expect[i][0]);
        assert_string_equal(d.entries[i].sql, expect[i][1]);
    }
    omrs_sqldiff_free(&d);
    parse_ok(xml, false, &d);   /* before 2.8.0 the snapshot equals 1.0: key "1.0", SQL "snap" */
    assert_int_equal(d.count, 4);
    assert_string_equal(d.entries[0].version, "1.0");
    assert_string_equal(d.entries[0].sql, "snap");
    assert_int_equal(d.entries[0].line, 1);
    omrs_sqldiff_free(&d);
}

static void test_missing_elements(void **state)
{
    (void)state;
    omrs_sqldiff d;
    parse_ok("<sqldiff version=\"1.0\">\n"
             "<diff><version>0.1</version><sql>a</sql></diff>\n"
             "<diff><sql>no version</sql></diff>\n"
             "<diff><version>0.2</version></diff>\n"
             "</sqldiff>", true, &d);
    assert_int_equal(d.count, 3);
    assert_string_equal(d.entries[0].version, "");   /* sorts before everything positive */
    assert_string_equal(d.entries[0].sql, "no version");
    assert_int_equal(d.entries[0].line, 3);
    assert_string_equal(d.entries[2].version, "0.2");
    assert_string_equal(d.entries[2].sql, "");
    assert_null(d.entries[2].author);
    omrs_sqldiff_free(&d);
}

static void test_text_content(void **state)
{
    (void)state;
    omrs_sqldiff d;
    parse_ok(HEAD DOCTYPE "<sqldiff version=\"1.0\"><help>h</help>\n"
             "<wrap><diff><version> 1.2 </version>\n"
             "<description>\n  two\n  lines \n</description>\n"
             "<sql><![CDATA[SELECT 1 < 2;]]> &lt;&amp;&gt;&#65;<!-- not text --><?pi no?><b>bold</b>\n</sql></diff></wrap>\n"
             "</sqldiff>", true, &d);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.entries[0].version, " 1.2 ");   /* untrimmed */
    assert_string_equal(d.entries[0].sql, "SELECT 1 < 2; <&>Abold\n");
    assert_string_equal(d.entries[0].description, "two\n  lines");
    assert_int_equal(d.entries[0].line, 4);
    omrs_sqldiff_free(&d);
}

/* version and sql are the first descendants of that name, wherever they are. */
static void test_first_descendant(void **state)
{
    (void)state;
    omrs_sqldiff d;
    parse_ok("<sqldiff version=\"1.0\"><diff><meta><version>3</version></meta><version>4</version>"
             "<sql>first</sql><sql>second</sql><x:diff xmlns:x=\"urn:x\"><version>9</version></x:diff></diff></sqldiff>",
             true, &d);
    assert_int_equal(d.count, 1);   /* a prefixed x:diff is not a diff */
    assert_string_equal(d.entries[0].version, "3");
    assert_string_equal(d.entries[0].sql, "first");
    omrs_sqldiff_free(&d);
}

/* Starts a TCP listener on 127.0.0.1 and returns its port: a fetch of the DTD would connect. */
static int listen_local(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 4), 0);
    socklen_t n = sizeof a;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &n), 0);
    *port = ntohs(a.sin_port);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

static void test_http_dtd_not_fetched(void **state)
{
    (void)state;
    int port;
    int fd = listen_local(&port);
    char xml[512];
    snprintf(xml, sizeof xml,
             HEAD "<!DOCTYPE sqldiff SYSTEM \"http://127.0.0.1:%d/sqldiff-1.0.dtd\">\n"
             "<sqldiff version=\"1.0\"><diff><version>1</version><sql>a&fromdtd;b</sql></diff></sqldiff>",
             port);
    omrs_sqldiff d;
    parse_ok(xml, true, &d);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.entries[0].sql, "ab");   /* an entity only the DTD declares reads as empty */
    omrs_sqldiff_free(&d);
    int conn = accept(fd, NULL, NULL);
    assert_int_equal(conn, -1);   /* nobody connected */
    assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
    close(fd);
}

static void test_local_dtd_and_external_entities_not_loaded(void **state)
{
    (void)state;
    char dir[256];
    snprintf(dir, sizeof dir, "%s/sqldiff-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(dir));
    char dtd[300], secret[300];
    snprintf(dtd, sizeof dtd, "%s/d.dtd", dir);
    snprintf(secret, sizeof secret, "%s/secret.txt", dir);
    FILE *f = fopen(dtd, "w");
    assert_non_null(f);
    fputs("<!ATTLIST sqldiff version CDATA \"1.0\">\n<!ENTITY leak \"LEAKED\">\n", f);
    fclose(f);
    f = fopen(secret, "w");
    assert_non_null(f);
    fputs("SECRET", f);
    fclose(f);

    char xml[1024];
    omrs_sqldiff d;
    omrs_error err = {0};
    /* a default version from the DTD would make this root valid */
    snprintf(xml, sizeof xml, "<!DOCTYPE sqldiff SYSTEM \"file://%s\"><sqldiff><diff/></sqldiff>", dtd);
    assert_int_equal(parse(xml, true, &d, &err), -1);
    snprintf(xml, sizeof xml,
             "<!DOCTYPE sqldiff SYSTEM \"file://%s\" [\n<!ENTITY ext SYSTEM \"file://%s\">\n<!ENTITY inl \"inline\">\n]>\n"
             "<sqldiff version=\"1.0\"><diff><version>1</version><sql>[&ext;][&inl;][&leak;]</sql></diff></sqldiff>",
             dtd, secret);
    parse_ok(xml, true, &d);
    assert_string_equal(d.entries[0].sql, "[][inline][]");
    omrs_sqldiff_free(&d);

    unlink(dtd);
    unlink(secret);
    rmdir(dir);
}

/* ---- which diffs run ------------------------------------------------------ */

static void test_should_run(void **state)
{
    (void)state;
    omrs_sqldiff_entry e = {.version = "1.1", .sql = "UPDATE t SET a = 1"};
    assert_true(omrs_sqldiff_should_run(&e, NULL, true));
    assert_true(omrs_sqldiff_should_run(&e, "", true));
    assert_true(omrs_sqldiff_should_run(&e, "1.0", true));
    assert_true(omrs_sqldiff_should_run(&e, "1.0.9", false));
    assert_false(omrs_sqldiff_should_run(&e, "1.1", true));
    assert_false(omrs_sqldiff_should_run(&e, "1.1.0", true));
    assert_false(omrs_sqldiff_should_run(&e, "1.2", true));
    assert_false(omrs_sqldiff_should_run(&e, "1.10", false));

    omrs_sqldiff_entry release = {.version = "1.0", .sql = "x"};
    assert_true(omrs_sqldiff_should_run(&release, "1.0-SNAPSHOT", true));    /* 2.8.0+: 1.0 > 1.0-SNAPSHOT */
    assert_false(omrs_sqldiff_should_run(&release, "1.0-SNAPSHOT", false));  /* before: equal */
    omrs_sqldiff_entry snapshot = {.version = "1.0-SNAPSHOT", .sql = "x"};
    assert_false(omrs_sqldiff_should_run(&snapshot, "1.0", true));
    assert_false(omrs_sqldiff_should_run(&snapshot, "1.0", false));

    /* no text at all: never, not even on first install */
    const char *blank[] = {"", " \t\r\n", "\v\f\x1c\x1d\x1e\x1f"};
    for (size_t i = 0; i < 3; i++) {
        omrs_sqldiff_entry b = {.version = "9", .sql = (char *)blank[i]};
        assert_false(omrs_sqldiff_should_run(&b, NULL, true));
        assert_false(omrs_sqldiff_should_run(&b, "", false));
    }
    omrs_sqldiff_entry control = {.version = "9", .sql = "\x01"};   /* not Java whitespace */
    assert_true(omrs_sqldiff_should_run(&control, NULL, true));
}

static void test_empty_sql_skipped(void **state)
{
    (void)state;
    omrs_sqldiff d;
    parse_ok("<sqldiff version=\"1.0\"><diff><version>1</version><sql>\n\t </sql></diff>"
             "<diff><version>2</version><sql><!-- only a comment --></sql></diff>"
             "<diff><version>3</version></diff>"
             "<diff><version>4</version><sql>SELECT 1</sql></diff></sqldiff>", true, &d);
    assert_int_equal(d.count, 4);
    for (size_t i = 0; i < 3; i++)
        assert_false(omrs_sqldiff_should_run(&d.entries[i], NULL, true));
    assert_true(omrs_sqldiff_should_run(&d.entries[3], NULL, true));
    omrs_sqldiff_free(&d);
}

/* ---- splitting and routing ------------------------------------------------ */

static void split(const char *sql, omrs_sql_pieces *p)
{
    omrs_error err = {0};
    assert_int_equal(omrs_sqldiff_split(sql, p, &err), 0);
}

static void test_split_everywhere(void **state)
{
    (void)state;
    omrs_sql_pieces p;
    split("INSERT INTO t VALUES ('a;b');\n -- x; y\nUPDATE t SET a = 1;;  \n\t;\x01; \n", &p);
    const char *expect[] = {"INSERT INTO t VALUES ('a", "b')", "-- x", "y\nUPDATE t SET a = 1"};
    assert_int_equal(p.count, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(p.items[i].sql, expect[i]);
    omrs_sql_pieces_free(&p);

    split("", &p);
    assert_int_equal(p.count, 0);
    omrs_sql_pieces_free(&p);
    split(";;;", &p);
    assert_int_equal(p.count, 0);
    omrs_sql_pieces_free(&p);
    split(" SELECT 1 ", &p);   /* no ';' at all: one piece */
    assert_int_equal(p.count, 1);
    assert_string_equal(p.items[0].sql, "SELECT 1");
    omrs_sql_pieces_free(&p);
}

static void test_routing(void **state)
{
    (void)state;
    const struct {
        const char *sql;
        bool update, refused;
    } cases[] = {
        {"insert into t values (1)", true, false},
        {"UPDATE t SET a = 1", true, false},
        {"Delete from t", true, false},
        {"ALTER TABLE t ADD b int", true, false},
        {"DROP TABLE t", true, false},
        {"create index i on t (a)", true, false},
        {"RENAME TABLE a TO b", true, false},
        {"insertion_is_a_prefix", true, false},   /* a literal prefix test */
        {"-- c\nINSERT INTO t VALUES (1)", false, true},
        {"# c\nupdate t set a = 1", false, true},
        {"/* c */ /* d */\n DELETE FROM t", false, true},
        {"TRUNCATE t", false, true},
        {"truncate table t", false, true},
        {"(SELECT 1)", false, false},
        {"SELECT 1", false, false},
        {"SET @x = 1", false, false},
        {"REPLACE INTO t VALUES (1)", false, false},
        {"CALL p()", false, false},
        {"-- c\nSELECT 1", false, false},
        {"TRUNCATED_NAME", false, false},   /* whole word only */
        {"/* unterminated INSERT", false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        omrs_sql_pieces p;
        split(cases[i].sql, &p);
        assert_int_equal(p.count, 1);
        if (p.items[0].update != cases[i].update || p.items[0].query_refused != cases[i].refused)
            fail_msg("%s: update %d refused %d", cases[i].sql, p.items[0].update, p.items[0].query_refused);
        omrs_sql_pieces_free(&p);
    }
}

/* ---- lint ------------------------------------------------------------------ */

static omrs_strlist lint(const char *diffs)
{
    char xml[4096];
    snprintf(xml, sizeof xml, "<sqldiff version=\"1.0\">\n%s</sqldiff>\n", diffs);
    omrs_strlist findings = {0};
    omrs_error err = {0};
    if (omrs_sqldiff_lint(xml, strlen(xml), "t.xml", &findings, &err) != 0)
        fail_msg("%s", err.message);
    return findings;
}

/* One finding, equal to expect (or containing it when partial). */
static void expect_one(const char *diffs, const char *expect, bool partial)
{
    omrs_strlist f = lint(diffs);
    if (f.count != 1)
        fail_msg("%zu findings for %s (first: %s)", f.count, diffs, f.count ? f.items[0] : "-");
    if (partial ? !strstr(f.items[0], expect) : strcmp(f.items[0], expect) != 0)
        fail_msg("got \"%s\", expected \"%s\"", f.items[0], expect);
    omrs_strlist_free(&f);
}

static void test_lint_clean(void **state)
{
    (void)state;
    omrs_strlist f = lint("<diff><version>1.0</version><sql>CREATE TABLE event (a int, `begin` int);\n"
                          "INSERT INTO t VALUES ('it''s', \"x\\\"y\", 'a\\'b'); -- done\n"
                          "SET @x = 1; SELECT 1; # end\n/* note */</sql></diff>\n"
                          "<diff><version>1.0.1</version><sql>CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW "
                          "SET NEW.a = 0;</sql></diff>\n");
    if (f.count)
        fail_msg("unexpected: %s", f.items[0]);
    omrs_strlist_free(&f);
}

static void test_lint_versions(void **state)
{
    (void)state;
    expect_one("<diff><version>1.0</version><sql>x</sql></diff>\n<diff><version>2.0</version><sql>x</sql></diff>\n"
               "<diff><version> 1.5 </version><sql>x</sql></diff>\n",
               "t.xml:4: diff 1.5: versions not increasing: 1.5 after 2.0 (line 3); OpenMRS runs the diffs in version "
               "order, not in file order", false);
    expect_one("<diff><version>1.1</version><sql>x</sql></diff>\n<diff><version>1.1.0</version><sql>y</sql></diff>\n",
               "t.xml:3: diff 1.1.0: duplicate version: compares equal to diff 1.1 (line 2); its SQL replaces the "
               "earlier one and only one of them runs", false);
    expect_one("<diff><version>1.2.3a</version><sql>x</sql></diff>\n",
               "t.xml:2: diff 1.2.3a: version \"1.2.3a\" has a piece that is not a number, which OpenMRS reads as 0: "
               "it compares as 1.2.0", false);
    expect_one("<diff><version>v1. 2 .99999999999999999999.</version><sql>x</sql></diff>\n", "compares as 0.2.0", true);
    expect_one("<diff><version>1..2-beta</version><sql>x</sql></diff>\n", "compares as 1.0.2", true);
    expect_one("<diff><sql>x</sql></diff>\n",
               "t.xml:2: diff (no version): no <version>: OpenMRS keys it \"\", which sorts before every other version",
               false);
    expect_one("<diff><version> </version><sql>x</sql></diff>\n", "diff (no version): empty <version>", true);

    /* a snapshot after its release: earlier on 2.8.0+, the same version before */
    omrs_strlist f = lint("<diff><version>1.0</version><sql>x</sql></diff>\n"
                          "<diff><version>1.0-SNAPSHOT</version><sql>y</sql></diff>\n");
    assert_int_equal(f.count, 2);
    assert_non_null(strstr(f.items[0], "t.xml:3: diff 1.0-SNAPSHOT: versions not increasing: 1.0-SNAPSHOT after 1.0"));
    assert_non_null(strstr(f.items[1], "duplicate version: compares equal to diff 1.0 (line 2) on OpenMRS before 2.8.0"));
    omrs_strlist_free(&f);
}

static void test_lint_missing_sql(void **state)
{
    (void)state;
    expect_one("<diff><version>1</version></diff>\n", "t.xml:2: diff 1: no <sql>: it never runs", false);
    expect_one("<diff><version>1</version><sql> \n </sql></diff>\n", "t.xml:2: diff 1: <sql> is empty: it never runs",
               false);
}

static void test_lint_semicolon_in_quotes_and_comments(void **state)
{
    (void)state;
    expect_one("<diff><version>1</version><sql>INSERT INTO t VALUES ('a;b');</sql></diff>\n",
               "t.xml:2: diff 1: ';' inside a single-quoted string (after \"INSERT INTO t VALUES ('a\"): OpenMRS splits "
               "the statement there", false);
    expect_one("<diff><version>1</version><sql>INSERT INTO t VALUES (\"a;b\");</sql></diff>\n",
               "';' inside a double-quoted string", true);
    expect_one("<diff><version>1</version><sql>CREATE TABLE `a;b` (c int);</sql></diff>\n",
               "';' inside a backquoted identifier (after \"CREATE TABLE `a\")", true);
    expect_one("<diff><version>1</version><sql>UPDATE t SET a = 1; -- fix; later\n</sql></diff>\n",
               "';' inside a comment (after \"-- fix\")", true);
    expect_one("<diff><version>1</version><sql>UPDATE t SET a = 1 # why; because\n;</sql></diff>\n",
               "';' inside a comment (after \"UPDATE t SET a = 1 # why\")", true);
    expect_one("<diff><version>1</version><sql>UPDATE t SET a = 1 /* one; two; three */;</sql></diff>\n",
               "';' inside a comment", true);
    /* the quote shows where the cut falls, long statements from their end */
    expect_one("<diff><version>1</version><sql>INSERT INTO a_rather_long_table_name (a, b, c) VALUES\n\n ('x;y');"
               "</sql></diff>\n",
               "(after \"...her_long_table_name (a, b, c) VALUES ('x\")", true);
}

static void test_lint_routine_body(void **state)
{
    (void)state;
    const char *body = "';' inside a CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT body (BEGIN ... END)";
    expect_one("<diff><version>1</version><sql>CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END;</sql></diff>\n", body,
               true);
    expect_one("<diff><version>1</version><sql>CREATE DEFINER=`root`@`localhost` FUNCTION f() RETURNS int "
               "BEGIN RETURN 1; END</sql></diff>\n",
               body, true);
    /* END IF and a CASE expression close no block; the statement after the body is clean again */
    omrs_strlist f = lint("<diff><version>1</version><sql>\n"
                          "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
                          "  IF NEW.a IS NULL THEN SET NEW.a = CASE WHEN 1 THEN 0 END; END IF;\n"
                          "END;\n"
                          "INSERT INTO x VALUES ('a;b');\n"
                          "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO lbl: BEGIN DELETE FROM x; END lbl;\n"
                          "</sql></diff>\n");
    assert_int_equal(f.count, 3);
    assert_non_null(strstr(f.items[0], body));
    assert_non_null(strstr(f.items[0], "(after \"... THEN SET NEW.a = CASE WHEN 1 THEN 0 END\")"));
    assert_non_null(strstr(f.items[1], "';' inside a single-quoted string (after \"INSERT INTO x VALUES ('a\")"));
    assert_non_null(strstr(f.items[2], body));
    omrs_strlist_free(&f);
    /* the usual DELIMITER form: the routine after the DELIMITER line is recognised */
    expect_one("<diff><version>1</version><sql>DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\n"
               "DELIMITER ;</sql></diff>\n", body, true);
}

static void test_lint_query_refused(void **state)
{
    (void)state;
    expect_one("<diff><version>1</version><sql>-- add a row\nINSERT INTO t VALUES (1);</sql></diff>\n",
               "t.xml:2: diff 1: statement 1 (\"-- add a row INSERT INTO t VALUES (1)\"): OpenMRS sends it with "
               "executeQuery, which MySQL Connector/J refuses: the module fails to start here", false);
    expect_one("<diff><version>1</version><sql>DELETE FROM a; TRUNCATE some_table_with_a_really_long_name_here;"
               "</sql></diff>\n",
               "statement 2 (\"TRUNCATE some_table_with_a_really_long_n...\")", true);
    omrs_strlist f = lint("<diff><version>1</version><sql>SET @x = 1; SELECT 1; REPLACE INTO t VALUES (1);</sql></diff>\n");
    assert_int_equal(f.count, 0);
    omrs_strlist_free(&f);
}

static void test_lint_errors_and_order(void **state)
{
    (void)state;
    omrs_strlist f = {0};
    omrs_error err = {0};
    const char *bad = "<sqldiff version=\"1.0\"><diff>";
    assert_int_equal(omrs_sqldiff_lint(bad, strlen(bad), "t.xml", &f, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_PARSE);
    assert_int_equal(f.count, 0);
    bad = "<sqldiff version=\"2.0\"/>";
    assert_int_equal(omrs_sqldiff_lint(bad, strlen(bad), "t.xml", &f, &err), -1);
    assert_non_null(strstr(err.message, "Invalid config version"));

    /* findings come in file order, one diff after the other, appended to what is there */
    assert_int_equal(omrs_strlist_push(&f, "kept", 4), 0);
    const char *xml = "<sqldiff version=\"1.0\">\n<diff><version>2</version></diff>\n"
                      "<diff><version>1</version><sql>TRUNCATE t</sql></diff>\n</sqldiff>";
    assert_int_equal(omrs_sqldiff_lint(xml, strlen(xml), "t.xml", &f, &err), 0);
    assert_int_equal(f.count, 4);
    assert_string_equal(f.items[0], "kept");
    assert_non_null(strstr(f.items[1], "t.xml:2: diff 2: no <sql>"));
    assert_non_null(strstr(f.items[2], "t.xml:3: diff 1: versions not increasing"));
    assert_non_null(strstr(f.items[3], "t.xml:3: diff 1: statement 1 (\"TRUNCATE t\")"));
    omrs_strlist_free(&f);
}

static void test_lint_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        size_t len;
        char *data = read_fixture(fixtures[i].path, &len);
        omrs_strlist f = {0};
        omrs_error err = {0};
        if (omrs_sqldiff_lint(data, len, fixtures[i].path, &f, &err) != 0)
            fail_msg("%s", err.message);
        omrs_strlist_free(&f);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_parse),
        cmocka_unit_test(test_fixture_details),
        cmocka_unit_test(test_config_version_must_be_exactly_1_0),
        cmocka_unit_test(test_malformed_xml),
        cmocka_unit_test(test_equal_versions_collapse),
        cmocka_unit_test(test_sorted_not_file_order),
        cmocka_unit_test(test_missing_elements),
        cmocka_unit_test(test_text_content),
        cmocka_unit_test(test_first_descendant),
        cmocka_unit_test(test_http_dtd_not_fetched),
        cmocka_unit_test(test_local_dtd_and_external_entities_not_loaded),
        cmocka_unit_test(test_should_run),
        cmocka_unit_test(test_empty_sql_skipped),
        cmocka_unit_test(test_split_everywhere),
        cmocka_unit_test(test_routing),
        cmocka_unit_test(test_lint_clean),
        cmocka_unit_test(test_lint_versions),
        cmocka_unit_test(test_lint_missing_sql),
        cmocka_unit_test(test_lint_semicolon_in_quotes_and_comments),
        cmocka_unit_test(test_lint_routine_body),
        cmocka_unit_test(test_lint_query_refused),
        cmocka_unit_test(test_lint_errors_and_order),
        cmocka_unit_test(test_lint_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
