/* Unit tests for the payload reader: the shapes of shared/reference/sync-module.md section 4
 * (the real row of record 11 of the module's SyncRecords.xml, collection keys, DELETED
 * items), libxml2's pretty printing, malformed XML reported with its line, and empty
 * payloads. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "sync/payload.h"

/* Record 11 of T:SyncRecords.xml as section 4 gives it, on one line (the module drops line breaks). */
static const char privilege_row[] =
    "<items><SyncItem containedType=\"org.openmrs.Privilege\" key=\"26c4d26e-4e5d-4dbd-b04e-58c07fcea08c\" "
    "state=\"NEW\"><content><![CDATA[<org.openmrs.Privilege><privilege type=\"java.lang.String\">new parent "
    "privilege</privilege><uuid type=\"string\">26c4d26e-4e5d-4dbd-b04e-58c07fcea08c</uuid><description "
    "type=\"string\">asdf</description></org.openmrs.Privilege>]]></content></SyncItem></items>";

/* An entity, a collection change (key "<owner uuid>|<property>") and a deletion. */
static const char three_items[] =
    "<items>"
    "<SyncItem containedType=\"org.openmrs.Person\" key=\"759e323a-ab38-4262-bd65-7ed4a4c60003\" state=\"NEW\">"
    "<content><![CDATA[<org.openmrs.Person><uuid type=\"string\">759e323a-ab38-4262-bd65-7ed4a4c60003</uuid>"
    "</org.openmrs.Person>]]></content></SyncItem>"
    "<SyncItem containedType=\"org.hibernate.collection.internal.PersistentSortedSet\" "
    "key=\"759e323a-ab38-4262-bd65-7ed4a4c60003|names\" state=\"UPDATED\"><content><![CDATA["
    "<org.hibernate.collection.internal.PersistentSortedSet><owner action=\"recreate\" properyName=\"names\" "
    "type=\"org.openmrs.Person\" uuid=\"759e323a-ab38-4262-bd65-7ed4a4c60003\"/>"
    "</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem>"
    "<SyncItem containedType=\"org.openmrs.Obs\" key=\"0b5c1a2e-7f64-4f1c-9a55-3c1f0e4c2d11\" state=\"DELETED\">"
    "<content><![CDATA[<org.openmrs.Obs><uuid type=\"string\">0b5c1a2e-7f64-4f1c-9a55-3c1f0e4c2d11</uuid>"
    "</org.openmrs.Obs>]]></content></SyncItem>"
    "</items>";

static void parse_ok(const char *text, omrs_sync_payload *p)
{
    omrs_error err = {0};
    if (omrs_sync_payload_parse(text, strlen(text), p, &err) != 0)
        fail_msg("parse failed: %s", err.message);
}

static void expect_item(const omrs_sync_item *it, const char *cls, const char *uuid, const char *property,
                        const char *action)
{
    assert_string_equal(it->entity_class, cls);
    assert_string_equal(it->uuid, uuid);
    if (property)
        assert_string_equal(it->property, property);
    else
        assert_null(it->property);
    assert_string_equal(it->action, action);
}

static void test_reference_row(void **state)
{
    (void)state;
    omrs_sync_payload p;
    parse_ok(privilege_row, &p);
    assert_int_equal(p.count, 1);
    expect_item(&p.items[0], "org.openmrs.Privilege", "26c4d26e-4e5d-4dbd-b04e-58c07fcea08c", NULL, "NEW");
    omrs_sync_payload_free(&p);
}

static void test_entity_collection_and_deletion(void **state)
{
    (void)state;
    omrs_sync_payload p;
    parse_ok(three_items, &p);
    assert_int_equal(p.count, 3);
    expect_item(&p.items[0], "org.openmrs.Person", "759e323a-ab38-4262-bd65-7ed4a4c60003", NULL, "NEW");
    expect_item(&p.items[1], "org.hibernate.collection.internal.PersistentSortedSet",
                "759e323a-ab38-4262-bd65-7ed4a4c60003", "names", "UPDATED");
    expect_item(&p.items[2], "org.openmrs.Obs", "0b5c1a2e-7f64-4f1c-9a55-3c1f0e4c2d11", NULL, "DELETED");
    omrs_sync_payload_free(&p);
}

/* Missing attributes are NULL; elements other than SyncItem are no items. */
static void test_missing_attributes(void **state)
{
    (void)state;
    omrs_sync_payload p;
    parse_ok("<items><SyncItem state=\"NEW\"><content/></SyncItem><note/></items>", &p);
    assert_int_equal(p.count, 1);
    assert_null(p.items[0].entity_class);
    assert_null(p.items[0].uuid);
    assert_string_equal(p.items[0].action, "NEW");
    omrs_sync_payload_free(&p);
}

