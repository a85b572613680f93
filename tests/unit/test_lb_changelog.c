/* The changelog loader: FILENAME rules, include/includeAll, properties, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "changelog.h"
#include "resources.h"

#define HEAD "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\""

static char base[256];

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", base, rel);
    for (char *p = path + strlen(base) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(base, sizeof base, "%s/lbcl-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(base) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    return system(cmd) == 0 ? 0 : -1;
}

static int load(const char *root, lb_changelog *cl, omrs_error *err)
{
    lb_resources *r;
    assert_int_equal(lb_resources_open_dir(base, &r, err), 0);
    int rc = lb_changelog_load(r, root, "mysql", cl, err);
    lb_resources_free(r);
    return rc;
}

static void test_normalize_path(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"classpath:org/x.xml", "org/x.xml"}, {"/a//b/./c.xml", "a/b/c.xml"}, {"a\\b\\c.xml", "a/b/c.xml"},
        {"C:/x/y.xml", "x/y.xml"}, {"a/b/../c.xml", "a/c.xml"}, {"liquibase.xml", "liquibase.xml"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *n = lb_normalize_path(cases[i][0]);
        assert_string_equal(n, cases[i][1]);
        free(n);
    }
    assert_null(lb_normalize_path("../outside.xml"));
}

static void test_filenames_and_includes(void **state)
{
    (void)state;
    put("root.xml", HEAD ">\n"
        "  <changeSet id=\"r1\" author=\"a\"/>\n"
        "  <include file=\"org/sub/one.xml\"/>\n"
        "  <include file=\"two.xml\" relativeToChangelogFile=\"true\"/>\n"
        "  <changeSet id=\"r2\" author=\"a\" logicalFilePath=\"/own/path.xml\"/>\n"
        "</databaseChangeLog>\n");
    put("org/sub/one.xml", HEAD " logicalFilePath=\"liquibase-update-to-latest.xml\">\n"
        "  <changeSet id=\"o1\" author=\"b\" runAlways=\"TRUE\" failOnError=\"false\" dbms=\"mysql\"/>\n"
        "  <include file=\"three.xml\" relativeToChangelogFile=\"true\"/>\n"
        "</databaseChangeLog>\n");
    put("org/sub/three.xml", HEAD "><changeSet id=\"t1\" author=\"c\" context=\"core\"/></databaseChangeLog>\n");
    put("two.xml", HEAD "><changeSet id=\"w1\" author=\"d\"><validCheckSum> 8:abc <comment>x</comment></validCheckSum>"
        "<validCheckSum>ANY</validCheckSum></changeSet></databaseChangeLog>\n");
    lb_changelog cl;
    omrs_error err = {0};
    assert_int_equal(load("root.xml", &cl, &err), 0);
    assert_int_equal(cl.count, 5);
    const char *expect[][3] = {
        {"r1", "root.xml", "root.xml"},
        {"o1", "liquibase-update-to-latest.xml", "org/sub/one.xml"},
        {"t1", "org/sub/three.xml", "org/sub/three.xml"},
        {"w1", "two.xml", "two.xml"},
        {"r2", "own/path.xml", "root.xml"},
    };
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(cl.changesets[i].id, expect[i][0]);
        assert_string_equal(cl.changesets[i].filename, expect[i][1]);
        assert_string_equal(cl.changesets[i].source, expect[i][2]);
    }
    assert_true(cl.changesets[1].run_always);
    assert_false(cl.changesets[1].fail_on_error);
    assert_string_equal(cl.changesets[1].dbms, "mysql");
    assert_true(cl.changesets[0].fail_on_error);
    assert_true(cl.changesets[0].run_in_transaction);
    assert_string_equal(cl.changesets[2].contexts, "core");
    assert_int_equal(cl.changesets[3].valid_checksum_count, 2);
    assert_string_equal(cl.changesets[3].valid_checksums[0], "8:abc");
    assert_string_equal(cl.changesets[3].valid_checksums[1], "ANY");
    assert_int_equal(cl.changesets[4].line, 5);
    lb_changelog_free(&cl);
}

static void test_include_all_sorted_recursive(void **state)
{
    (void)state;
    put("all.xml", HEAD "><includeAll path=\"dir\"/></databaseChangeLog>\n");
    put("dir/b.xml", HEAD "><changeSet id=\"b\" author=\"x\"/></databaseChangeLog>\n");
    put("dir/a.xml", HEAD "><changeSet id=\"a\" author=\"x\"/></databaseChangeLog>\n");
    put("dir/sub/c.xml", HEAD "><changeSet id=\"c\" author=\"x\"/></databaseChangeLog>\n");
    lb_changelog cl;
    omrs_error err = {0};
    assert_int_equal(load("all.xml", &cl, &err), 0);
    assert_int_equal(cl.count, 3);
    assert_string_equal(cl.changesets[0].filename, "dir/a.xml");
    assert_string_equal(cl.changesets[1].filename, "dir/b.xml");
    assert_string_equal(cl.changesets[2].filename, "dir/sub/c.xml");
    lb_changelog_free(&cl);
}

static void test_properties(void **state)
{
    (void)state;
    put("props.xml", HEAD ">\n"
        "  <property name=\"table\" value=\"person\"/>\n"
        "  <property name=\"uuid\" value=\"UUID()\" dbms=\"mysql\"/>\n"
        "  <property name=\"uuid\" value=\"gen_random_uuid()\" dbms=\"postgresql\"/>\n"
        "  <changeSet id=\"${table}-1\" author=\"a\"><sql>SELECT ${uuid} FROM ${table} ${unknown}</sql></changeSet>\n"
        "</databaseChangeLog>\n");
    lb_changelog cl;
    omrs_error err = {0};
    assert_int_equal(load("props.xml", &cl, &err), 0);
    assert_string_equal(cl.changesets[0].id, "person-1");
    xmlChar *sql = xmlNodeGetContent(cl.changesets[0].node);
    assert_string_equal((char *)sql, "SELECT UUID() FROM person ${unknown}");
    xmlFree(sql);
    lb_changelog_free(&cl);
}

static void expect_error(const char *root, const char *message)
{
    lb_changelog cl;
    omrs_error err = {0};
    assert_int_equal(load(root, &cl, &err), -1);
    if (!strstr(err.message, message))
        fail_msg("'%s' does not contain '%s'", err.message, message);
}

static void test_errors(void **state)
{
    (void)state;
    put("cycle.xml", HEAD "><include file=\"cycle2.xml\"/></databaseChangeLog>\n");
    put("cycle2.xml", HEAD "><include file=\"cycle.xml\"/></databaseChangeLog>\n");
    expect_error("cycle.xml", "cycle.xml includes itself (through cycle2.xml)");
    put("notlb.xml", "<project/>\n");
    expect_error("notlb.xml", "notlb.xml: not a Liquibase changelog (root element <project>)");
    put("empty.xml", HEAD "><includeAll path=\"nothing\"/></databaseChangeLog>\n");
    mkdir(strcat(strcpy((char[300]){0}, base), "/nothing"), 0755);
    expect_error("empty.xml", "empty.xml:1: includeAll found no changelogs");
    put("noauthor.xml", HEAD ">\n<changeSet id=\"x\"/></databaseChangeLog>\n");
    expect_error("noauthor.xml", "noauthor.xml:2: changeSet x has no author");
    put("optional.xml", HEAD "><include file=\"gone.xml\" errorIfMissing=\"false\"/></databaseChangeLog>\n");
    lb_changelog cl;
    omrs_error err = {0};
    assert_int_equal(load("optional.xml", &cl, &err), 0);
    assert_int_equal(cl.count, 0);
    lb_changelog_free(&cl);
    expect_error("../up.xml", "climbs above the search path");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_path),
        cmocka_unit_test_setup_teardown(test_filenames_and_includes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_include_all_sorted_recursive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_properties, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests_name("lb_changelog", tests, NULL, NULL);
}