/* libxml2 indents the elements, keeps the CDATA as it is and writes no XML declaration. */
static void test_pretty_print(void **state)
{
    (void)state;
    omrs_sync_payload p;
    parse_ok(privilege_row, &p);
    const char *expected =
        "<items>\n"
        "  <SyncItem containedType=\"org.openmrs.Privilege\" key=\"26c4d26e-4e5d-4dbd-b04e-58c07fcea08c\" state=\"NEW\">\n"
        "    <content><![CDATA[<org.openmrs.Privilege><privilege type=\"java.lang.String\">new parent privilege"
        "</privilege><uuid type=\"string\">26c4d26e-4e5d-4dbd-b04e-58c07fcea08c</uuid><description "
        "type=\"string\">asdf</description></org.openmrs.Privilege>]]></content>\n"
        "  </SyncItem>\n"
        "</items>\n";
    assert_string_equal(p.pretty, expected);
    omrs_sync_payload_free(&p);
}

/* Blanks between elements (a payload saved by hand) do not stop the indentation. */
static void test_pretty_print_reindents(void **state)
{
    (void)state;
    omrs_sync_payload p;
    parse_ok("<items>\n   <SyncItem key=\"k\" state=\"NEW\">  <content/>\n</SyncItem>\n</items>", &p);
    assert_string_equal(p.pretty, "<items>\n  <SyncItem key=\"k\" state=\"NEW\">\n    <content/>\n  </SyncItem>\n</items>\n");
    omrs_sync_payload_free(&p);
}

static void expect_parse_error(const char *text, const char *fragment)
{
    omrs_sync_payload p;
    omrs_error err = {0};
    assert_int_equal(omrs_sync_payload_parse(text, strlen(text), &p, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_PARSE);
    if (!strstr(err.message, fragment))
        fail_msg("error '%s' lacks '%s'", err.message, fragment);
    assert_int_equal(p.count, 0);
    assert_null(p.items);
    assert_null(p.pretty);
}

static void test_malformed(void **state)
{
    (void)state;
    /* cut short, as a truncated LONGTEXT copy would be */
    expect_parse_error("<items><SyncItem containedType=\"org.openmrs.Obs\" key=\"k\" state=\"NEW\"><content>",
                       "payload:1: not well-formed XML: ");
    /* the error names the line libxml2 stopped on */
    expect_parse_error("<items>\n<SyncItem key=\"a\" state=\"NEW\">\n</Syncitem>\n</items>", "payload:3: ");
    expect_parse_error("<items><SyncItem key=\"a\" state=\"NEW\"></SyncItem></items>trailing", "payload:1: ");
    expect_parse_error("not xml at all", "payload:1: not well-formed XML: Start tag expected");
}

static void test_wrong_root(void **state)
{
    (void)state;
    expect_parse_error("<SyncRecord uuid=\"x\"><items/></SyncRecord>", "the root element is <SyncRecord>, not <items>");
}

/* No entity is expanded and nothing is fetched: an external entity stays unread. */
static void test_no_external_entities(void **state)
{
    (void)state;
    omrs_sync_payload p;
    parse_ok("<!DOCTYPE items [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><items><SyncItem key=\"k\" state=\"NEW\">"
             "<content>&x;</content></SyncItem></items>", &p);
    assert_int_equal(p.count, 1);
    assert_null(strstr(p.pretty, "root:"));
    assert_non_null(strstr(p.pretty, "<content>&x;</content>"));
    omrs_sync_payload_free(&p);
}

static void test_empty(void **state)
{
    (void)state;
    omrs_sync_payload p;
    omrs_error err = {0};
    assert_int_equal(omrs_sync_payload_parse("", 0, &p, &err), 0);
    assert_int_equal(p.count, 0);
    assert_null(p.pretty);
    assert_int_equal(omrs_sync_payload_parse(" \n\t", 3, &p, &err), 0);
    assert_int_equal(p.count, 0);
    assert_int_equal(omrs_sync_payload_parse(NULL, 0, &p, &err), 0);
    assert_null(p.items);
    omrs_sync_payload_free(&p);
    parse_ok("<items/>", &p);
    assert_int_equal(p.count, 0);
    assert_string_equal(p.pretty, "<items/>\n");
    omrs_sync_payload_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_row),
        cmocka_unit_test(test_entity_collection_and_deletion),
        cmocka_unit_test(test_missing_attributes),
        cmocka_unit_test(test_pretty_print),
        cmocka_unit_test(test_pretty_print_reindents),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_wrong_root),
        cmocka_unit_test(test_no_external_entities),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
