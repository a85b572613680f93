/* Liquibase checksums (v8 = 3.10.3, v9 = 4.28.0), DESCRIPTION and COMMENTS: reference 2.8's
 * worked examples, one real changeSet per change type with the values real Liquibase wrote
 * (copied from shared/fixtures/oracle), dbms matching, modifySql filtering, the SQL
 * whitespace rules, limitSize, errors, and whole oracle files (needs OMRS_SHARED). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lb_testutil.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "dbms.h"
#include "description.h"
#include "serialize.h"
#include "strutil.h"


/* ---- helpers ---- */

static void checksum_of(xmlNodePtr cs, int version, const char *dbms, char out[LB_CHECKSUM_SIZE])
{
    omrs_error err = {0};
    if (lb_changeset_checksum(cs, version, dbms, out, &err) != 0)
        fail_msg("checksum v%d failed: %s", version, err.message);
}

static void expect_changeset(const char *what, const char *xml, const char *v9, const char *v8, const char *desc)
{
    xmlNodePtr cs;
    xmlDocPtr doc = lbt_parse_changeset(xml, &cs);
    char got[LB_CHECKSUM_SIZE];
    omrs_error err = {0};
    if (v9) {
        checksum_of(cs, 9, "mysql", got);
        if (strcmp(got, v9) != 0)
            fail_msg("%s: v9 %s, expected %s", what, got, v9);
    }
    if (v8) {
        checksum_of(cs, 8, "mysql", got);
        if (strcmp(got, v8) != 0)
            fail_msg("%s: v8 %s, expected %s", what, got, v8);
    }
    if (desc) {
        char *d = NULL;
        assert_int_equal(lb_changeset_description(cs, &d, &err), 0);
        if (strcmp(d, desc) != 0)
            fail_msg("%s: description \"%s\", expected \"%s\"", what, d, desc);
        free(d);
    }
    xmlFreeDoc(doc);
}

/* The serializer text of the changeSet's first change (caller frees). */
static char *serialized(const char *changeset_xml, int version)
{
    xmlNodePtr cs;
    xmlDocPtr doc = lbt_parse_changeset(changeset_xml, &cs);
    xmlNodePtr change = cs->children;
    while (change && (change->type != XML_ELEMENT_NODE || lb_is_changeset_meta((const char *)change->name)))
        change = change->next;
    assert_non_null(change);
    const lb_change_type *t = lb_change_type_find((const char *)change->name);
    assert_non_null(t);
    omrs_buf b = {0};
    omrs_error err = {0};
    int rc = t->kind == LB_CK_CUSTOM ? lb_serialize_custom_change(change, &b, &err)
                                     : lb_serialize_change(change, t, version, &b, &err);
    if (rc != 0)
        fail_msg("serialize failed: %s", err.message);
    xmlFreeDoc(doc);
    return b.data;
}

static char *changeset_comments(const char *xml)
{
    xmlNodePtr cs;
    xmlDocPtr doc = lbt_parse_changeset(xml, &cs);
    char *c = NULL;
    omrs_error err = {0};
    assert_int_equal(lb_changeset_comments(cs, &c, &err), 0);
    xmlFreeDoc(doc);
    return c;
}

static char *changeset_description(const char *xml)
{
    xmlNodePtr cs;
    xmlDocPtr doc = lbt_parse_changeset(xml, &cs);
    char *d = NULL;
    omrs_error err = {0};
    if (lb_changeset_description(cs, &d, &err) != 0)
        fail_msg("description failed: %s", err.message);
    xmlFreeDoc(doc);
    return d;
}

/* MD5 of a string as Liquibase prints a checksum, for expectations built in the test. */
static void md5_of(const char *text, int version, char out[LB_CHECKSUM_SIZE])
{
    omrs_error err = {0};
    assert_int_equal(lb_checksum_of_string(text, version, out, &err), 0);
}

/* A changeSet whose only change has change checksum `change_sum` has the checksum
 * MD5(change_sum + ":"). */
static void changeset_from_change(const char *change_sum, int version, char out[LB_CHECKSUM_SIZE])
{
    char acc[LB_CHECKSUM_SIZE + 1];
    snprintf(acc, sizeof acc, "%s:", change_sum);
    md5_of(acc, version, out);
}

/* ---- reference 2.8: worked examples (values confirmed by the oracle) ---- */

/* ex1_create_table: changeSet 1644357630219-4 of liquibase-schema-only-2.5.x.xml */
static const char EX1_CREATE_TABLE[] =
    "  <changeSet author=\"danielkayiwa (generated)\" id=\"1644357630219-4\"> \n"
    "    <createTable tableName=\"clob_datatype_storage\"> \n"
    "      <column autoIncrement=\"true\" name=\"id\" type=\"INT\"> \n"
    "        <constraints nullable=\"false\" primaryKey=\"true\"/> \n"
    "      </column>  \n"
    "      <column name=\"uuid\" type=\"CHAR(38)\"> \n"
    "        <constraints nullable=\"false\"/> \n"
    "      </column>  \n"
    "      <column name=\"value\" type=\"CLOB\"> \n"
    "        <constraints nullable=\"false\"/> \n"
    "      </column> \n"
    "    </createTable> \n"
    "  </changeSet>";
/* oracle: 9:967b1e68933bce5118dd5368776ab169 8:9d0d3bc5a01e33bb63c214613b50821b createTable tableName=clob_datatype_storage */
/* ex2_add_foreign_key: changeSet 1644357630219-1078 of liquibase-schema-only-2.5.x.xml */
static const char EX2_ADD_FOREIGN_KEY[] =
    "  <changeSet author=\"danielkayiwa (generated)\" id=\"1644357630219-1078\"> \n"
    "    <addForeignKeyConstraint baseColumnNames=\"changed_by\" baseTableName=\"program_workflow\" constraintName=\"workflow_changed_by\" deferrable=\"false\" initiallyDeferred=\"false\" onDelete=\"RESTRICT\" onUpdate=\"RESTRICT\" referencedColumnNames=\"user_id\" referencedTableName=\"users\" validate=\"true\"/> \n"
    "  </changeSet>";
/* oracle: 9:8d32ba48d3f675e951d2214546c61b79 8:eec82397d9dfa7cf4d937440ae0f0405 addForeignKeyConstraint baseTableName=program_workflow, constraintName=workflow_changed_by, referencedTableName=users */
/* ex3_insert: changeSet 1644357753728-8 of liquibase-core-data-2.5.x.xml */
static const char EX3_INSERT[] =
    "  <changeSet author=\"danielkayiwa (generated)\" id=\"1644357753728-8\"> \n"
    "    <insert tableName=\"encounter_role\"> \n"
    "      <column name=\"encounter_role_id\" valueNumeric=\"1\"/>  \n"
    "      <column name=\"name\" value=\"Unknown\"/>  \n"
    "      <column name=\"description\" value=\"Unknown encounter role for legacy providers with no encounter role set\"/>  \n"
    "      <column name=\"creator\" valueNumeric=\"1\"/>  \n"
    "      <column name=\"date_created\" value=\"2011-08-18T14:00\"/>  \n"
    "      <column name=\"changed_by\"/>  \n"
    "      <column name=\"date_changed\"/>  \n"
    "      <column name=\"retired\" valueBoolean=\"false\"/>  \n"
    "      <column name=\"retired_by\"/>  \n"
    "      <column name=\"date_retired\"/>  \n"
    "      <column name=\"retire_reason\"/>  \n"
    "      <column name=\"uuid\" value=\"a0b03050-c99b-11e0-9572-0800200c9a66\"/> \n"
    "    </insert> \n"
    "  </changeSet>";
/* oracle: 9:6f2b62d1e91baa5fe1d45dca5f970544 8:157ab8bd3f2b4df2166ed867fd0c20e3 insert tableName=encounter_role */
/* ex3_index_unique: changeSet 1644357630219-116 of liquibase-schema-only-2.5.x.xml */
static const char EX3_INDEX_UNIQUE[] =
    "  <changeSet author=\"danielkayiwa (generated)\" id=\"1644357630219-116\"> \n"
    "    <createIndex indexName=\"Unique_StopWord_Key\" tableName=\"concept_stop_word\" unique=\"true\"> \n"
    "      <column name=\"word\"/>  \n"
    "      <column name=\"locale\"/> \n"
    "    </createIndex> \n"
    "  </changeSet>";
/* oracle: 9:ba35c54fea24d2370fe5a291e39a62b7 8:785fa875154432f6a14919abbf246e4e createIndex indexName=Unique_StopWord_Key, tableName=concept_stop_word */
/* ex3_index: changeSet 1644357630219-117 of liquibase-schema-only-2.5.x.xml */
static const char EX3_INDEX[] =
    "  <changeSet author=\"danielkayiwa (generated)\" id=\"1644357630219-117\"> \n"
    "    <createIndex indexName=\"address_for_person\" tableName=\"person_address\"> \n"
    "      <column name=\"person_id\"/> \n"
    "    </createIndex> \n"
    "  </changeSet>";
/* oracle: 9:b03144312af9deae2936b53f53408e97 8:b333d65cbce8404063a1a9c49de4448f createIndex indexName=address_for_person, tableName=person_address */
/* ex4_update_delete: changeSet 20100607-1550f of liquibase-update-to-latest-2.0.x.xml */
static const char EX4_UPDATE_DELETE[] =
    "\t<changeSet id=\"20100607-1550f\" author=\"wyclif\">\n"
    "\t\t<validCheckSum><comment>After changing to boolean</comment>3:b57c0f651ed477457fd16e503eaf51a4</validCheckSum>\n"
    "\t\t<validCheckSum>3:002108aacdf55731f4fd472d5308c5c8</validCheckSum>\n"
    "        <validCheckSum>3:6a72bbb390155596e52da4e8d065d1a2</validCheckSum>\n"
    "        <validCheckSum><comment>Account for trailing whitespace</comment>9:f41906e41efde3f7473abaa52fa161dc</validCheckSum>\n"
    "        <validCheckSum><comment>Fixing TRUNK-4040</comment>3:74026cd4543ebbf561999a81c276224d</validCheckSum>\n"
    "\t\t<preConditions onFail=\"MARK_RAN\">\n"
    "\t\t\t<not>\n"
    "\t\t\t\t<sqlCheck expectedResult=\"0\">\n"
    "\t\t\t\t\tSELECT count(*) FROM concept_name_tag WHERE tag like 'preferred\\___' OR concept_name_tag_id = 4\n"
    "\t\t\t\t</sqlCheck>\n"
    "\t\t\t</not>\n"
    "\t\t</preConditions>\n"
    "\t\t<comment>\n"
    "\t\t\tConverting concept names with 'preferred' and 'preferred_XX' concept name tags to preferred names\n"
    "\t\t</comment>    \t\n"
    "\t\t<update tableName=\"concept_name\">\n"
    "\t\t\t<column name=\"locale_preferred\" valueBoolean=\"true\"/>\n"
    "\t\t\t<column name=\"concept_name_type\" value=\"FULLY_SPECIFIED\"/>\n"
    "\t\t\t<where>\n"
    "\t\t\t\tconcept_name_id IN (SELECT concept_name_id FROM concept_name_tag cnt, concept_name_tag_map cntm \n"
    "\t\t\t\tWHERE cnt.concept_name_tag_id = cntm.concept_name_tag_id AND (cnt.tag like 'preferred\\___' OR cnt.concept_name_tag_id = 4))\n"
    "\t\t\t</where>\n"
    "\t\t</update>\n"
    "\t\t<delete tableName=\"concept_name_tag_map\">\n"
    "\t\t\t<where>\n"
    "\t\t\t\tconcept_name_tag_id IN (SELECT concept_name_tag_id FROM concept_name_tag WHERE tag LIKE 'preferred\\___') OR concept_name_tag_id = 4\n"
    "\t\t\t</where>\n"
    "\t\t</delete>\n"
    "\t\t<delete tableName=\"concept_name_tag\"><where>tag LIKE 'preferred\\___' OR concept_name_tag_id = 4</where></delete>\n"
    "\t</changeSet>";
/* oracle: 9:f41906e41efde3f7473abaa52fa161dc 8:852131421995919f7635e39a5938aa74 update tableName=concept_name; delete tableName=concept_name_tag_map; delete tableName=concept_name_tag */
/* ex5_custom_change: changeSet 20090402-1517 of liquibase-update-to-latest-2.0.x.xml */
static const char EX5_CUSTOM_CHANGE[] =
    "\t<changeSet id=\"20090402-1517\" author=\"bwolfe\">\n"
    "\t\t<validCheckSum>1b6141be59a8a243b9e56d0aad952af</validCheckSum> <!-- checksum from before idExceptions added -->\n"
    "\t\t<validCheckSum>89cc7a14b0582f157ea2dbb9de092fd</validCheckSum> <!-- current checksum with idExceptions param added -->\n"
    "\t\t<validCheckSum><comment>Changes to new concept_reference tables</comment>3:4edd135921eb263d4811cf1c22ef4846</validCheckSum>\n"
    "\t\t<validCheckSum><comment>Account for trailing whitespace</comment>9:5d41399f930d6de5c0030986b78f35e5</validCheckSum>\n"
    "\t\t<preConditions onFail=\"MARK_RAN\">\n"
    "\t\t\t<not>\n"
    "\t\t\t\t<or>\n"
    "\t\t\t\t\t<dbms type=\"mysql\" />\n"
    "\t\t\t\t\t<dbms type=\"oracle\" />\n"
    "\t\t\t\t\t<dbms type=\"mssql\" />\n"
    "\t\t\t\t</or>\n"
    "\t\t\t</not>\n"
    "\t\t</preConditions>\n"
    "\t\t<comment>\n"
    "\t\t\tAdding UUIDs to all rows in all columns via a java class. (This will take a long time on large databases)\n"
    "\t\t</comment>\n"
    "\t\t<customChange class=\"org.openmrs.util.databasechange.GenerateUuid\">\n"
    "\t\t\t<param name=\"tableNames\">\n"
    "\t\t\t\tcohort concept concept_answer concept_class concept_datatype concept_description \n"
    "\t\t\t\tconcept_reference_map concept_name concept_name_tag concept_proposal\n"
    "\t\t\t\tconcept_set concept_reference_source concept_state_conversion drug\n"
    "\t\t\t\tencounter encounter_type field field_answer field_type form form_field global_property hl7_in_archive \n"
    "\t\t\t\thl7_in_error hl7_in_queue hl7_source location location_tag note notification_alert \n"
    "\t\t\t\tnotification_template obs order_type orders patient_identifier \n"
    "\t\t\t\tpatient_identifier_type patient_program patient_state person person_address person_attribute \n"
    "\t\t\t\tperson_attribute_type person_name privilege program program_workflow program_workflow_state relationship \n"
    "\t\t\t\trelationship_type report_object report_schema_xml role serialized_object\n"
    "\t\t\t</param>\n"
    "\t\t\t<param name=\"columnName\" value=\"uuid\"/>\n"
    "\t\t\t<param name=\"idExceptions\">\n"
    "\t\t\t\tfield_answer_id=field_id|role_id=role|privilege_id=privilege|global_property_id=property|notification_alert_id=alert_id\n"
    "\t\t\t\t|notification_template_id=template_id|orders_id=order_id|report_schema_xml_id=report_schema_id|concept_reference_map_id=concept_map_id\n"
    "\t\t\t\t|concept_reference_source_id=concept_source_id\n"
    "\t\t\t</param>\n"
    "\t\t</customChange>\n"
    "\t</changeSet>";
/* oracle: 9:5d41399f930d6de5c0030986b78f35e5 8:c21f941e118c0d47576e1641d185ccd5 customChange */

static void test_example1_create_table(void **state)
{
    (void)state;
    char *s = serialized(EX1_CREATE_TABLE, 9);
    assert_string_equal(s,
        "createTable:[\n    columns=[\n        [\n            [\n                nullable=\"false\"\n"
        "                primaryKey=\"true\"\n            ]\n            autoIncrement=\"true\"\n"
        "            name=\"id\"\n            type=\"INT\"\n        ],\n        [\n            [\n"
        "                nullable=\"false\"\n            ]\n            name=\"uuid\"\n"
        "            type=\"CHAR(38)\"\n        ],\n        [\n            [\n"
        "                nullable=\"false\"\n            ]\n            name=\"value\"\n"
        "            type=\"CLOB\"\n        ]\n    ]\n    tableName=\"clob_datatype_storage\"\n]");
    char sum[LB_CHECKSUM_SIZE];
    md5_of(s, 8, sum);
    assert_string_equal(sum, "8:dcf6d672ea9049abe5d294de027648a7");
    free(s);
    expect_changeset("example 1", EX1_CREATE_TABLE, "9:967b1e68933bce5118dd5368776ab169",
                     "8:9d0d3bc5a01e33bb63c214613b50821b", "createTable tableName=clob_datatype_storage");
}

static void test_example2_foreign_key(void **state)
{
    (void)state;
    char *s = serialized(EX2_ADD_FOREIGN_KEY, 8);
    assert_string_equal(s,
        "addForeignKeyConstraint:[\n    baseColumnNames=\"changed_by\"\n    baseTableName=\"program_workflow\"\n"
        "    constraintName=\"workflow_changed_by\"\n    deferrable=\"false\"\n    initiallyDeferred=\"false\"\n"
        "    onDelete=\"RESTRICT\"\n    onUpdate=\"RESTRICT\"\n    referencedColumnNames=\"user_id\"\n"
        "    referencedTableName=\"users\"\n    validate=\"true\"\n]");
    free(s);
    expect_changeset("example 2", EX2_ADD_FOREIGN_KEY, "9:8d32ba48d3f675e951d2214546c61b79",
                     "8:eec82397d9dfa7cf4d937440ae0f0405",
                     "addForeignKeyConstraint baseTableName=program_workflow, constraintName=workflow_changed_by, "
                     "referencedTableName=users");
}

static void test_example3_insert_and_indexes(void **state)
{
    (void)state;
    expect_changeset("example 3 insert", EX3_INSERT, "9:6f2b62d1e91baa5fe1d45dca5f970544",
                     "8:157ab8bd3f2b4df2166ed867fd0c20e3", "insert tableName=encounter_role");
    char *s = serialized(EX3_INSERT, 9);
    assert_non_null(strstr(s, "        [\n            name=\"changed_by\"\n        ],\n"));
    assert_non_null(strstr(s, "            valueBoolean=\"false\"\n"));
    free(s);
    expect_changeset("example 3 unique index", EX3_INDEX_UNIQUE, "9:ba35c54fea24d2370fe5a291e39a62b7",
                     "8:785fa875154432f6a14919abbf246e4e",
                     "createIndex indexName=Unique_StopWord_Key, tableName=concept_stop_word");
    expect_changeset("example 3 index", EX3_INDEX, "9:b03144312af9deae2936b53f53408e97",
                     "8:b333d65cbce8404063a1a9c49de4448f",
                     "createIndex indexName=address_for_person, tableName=person_address");
}

static void test_example4_update_delete(void **state)
{
    (void)state;
    expect_changeset("example 4", EX4_UPDATE_DELETE, "9:f41906e41efde3f7473abaa52fa161dc",
                     "8:852131421995919f7635e39a5938aa74",
                     "update tableName=concept_name; delete tableName=concept_name_tag_map; delete "
                     "tableName=concept_name_tag");
    char *s = serialized(EX4_UPDATE_DELETE, 9);
    assert_null(strstr(s, "whereParams"));   /* no setter, so not a property */
    free(s);
}

static void test_example5_custom_change(void **state)
{
    (void)state;
    expect_changeset("example 5", EX5_CUSTOM_CHANGE, "9:5d41399f930d6de5c0030986b78f35e5",
                     "8:c21f941e118c0d47576e1641d185ccd5", "customChange");
    char *s = serialized(EX5_CUSTOM_CHANGE, 9);
    assert_true(strncmp(s, "customChange:[\n    class=\"org.openmrs.util.databasechange.GenerateUuid\"\n"
                           "    param={\n        columnName=\"uuid\",\n        idExceptions=\"",
                        strlen("customChange:[\n    class=\"org.openmrs.util.databasechange.GenerateUuid\"\n"
                               "    param={\n        columnName=\"uuid\",\n        idExceptions=\"")) == 0);
    free(s);
}

/* ---- one real changeSet per change type, values written by real Liquibase ---- */

typedef struct type_example {
    const char *type, *v9, *v8, *description, *xml;
} type_example;

static const type_example TYPE_EXAMPLES[] = {
    {"addAutoIncrement", "9:7c457f8b61fb5685739fcac69ad67da9", "8:7c93380a4682620b5c0881d6b02bfbdf", "addAutoIncrement columnName=cohort_member_id, tableName=cohort_member",
     "\t<changeSet author=\"vshankar\" id=\"201609171146-2.3\" dbms=\"mysql\">\n"
     "\t\t<preConditions onFail=\"MARK_RAN\">\n"
     "\t\t\t<columnExists tableName=\"cohort_member\" columnName=\"cohort_member_id\"/>\n"
     "\t\t</preConditions>\n"
     "\t\t<comment>Adding auto increment property to cohort_member.cohort_member_id</comment>\n"
     "\t\t<addAutoIncrement tableName=\"cohort_member\" columnName=\"cohort_member_id\" columnDataType=\"int\"/>\n"
     "\t</changeSet>"},
    {"addColumn", "9:5a311eafa47c8883bbdaeed5bfe33280", "8:791ff70ae7fd0841364d69a53d4979e6", "addColumn tableName=drug",
     "\t<changeSet id=\"TRUNK-5749-2025-08-20\" author=\"Jai Vora\">\n"
     "\t\t<addColumn tableName=\"drug\">\n"
     "\t\t\t<column name=\"description\" type=\"VARCHAR(255)\" />\n"
     "\t\t</addColumn>\n"
     "\t</changeSet>"},
    {"addDefaultValue", "9:573f9c4cfe76266ca1e332c9ce91c81d", "8:7771c874bb3fe2a9102c8ddf8b2b137d", "addDefaultValue columnName=voided, tableName=cohort_member",
     "\t<changeSet author=\"vshankar\" id=\"201610131530-1.1\">\n"
     "\t\t<preConditions onFail=\"MARK_RAN\">\n"
     "\t\t\t<columnExists tableName=\"cohort_member\" columnName=\"voided\"/>\n"
     "\t\t</preConditions>\n"
     "\t\t<comment>Adding defaultValue for cohort_member.voided</comment>\n"
     "\t\t<addDefaultValue tableName=\"cohort_member\" columnName=\"voided\" defaultValueBoolean=\"false\"/>\n"
     "\t</changeSet>"},
    {"addForeignKeyConstraint", "9:38adbc46a3e476dc1e1ef3e1d249b26b", "8:387e39d049631288ee2cf8133ab343ee", "addForeignKeyConstraint baseTableName=visit, constraintName=visit_creator_fk, referencedTableName=users",
     "\t<changeSet id=\"20110915-1243\" author=\"sunbiz\">\n"
     "\t\t<addForeignKeyConstraint constraintName=\"visit_creator_fk\" baseTableName=\"visit\" baseColumnNames=\"creator\" referencedTableName=\"users\" referencedColumnNames=\"user_id\"/>\n"
     "\t</changeSet>"},
    {"addLookupTable", "9:76b82d8d050df93709f1f4e089843acd", "8:d287ee58845e22aba7f671f7c2450bae", "sql; addLookupTable constraintName=concept_name_tag_ids_dupes, existingColumnName=concept_name_tag_id, existingTableName=concept_name_tag, newColumnName=concept_name_tag_id, newTableName=tmp_concept_name_tag_duplicates; dropForeignKeyConstraint ba...",
     "\t<changeSet id=\"20090122-0853\" author=\"bwolfe\" dbms=\"mysql\">\n"
     "\t\t<preConditions onFail=\"CONTINUE\">\n"
     "\t\t\t<not><dbms type=\"hsql\" /></not> <!-- skip over this changeset in unit tests -->\n"
     "\t\t</preConditions>\n"
     "\t\t<comment>\n"
     "\t\t\tRemove duplicate concept name tags\n"
     "\t\t</comment>\n"
     "\t\t<sql>\n"
     "\t\t\tUPDATE \n"
     "\t\t\t\tconcept_name_tag_map map \n"
     "\t\t\tSET \n"
     "\t\t\t\tconcept_name_tag_id = (SELECT \n"
     "\t\t\t\t\t\t\t\t\t\t min(concept_name_tag_id)\n"
     "\t\t\t\t\t\t\t\t\t   FROM concept_name_tag\n"
     "\t\t\t\t\t\t\t\t\t   WHERE \n"
     "\t\t\t\t\t\t\t\t\t     tag = (select tag from concept_name_tag where concept_name_tag_id = map.concept_name_tag_id)\n"
     "\t\t\t\t\t\t\t\t\t  );\n"
     "\t\t</sql>\n"
     "\t\t<!-- Copy the concept_name_map_ids to a new table -->\n"
     "\t\t<addLookupTable\n"
     "\t\t\texistingTableName=\"concept_name_tag\" existingColumnName=\"concept_name_tag_id\"\n"
     "\t\t\tnewTableName=\"tmp_concept_name_tag_duplicates\" newColumnName=\"concept_name_tag_id\" \n"
     "\t\t\tnewColumnDataType=\"int\" constraintName=\"concept_name_tag_ids_dupes\"/>\n"
     "\t\t\n"
     "\t\t<dropForeignKeyConstraint\n"
     "\t\t\tconstraintName=\"concept_name_tag_ids_dupes\"\n"
     "\t\t\tbaseTableName=\"concept_name_tag\"/>\n"
     "\t\t\n"
     "\t\t<!-- Leave only ids that have duplicates in the table -->\n"
     "\t\t<delete tableName=\"tmp_concept_name_tag_duplicates\">\n"
     "\t\t\t<where>concept_name_tag_id not in (select concept_name_tag_id from concept_name_tag where tag in (select tag from concept_name_tag group by tag having count(*) > 1))</where>\n"
     "\t\t</delete>\n"
     "\t\t\n"
     "\t\t<!-- Now delete all  -->\n"
     "\t\t<delete tableName=\"concept_name_tag\">\n"
     "\t\t\t<where>\n"
     "\t\t\t\tconcept_name_tag_id in (select concept_name_tag_id from tmp_concept_name_tag_duplicates)\n"
     "\t\t\t\tand\n"
     "\t\t\t\tconcept_name_tag_id not in (select distinct(concept_name_tag_id) from concept_name_tag_map)\n"
     "\t\t\t</where>\n"
     "\t\t</delete>\n"
     "\t\t<dropTable tableName=\"tmp_concept_name_tag_duplicates\" />\n"
     "\t</changeSet>"},
    {"addNotNullConstraint", "9:14c14922cb46ecc58b69990b1aeb2071", "8:6574c7948db9e686d5010bc833a0579c", "addNotNullConstraint columnName=uuid, tableName=users",
     "\t<changeSet id=\"20100415-forgotten-from-before\" author=\"djazayeri\">\n"
     "\t\t<comment>Adding not null constraint to users.uuid</comment>\n"
     "\t\t<addNotNullConstraint tableName=\"users\" columnName=\"uuid\" columnDataType=\"char(38)\"/>\n"
     "\t</changeSet>"},
    {"addPrimaryKey", "9:d4aa903b5105896107d3be7c640183df", "8:ce76d2b396e4862b93b268e0d2b38102", "addPrimaryKey tableName=user_role",
     "\t<changeSet author=\"ben (generated)\" id=\"1227303685425-84\">\n"
     "\t\t<addPrimaryKey columnNames=\"role, user_id\" tableName=\"user_role\"/>\n"
     "\t</changeSet>"},
    {"addUniqueConstraint", "9:b42b78bebfe254a3ff13c45a387ed4eb", "8:733624adb629b21a72d150f5400acbf2", "addUniqueConstraint constraintName=concept_name_tag_unique_tags, tableName=concept_name_tag",
     "\t<changeSet author=\"sunbiz\" id=\"20110914-0245\">\n"
     "\t\t<addUniqueConstraint tableName=\"concept_name_tag\" columnNames=\"tag\" constraintName=\"concept_name_tag_unique_tags\"/>\n"
     "\t</changeSet>"},
    {"createIndex", "9:e7b12ebbe5bd33264f177ba62a3fb9fc", "8:ede27f7bbe00e7d92488436c40e95cb6", "createIndex indexName=form_retired_index, tableName=form",
     "\t<changeSet id=\"20110915-1052\" author=\"sunbiz\">\n"
     "\t\t<createIndex tableName=\"form\" indexName=\"form_retired_index\">\n"
     "\t\t\t<column name=\"retired\"/>\n"
     "\t\t</createIndex>\n"
     "\t</changeSet>"},
    {"createTable", "9:68aefa074eb0c096bb8057b9c0513106", "8:3d4ecc1aca24cfccba63760fff22b965", "createTable tableName=concept_complex",
     "\t<changeSet author=\"sunbiz\" id=\"20110914-0114\">\n"
     "\t\t<createTable tableName=\"concept_complex\">\n"
     "\t\t\t<column name=\"concept_id\" type=\"int\">\n"
     "\t\t\t\t<constraints primaryKey=\"true\" nullable=\"false\"/>\n"
     "\t\t\t</column>\n"
     "\t\t\t<column name=\"handler\" type=\"varchar(255)\"/>\n"
     "\t\t</createTable>\n"
     "\t</changeSet>"},
    {"customChange", "9:b11cf4a351cbc94f56edfa57c3a67a5e", "8:7247188ac237d4d2adfe1029c92bf5c2", "customChange",
     "\t<changeSet id=\"20150211-TRUNK-3709\" author=\"jkondrat\">\n"
     "\t\t<comment>Encrypting the users.secret_answer column</comment>\n"
     "\t\t<customChange class=\"org.openmrs.util.databasechange.EncryptSecretAnswersChangeSet\"/>\n"
     "\t</changeSet>"},
    {"delete", "9:2bfe9b5762f1334db885abced11ee96f", "8:d4325318f852b3ede2798d3a08f42088", "delete tableName=concept_word",
     "\t<changeSet id=\"200905150814\" author=\"bwolfe\" dbms=\"mysql\">\n"
     "\t\t<comment>Deleting invalid concept words</comment>\n"
     "\t\t<delete tableName=\"concept_word\">\n"
     "\t\t\t<where>concept_name_id = 0</where>\n"
     "\t\t</delete>\n"
     "\t</changeSet>"},
    {"dropColumn", "9:08e7dfe121f4b52d11c80f2dd9844f17", "8:beb9fb7770561ed66818d515f826864e", "dropColumn columnName=type, tableName=sync_class",
     "\t<changeSet id=\"sync_sqldiff_0.4_1\" author=\"PIH\">\n"
     "\t\t<preConditions onFail=\"MARK_RAN\">\n"
     "\t\t\t<columnExists tableName=\"sync_class\" columnName=\"type\"/>\n"
     "\t\t</preConditions>\n"
     "\t\t<comment>Remove type column from sync_class</comment>\n"
     "\t\t<dropColumn tableName=\"sync_class\" columnName=\"type\" />\n"
     "\t</changeSet>"},
    {"dropDefaultValue", "9:c60fa851d678abac1f265ffd6f0fa8f3", "8:00f89c8fc8d81fd3f662b33b10b22415", "dropDefaultValue columnName=cohort_id, tableName=cohort_member",
     "\t<changeSet author=\"vshankar\" id=\"201611121945-1\">\n"
     "\t\t<preConditions>\n"
     "\t\t\t<columnExists tableName=\"cohort_member\" columnName=\"cohort_id\"/>\n"
     "\t\t</preConditions>\n"
     "\t\t<comment>Dropping defaultValue for cohort_member.cohort_id</comment>\n"
     "\t\t<dropDefaultValue tableName=\"cohort_member\" columnName=\"cohort_id\"/>\n"
     "\t</changeSet>"},
    {"dropForeignKeyConstraint", "9:19bd297a18ada0225279b3fe9ca44435", "8:c7ae9cc69665a7cac874796a15ac75f9", "dropForeignKeyConstraint baseTableName=concept_set, constraintName=is_a",
     "\t<changeSet id=\"20090414-0804\" author=\"bwolfe\" dbms=\"mysql\">\n"
     "\t\t<preConditions onFail=\"MARK_RAN\">\n"
     "\t\t\t<foreignKeyConstraintExists foreignKeyName=\"is_a\" />\n"
     "\t\t</preConditions>\n"
     "\t\t<comment>Dropping foreign key on concept_set.concept_id table</comment>\n"
     "\t\t<dropForeignKeyConstraint baseTableName=\"concept_set\" constraintName=\"is_a\" />\n"
     "\t</changeSet>"},
    {"dropNotNullConstraint", "9:d293e3e20c75898fddfd4ac28785b6ac", "8:7127e753b29990afafb6587d0bbbd25f", "dropNotNullConstraint columnName=description, tableName=role",
     "\t<changeSet id=\"20121114-TRUNK-3474-role\" author=\"patandre\">\n"
     "\t\t<comment>\n"
     "\t\t\tDropping not null constraint from role.description column\n"
     "\t\t</comment>\n"
     "\t\t<dropNotNullConstraint tableName=\"role\" columnName=\"description\" columnDataType=\"varchar(255)\" />\n"
     "\t</changeSet>"},
    {"dropPrimaryKey", "9:7b5c8dc6c7a544551f556c9a0ae9a88f", "8:1eb5a9ee7233979adbee989a91140325", "dropPrimaryKey tableName=cohort_member",
     "\t<changeSet author=\"vshankar\" id=\"201609171146-1.2\">\n"
     "\t\t<preConditions onFail=\"MARK_RAN\">\n"
     "\t\t\t<primaryKeyExists tableName=\"cohort_member\"/>\n"
     "\t\t</preConditions>\n"
     "\t\t<comment>Dropping primary key for cohort_member</comment>\n"
     "\t\t<dropPrimaryKey tableName=\"cohort_member\"/>\n"
     "\t</changeSet>"},
    {"dropTable", "9:f26f988b6e52ac66c6227887ade96175", "8:3f230e64be983208e486949e2489377d", "dropTable tableName=concept_derived",
     "\t<changeSet id=\"201012081717\" author=\"nribeka\" dbms=\"mysql\">\n"
     "\t\t<preConditions onFail=\"MARK_RAN\">\n"
     "\t\t\t<tableExists tableName=\"concept_derived\" />\n"
     "\t\t</preConditions>\n"
     "\t\t<comment>Removing concept derived tables</comment>\n"
     "\t\t<dropTable tableName=\"concept_derived\"/>\n"
     "\t</changeSet>"},
    {"insert", "9:5c44ca951b9fbd5fb8e53661300ad913", "8:c2366d8db8ef9d8a623360430d7a1115", "insert tableName=user_role; insert tableName=user_role",
     "  <changeSet author=\"rasztabigab (generated)\" id=\"1616003711789-26\"> \n"
     "    <insert tableName=\"user_role\"> \n"
     "      <column name=\"user_id\" valueNumeric=\"1\"/>  \n"
     "      <column name=\"role\" value=\"Provider\"/> \n"
     "    </insert>  \n"
     "    <insert tableName=\"user_role\"> \n"
     "      <column name=\"user_id\" valueNumeric=\"1\"/>  \n"
     "      <column name=\"role\" value=\"System Developer\"/> \n"
     "    </insert> \n"
     "  </changeSet>"},
    {"mergeColumns", "9:e884a15321d640c6443711d055c3f0e8", "8:4f65d700426c7aa94fe7838ce8b1dc62", "mergeColumns column1Name=dose_strength, column2Name=units, finalColumnName=strength, tableName=drug; update tableName=drug",
     "    <changeSet id=\"20140318-TRUNK-4265\" author=\"jkondrat\">\n"
     "        <preConditions onFail=\"MARK_RAN\">\n"
     "            <not><columnExists tableName=\"drug\" columnName=\"strength\"/></not>\n"
     "        </preConditions>\n"
     "        <comment>Concatenate dose_strength and units to form the value for the new strength field</comment>\n"
     "        <mergeColumns column1Name=\"dose_strength\"\n"
     "                      column2Name=\"units\"\n"
     "                      finalColumnName=\"strength\"\n"
     "                      finalColumnType=\"varchar(255)\"\n"
     "                      joinString=\"\"\n"
     "                      tableName=\"drug\"/>\n"
     "        <update tableName=\"drug\">\n"
     "            <column name=\"strength\" value=\"NULL\" />\n"
     "            <where>strength = ''</where>\n"
     "        </update>\n"
     "    </changeSet>"},
    {"modifyColumn", "9:2384a04b4a15298236c3fcabbfed1eb5", "8:3a4f40729f5f01ef36ee1c178a987138", "modifyColumn tableName=obs",
     "\t<changeSet id=\"200907161638-1\" author=\"bwolfe\" dbms=\"mysql\">\n"
     "\t\t<comment>Change obs.value_numeric from a double(22,0) to a double</comment>\n"
     "\t\t<ext:modifyColumn tableName=\"obs\"><column name=\"value_numeric\" type=\"double\" /></ext:modifyColumn>\n"
     "\t</changeSet>"},
    {"modifyDataType", "9:225ae648882ff2fc674a974706e4b5ed", "8:fc35b420fb6f4f4846f5e017a68a3ea5", "modifyDataType columnName=name, tableName=drug",
     "\t<changeSet id=\"20120330-0954\" author=\"jkeiper\">\n"
     "\t\t<comment>Increase size of drug name column to 255 characters</comment>\n"
     "\t\t<modifyDataType tableName=\"drug\" columnName=\"name\" newDataType=\"varchar(255)\"/>\n"
     "\t</changeSet>"},
    {"renameColumn", "9:4e7dd434f10cc68f9b6001774a5cbcf7", "8:c2e715a956abd582cdfc0d2a3687ca6c", "renameColumn newColumnName=is_hidden, oldColumnName=isHidden, tableName=concept_map_type",
     "\t<changeSet id=\"20110919-0638\" author=\"sunbiz\">\n"
     "\t\t<preConditions onFail=\"MARK_RAN\"><columnExists tableName=\"concept_map_type\" columnName=\"isHidden\"/></preConditions>\n"
     "\t\t<comment>Renaming concept_map_type.isHidden to is_hidden</comment>\n"
     "\t\t<renameColumn tableName=\"concept_map_type\" oldColumnName=\"isHidden\" newColumnName=\"is_hidden\" columnDataType=\"boolean\"/>\n"
     "\t</changeSet>"},
    {"renameTable", "9:66f70d3b2a83842fe1d94601a31faca9", "8:845dfe877a088206a28fcbd0c04dd2fd", "renameTable newTableName=emrapi_conditions, oldTableName=conditions",
     "\t<changeSet author=\"Kelechi+iheanyi\" id=\"20180508-1000\">\n"
     "\t\t<preConditions onFail=\"MARK_RAN\">\n"
     "\t\t\t<tableExists tableName=\"conditions\"/>\n"
     "\t\t</preConditions>\n"
     "\t\t<comment>\n"
     "\t\t\tRename conditions table to emrapi_conditions\n"
     "\t\t</comment>\n"
     "\t\t<renameTable newTableName=\"emrapi_conditions\" oldTableName=\"conditions\" />\n"
     "\t</changeSet>"},
    {"sql", "9:978676ca684a522f0342458f496166ef", "8:fa07746edc31d6235f8a7c1e63dc7c95", "sql",
     "\t<changeSet author=\"ben\" id=\"disable-foreign-key-checks\" runAlways=\"true\" dbms=\"mysql\">\n"
     "\t<sql>SET FOREIGN_KEY_CHECKS=0</sql>\n"
     "    </changeSet>"},
    {"update", "9:bba63658d765fc557c1872c4c4381171", "8:89a5030d339ad14f4d9f43b9ccd31e8a", "update tableName=hl7_source",
     "\t<changeSet id=\"200910271049-9\" author=\"bwolfe\">\n"
     "\t\t<comment>Setting core hl7 source to have standard UUIDs</comment>\n"
     "\t\t<update tableName=\"hl7_source\"><column name=\"uuid\" value=\"8d6b8bb6-c2cc-11de-8d13-0010c6dffd0f\"/><where>hl7_source_id= '1' and name = 'LOCAL'</where></update>\n"
     "\t</changeSet>"},
};

static void test_each_change_type(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof TYPE_EXAMPLES / sizeof TYPE_EXAMPLES[0]; i++) {
        const type_example *e = &TYPE_EXAMPLES[i];
        expect_changeset(e->type, e->xml, e->v9, e->v8, e->description);
    }
}

/* Types the fixtures do not use: the serializer text Liquibase's rules give. */
static void test_other_change_types(void **state)
{
    (void)state;
    char *s = serialized("<changeSet id=\"1\" author=\"a\"><dropIndex indexName=\"i\" tableName=\"t\"/></changeSet>", 9);
    assert_string_equal(s, "dropIndex:[\n    indexName=\"i\"\n    tableName=\"t\"\n]");
    free(s);
    s = serialized("<changeSet id=\"1\" author=\"a\"><tagDatabase tag=\"v1\"/></changeSet>", 8);
    assert_string_equal(s, "tagDatabase:[\n    tag=\"v1\"\n]");
    free(s);
    s = serialized("<changeSet id=\"1\" author=\"a\"><output> hi </output></changeSet>", 9);
    assert_string_equal(s, "output:[\n    message=\"hi\"\n    target=\"STDERR\"\n]");
    free(s);
    s = serialized("<changeSet id=\"1\" author=\"a\"><empty/></changeSet>", 9);
    assert_string_equal(s, "empty:[]");
    free(s);
    /* createView: v8 serializes the query; v9 leaves it to a separate hash */
    const char *view = "<changeSet id=\"1\" author=\"a\"><createView viewName=\"v\">select 1</createView></changeSet>";
    s = serialized(view, 8);
    assert_string_equal(s, "createView:[\n    selectQuery=\"select 1\"\n    viewName=\"v\"\n]");
    free(s);
    s = serialized(view, 9);
    assert_string_equal(s, "createView:[\n    viewName=\"v\"\n]");
    char generic[LB_CHECKSUM_SIZE], body[LB_CHECKSUM_SIZE], joined[2 * LB_CHECKSUM_SIZE], expect[LB_CHECKSUM_SIZE];
    md5_of(s, 9, generic);
    md5_of("select1", 9, body);
    snprintf(joined, sizeof joined, "%s:%s", generic, body);
    md5_of(joined, 9, generic);
    changeset_from_change(generic, 9, expect);
    expect_changeset("createView", view, expect, NULL, "createView viewName=v");
    free(s);
}

/* Column value conversions: booleans by Boolean.valueOf, numbers keep their text minus
 * one pair of parentheses, dates re-formatted, unparseable ones become computed. */
static void test_column_conversions(void **state)
{
    (void)state;
    char *s = serialized(
        "<changeSet id=\"1\" author=\"a\"><insert tableName=\"t\">"
        "<column name=\"a\" valueNumeric=\"(42)\"/>"
        "<column name=\"b\" valueBoolean=\"1\"/>"
        "<column name=\"c\" valueDate=\"2011-08-18 14:00:00\"/>"
        "<column name=\"d\" valueDate=\"2011-08-18T14:00:00.50\"/>"
        "<column name=\"e\" valueDate=\"now()\"/>"
        "<column name=\"f\" valueNumeric=\"uuid()\"/>"
        "<column name=\"g\">  text  </column>"
        "<column name=\"h\" valueDate=\"2011-02-29\"/>"
        "</insert></changeSet>", 9);
    assert_non_null(strstr(s, "name=\"a\"\n            valueNumeric=\"42\""));
    assert_non_null(strstr(s, "name=\"b\"\n            valueBoolean=\"false\""));
    assert_non_null(strstr(s, "name=\"c\"\n            valueDate=\"2011-08-18T14:00:00\""));
    assert_non_null(strstr(s, "name=\"d\"\n            valueDate=\"2011-08-18T14:00:00.5\""));
    assert_non_null(strstr(s, "name=\"e\"\n            valueComputed=\"now()\""));
    assert_non_null(strstr(s, "name=\"f\"\n            valueComputed=\"uuid()\""));
    assert_non_null(strstr(s, "name=\"g\"\n            value=\"text\""));
    assert_non_null(strstr(s, "name=\"h\"\n            valueDate=\"2011-03-01\""));   /* lenient */
    free(s);
}

/* createIndex clears type, value, ... of its columns; dropColumn omits an empty list. */
static void test_column_list_quirks(void **state)
{
    (void)state;
    char *s = serialized("<changeSet id=\"1\" author=\"a\"><createIndex indexName=\"i\" tableName=\"t\">"
                         "<column name=\"c\" type=\"int\" defaultValueNumeric=\"1\"/></createIndex></changeSet>", 9);
    assert_string_equal(s, "createIndex:[\n    columns=[\n        [\n            defaultValueNumeric=\"1\"\n"
                           "            name=\"c\"\n        ]\n    ]\n    indexName=\"i\"\n    tableName=\"t\"\n]");
    free(s);
    s = serialized("<changeSet id=\"1\" author=\"a\"><dropColumn tableName=\"t\" columnName=\"c\"/></changeSet>", 9);
    assert_string_equal(s, "dropColumn:[\n    columnName=\"c\"\n    tableName=\"t\"\n]");
    free(s);
    s = serialized("<changeSet id=\"1\" author=\"a\"><createTable tableName=\"t\"/></changeSet>", 9);
    assert_string_equal(s, "createTable:[\n    columns=[]\n    tableName=\"t\"\n]");
    free(s);
}

/* ---- dbms expressions ---- */

static void test_dbms_matches(void **state)
{
    (void)state;
    assert_true(lb_dbms_matches(NULL, "mysql", true));
    assert_false(lb_dbms_matches(NULL, "mysql", false));
    assert_true(lb_dbms_matches("  ", "mysql", true));
    assert_false(lb_dbms_matches("", "mysql", false));
    assert_true(lb_dbms_matches("mysql", "mysql", false));
    assert_false(lb_dbms_matches("mysql", "mariadb", true));
    assert_true(lb_dbms_matches(" postgresql , mysql ", "mysql", false));
    assert_false(lb_dbms_matches("postgresql,mssql", "mysql", true));
    assert_true(lb_dbms_matches("all", "oracle", false));
    assert_true(lb_dbms_matches("none, all", "oracle", false));   /* "all" is checked first */
    assert_false(lb_dbms_matches("none", "oracle", true));
    assert_false(lb_dbms_matches("!mysql", "mysql", true));
    assert_true(lb_dbms_matches("!mysql", "mariadb", false));     /* only negations: all others */
    assert_false(lb_dbms_matches("!h2, postgresql", "mysql", true));
    assert_true(lb_dbms_matches("mysql,", "mysql", false));       /* trailing empty item dropped */
    assert_false(lb_dbms_matches(",,", "mysql", false));          /* splits to an empty list */
    assert_false(lb_dbms_matches("MySQL", "mysql", true));        /* case-sensitive */
}

/* ---- modifySql: visitors of another dbms are dropped before checksumming ---- */

static const char MODIFY_SQL[] =
    "\t<changeSet id=\"20090402-1516-cohort\" author=\"bwolfe\">\n"
    "\t\t<preConditions onFail=\"MARK_RAN\"><or><dbms type=\"mysql\" /><dbms type=\"oracle\" /></or></preConditions>\n"
    "\t\t<comment>Generating UUIDs for all rows in cohort table via built in uuid function.</comment>\n"
    "\t\t<update tableName=\"cohort\" >\n"
    "\t\t\t<column name=\"uuid\" valueNumeric=\"name-of-uuid-function\" />\n"
    "\t\t\t<where>uuid is null</where>\n"
    "\t\t</update>\n"
    "\t\t<modifySql dbms=\"mysql\"><replace replace=\"name-of-uuid-function\" with=\"UUID()\"/></modifySql>\n"
    "\t\t<modifySql dbms=\"oracle\"><replace replace=\"name-of-uuid-function\" with=\"SYS_GUID()\"/></modifySql>\n"
    "\t</changeSet>";

static const char MODIFY_SQL_STRIPPED[] =
    "\t<changeSet id=\"20090402-1516-cohort\" author=\"bwolfe\">\n"
    "\t\t<update tableName=\"cohort\" >\n"
    "\t\t\t<column name=\"uuid\" valueNumeric=\"name-of-uuid-function\" />\n"
    "\t\t\t<where>uuid is null</where>\n"
    "\t\t</update>\n"
    "\t</changeSet>";

static void test_modify_sql_filtering(void **state)
{
    (void)state;
    /* oracle values: on MySQL only the mysql visitor counts */
    expect_changeset("modifySql", MODIFY_SQL, "9:57f43d74317271683c3c809c224fa5ab",
                     "8:2aec641cb1c4a52c7a3e3a9aec8ecde2", "update tableName=cohort");
    xmlNodePtr cs, plain;
    xmlDocPtr doc = lbt_parse_changeset(MODIFY_SQL, &cs), doc2 = lbt_parse_changeset(MODIFY_SQL_STRIPPED, &plain);
    for (int v = 8; v <= 9; v++) {
        char maria[LB_CHECKSUM_SIZE], none[LB_CHECKSUM_SIZE], mysql[LB_CHECKSUM_SIZE];
        checksum_of(cs, v, "mariadb", maria);   /* neither visitor applies */
        checksum_of(plain, v, "mysql", none);
        checksum_of(cs, v, "mysql", mysql);
        assert_string_equal(maria, none);
        assert_string_not_equal(mysql, none);
    }
    /* v8 prints the visitor's dbms set, v9 leaves it out */
    omrs_buf b = {0};
    omrs_error err = {0};
    xmlNodePtr modify = lbt_first_element(cs->children, "modifySql");
    xmlNodePtr replace = lbt_first_element(modify->children, "replace");
    assert_int_equal(lb_serialize_visitor(modify, replace, 8, &b, &err), 1);
    assert_string_equal(b.data, "replace:[\n    applicableDbms=[\n        mysql\n    ]\n    applyToRollback=\"false\"\n"
                                "    replace=\"name-of-uuid-function\"\n    with=\"UUID()\"\n]");
    omrs_buf_free(&b);
    assert_int_equal(lb_serialize_visitor(modify, replace, 9, &b, &err), 1);
    assert_string_equal(b.data, "replace:[\n    applyToRollback=\"false\"\n    replace=\"name-of-uuid-function\"\n"
                                "    with=\"UUID()\"\n]");
    omrs_buf_free(&b);
    xmlFreeDoc(doc);
    xmlFreeDoc(doc2);
}

/* v8 prints the dbms list in Java HashSet order (buckets of the spread String hash, then
 * insertion order), the context, labels lower-cased; v9 only applyToRollback and the
 * visitor's own fields. */
static void test_visitor_fields(void **state)
{
    (void)state;
    xmlNodePtr cs;
    xmlDocPtr doc = lbt_parse_changeset("<changeSet id=\"v\" author=\"a\"><modifySql dbms=\" mysql, mariadb,oracle ,mssql,"
                                    "postgresql,h2,mysql\" applyToRollback=\"TRUE\" context=\" test \" "
                                    "labels=\"A, b,a\"><append value=\" FIRST\"/><prepend value=\"x\"/>"
                                    "<unknownVisitor/></modifySql></changeSet>", &cs);
    xmlNodePtr modify = lbt_first_element(cs->children, "modifySql");
    omrs_buf b = {0};
    omrs_error err = {0};
    assert_int_equal(lb_serialize_visitor(modify, lbt_first_element(modify->children, "append"), 8, &b, &err), 1);
    assert_string_equal(b.data, "append:[\n    applicableDbms=[\n        mariadb,\n        oracle,\n"
                                "        postgresql,\n        mysql,\n        h2,\n        mssql\n    ]\n"
                                "    applyToRollback=\"true\"\n    contexts=\"test\"\n    labels=\"a,b\"\n"
                                "    value=\" FIRST\"\n]");
    omrs_buf_free(&b);
    assert_int_equal(lb_serialize_visitor(modify, lbt_first_element(modify->children, "prepend"), 9, &b, &err), 1);
    assert_string_equal(b.data, "prepend:[\n    applyToRollback=\"true\"\n    value=\"x\"\n]");
    omrs_buf_free(&b);
    assert_int_equal(lb_serialize_visitor(modify, lbt_first_element(modify->children, "unknownVisitor"), 9, &b, &err), 0);
    assert_null(b.data);
    xmlFreeDoc(doc);
}

/* ---- sql: v8 collapses whitespace after a header, v9 removes it ---- */

static void sql_changeset_sum(const char *attrs, const char *sql, int version, char out[LB_CHECKSUM_SIZE])
{
    omrs_buf b = {0};
    assert_int_equal(omrs_buf_printf(&b, "<changeSet id=\"s\" author=\"a\"><sql%s>%s</sql></changeSet>", attrs, sql), 0);
    xmlNodePtr cs;
    xmlDocPtr doc = lbt_parse_changeset(b.data, &cs);
    checksum_of(cs, version, "mysql", out);
    xmlFreeDoc(doc);
    omrs_buf_free(&b);
}

static void expect_sql(const char *attrs, const char *sql, int version, const char *normalized)
{
    char got[LB_CHECKSUM_SIZE], change[LB_CHECKSUM_SIZE], want[LB_CHECKSUM_SIZE];
    sql_changeset_sum(attrs, sql, version, got);
    md5_of(normalized, version, change);
    changeset_from_change(change, version, want);
    if (strcmp(got, want) != 0)
        fail_msg("sql%s \"%s\" v%d: %s, expected the checksum of \"%s\"", attrs, sql, version, got, normalized);
}

static void test_sql_whitespace(void **state)
{
    (void)state;
    expect_sql("", "SET FOREIGN_KEY_CHECKS=0", 8, "null:true:false:SET FOREIGN_KEY_CHECKS=0");
    expect_sql("", "SET FOREIGN_KEY_CHECKS=0", 9, "SETFOREIGN_KEY_CHECKS=0");
    expect_sql("", "\n\t  UPDATE  t\r\n\tSET a = 1 ;\n  ", 8, "null:true:false:UPDATE t SET a = 1 ;");
    expect_sql("", "\n\t  UPDATE  t\r\n\tSET a = 1 ;\n  ", 9, "UPDATEtSETa=1;");
    expect_sql(" splitStatements=\"false\" endDelimiter=\"//\"", "select 1", 8, "//:false:false:select 1");
    expect_sql(" splitStatements=\"false\" stripComments=\"TRUE\"", "select 1", 9, "select1");
    expect_sql(" stripComments=\"TRUE\"", "select 1", 8, "null:true:true:select 1");
    expect_sql("", "<![CDATA[a < b]]> -- x", 8, "null:true:false:a < b -- x");
    expect_sql("", "", 8, "null:true:false:");
    /* the real changeSet (oracle) */
    expect_changeset("sql", "<changeSet author=\"ben\" id=\"disable-foreign-key-checks\" runAlways=\"true\" "
                            "dbms=\"mysql\">\n\t<sql>SET FOREIGN_KEY_CHECKS=0</sql>\n    </changeSet>",
                     "9:978676ca684a522f0342458f496166ef", "8:fa07746edc31d6235f8a7c1e63dc7c95", "sql");
}

/* v9 skips DbmsTargetedChanges (sql, insert) whose dbms excludes ours; v8 keeps them. */
static void test_v9_skips_other_dbms_changes(void **state)
{
    (void)state;
    xmlNodePtr both, one;
    xmlDocPtr d1 = lbt_parse_changeset("<changeSet id=\"x\" author=\"a\"><sql dbms=\"postgresql\">select 1</sql>"
                                   "<sql>select 2</sql></changeSet>", &both);
    xmlDocPtr d2 = lbt_parse_changeset("<changeSet id=\"x\" author=\"a\"><sql>select 2</sql></changeSet>", &one);
    char a[LB_CHECKSUM_SIZE], b[LB_CHECKSUM_SIZE];
    checksum_of(both, 9, "mysql", a);
    checksum_of(one, 9, "mysql", b);
    assert_string_equal(a, b);
    checksum_of(both, 9, "postgresql", a);
    assert_string_not_equal(a, b);
    checksum_of(both, 8, "mysql", a);
    checksum_of(one, 8, "mysql", b);
    assert_string_not_equal(a, b);
    xmlFreeDoc(d1);
    xmlFreeDoc(d2);
}

static void test_empty_changeset(void **state)
{
    (void)state;
    expect_changeset("empty", "<changeSet id=\"e\" author=\"a\"><comment>x</comment></changeSet>",
                     "9:d41d8cd98f00b204e9800998ecf8427e", "8:d41d8cd98f00b204e9800998ecf8427e", "empty");
}

/* ---- DESCRIPTION and COMMENTS: limitSize counts UTF-16 code units ---- */

/* A changeSet of n <dropTable tableName="NAME"/> with the given table name. */
static char *drop_tables(size_t n, const char *name)
{
    omrs_buf b = {0};
    assert_int_equal(omrs_buf_printf(&b, "<changeSet id=\"d\" author=\"a\">"), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(omrs_buf_printf(&b, "<dropTable tableName=\"%s\"/>", name), 0);
    assert_int_equal(omrs_buf_printf(&b, "</changeSet>"), 0);
    return b.data;
}

static void test_description_limits(void **state)
{
    (void)state;
    /* "dropTable tableName=t12345" is 26 chars; with "; " 28 per extra change */
    char *xml = drop_tables(9, "t12345");            /* 26 + 8*28 = 250: kept whole */
    char *d = changeset_description(xml);
    assert_int_equal(strlen(d), 250);
    assert_false(omrs_str_ends_with(d, "..."));
    free(d);
    free(xml);
    xml = drop_tables(10, "t12345");                 /* 278 > 255: 252 + "...", then 247 + "..." */
    d = changeset_description(xml);
    assert_int_equal(strlen(d), 250);
    assert_true(omrs_str_ends_with(d, "..."));
    assert_int_equal(strncmp(d, "dropTable tableName=t12345; dropTable", 37), 0);
    free(d);
    free(xml);
    /* 251..255 chars survive the first cut, not the second */
    xml = drop_tables(9, "t1234567");                /* 28 + 8*30 = 268 */
    d = changeset_description(xml);
    assert_int_equal(lb_utf16_length(d), 250);
    free(d);
    free(xml);
    /* é is one UTF-16 unit (two bytes); the cut never splits it */
    xml = drop_tables(10, "t\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
    d = changeset_description(xml);
    assert_int_equal(lb_utf16_length(d), 250);
    assert_true(omrs_str_ends_with(d, "..."));
    free(d);
    free(xml);
}

static void test_limit_size(void **state)
{
    (void)state;
    char *s = lb_limit_size("abcdef", 6);
    assert_string_equal(s, "abcdef");
    free(s);
    s = lb_limit_size("abcdefg", 6);
    assert_string_equal(s, "abc...");
    free(s);
    /* U+1F600 counts 2 units: "ab" + 😀 is 4 units; cutting to 3+... would halve it */
    s = lb_limit_size("ab\xF0\x9F\x98\x80" "cdefg", 6);
    assert_string_equal(s, "ab...");
    free(s);
    s = lb_limit_size("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 6);
    assert_string_equal(s, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
    free(s);
}

static void test_comments(void **state)
{
    (void)state;
    char *c = changeset_comments("<changeSet id=\"c\" author=\"a\"><sql>x</sql></changeSet>");
    assert_string_equal(c, "");
    free(c);
    c = changeset_comments("<changeSet id=\"c\" author=\"a\"><comment>\n\t  first  \n</comment>"
                           "<comment>second</comment></changeSet>");
    assert_string_equal(c, "first\nsecond");
    free(c);
    omrs_buf b = {0};
    assert_int_equal(omrs_buf_printf(&b, "<changeSet id=\"c\" author=\"a\"><comment>"), 0);
    for (int i = 0; i < 30; i++)
        assert_int_equal(omrs_buf_printf(&b, "0123456789"), 0);
    assert_int_equal(omrs_buf_printf(&b, "</comment></changeSet>"), 0);
    c = changeset_comments(b.data);
    assert_int_equal(strlen(c), 250);
    assert_true(omrs_str_ends_with(c, "6...")); /* 247 chars: ...456 then "..." */
    free(c);
    omrs_buf_free(&b);
}

/* ---- errors ---- */

static void test_unknown_change_is_an_error(void **state)
{
    (void)state;
    xmlNodePtr cs;
    xmlDocPtr doc = lbt_parse_changeset("<changeSet id=\"my-id\" author=\"a\">\n<createTable tableName=\"t\"/>\n"
                                    "<frobnicate table=\"t\"/>\n</changeSet>", &cs);
    char sum[LB_CHECKSUM_SIZE];
    omrs_error err = {0};
    assert_int_equal(lb_changeset_checksum(cs, 9, "mysql", sum, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_PARSE);
    assert_non_null(strstr(err.message, "frobnicate"));
    assert_non_null(strstr(err.message, "line 4"));   /* line 1 is the root element */
    assert_non_null(strstr(err.message, "my-id"));
    char *d = NULL;
    omrs_error_clear(&err);
    assert_int_equal(lb_changeset_description(cs, &d, &err), -1);
    assert_non_null(strstr(err.message, "frobnicate"));
    assert_null(d);
    xmlFreeDoc(doc);
}

static void test_bad_values_are_errors(void **state)
{
    (void)state;
    xmlNodePtr cs;
    xmlDocPtr doc = lbt_parse_changeset("<changeSet id=\"b\" author=\"a\"><addAutoIncrement tableName=\"t\" "
                                    "columnName=\"c\" startWith=\"ten\"/></changeSet>", &cs);
    char sum[LB_CHECKSUM_SIZE];
    omrs_error err = {0};
    assert_int_equal(lb_changeset_checksum(cs, 9, "mysql", sum, &err), -1);
    assert_non_null(strstr(err.message, "startWith"));
    xmlFreeDoc(doc);
    doc = lbt_parse_changeset("<changeSet id=\"b\" author=\"a\"><customChange/></changeSet>", &cs);
    assert_int_equal(lb_changeset_checksum(cs, 8, "mysql", sum, &err), -1);
    assert_non_null(strstr(err.message, "class"));
    xmlFreeDoc(doc);
    doc = lbt_parse_changeset("<changeSet id=\"b\" author=\"a\"><sqlFile path=\"x.sql\"/></changeSet>", &cs);
    assert_int_equal(lb_changeset_checksum(cs, 8, "mysql", sum, &err), -1);
    assert_non_null(strstr(err.message, "sqlFile"));
    xmlFreeDoc(doc);
    assert_int_equal(lb_changeset_checksum(cs, 7, "mysql", sum, &err), -1);
}

/* ---- CheckSum.parse / toString and the Java string order ---- */

static void expect_normalized(const char *in, const char *want)
{
    char *out = NULL;
    omrs_error err = {0};
    assert_int_equal(lb_checksum_normalize(in, &out, &err), 0);
    if (!want)
        assert_null(out);
    else
        assert_string_equal(out, want);
    free(out);
}

static void test_checksum_normalize(void **state)
{
    (void)state;
    expect_normalized("3:25127273b2d501664ce325922b0c7db2", "3:25127273b2d501664ce325922b0c7db2");
    expect_normalized("8:abc", "8:abc");
    expect_normalized("1b6141be5ec5e1e0c5e9d4f4c1b7c81", "1:1b6141be5ec5e1e0c5e9d4f4c1b7c81");
    expect_normalized("ANY", "1:ANY");
    expect_normalized("08:abc def", "8:abc");
    expect_normalized("9:", "1:9:");
    expect_normalized("", NULL);
    expect_normalized(NULL, NULL);
}

static void test_java_string_order(void **state)
{
    (void)state;
    assert_true(lb_java_strcmp("    [", "    a") < 0);          /* nested objects sort first */
    assert_true(lb_java_strcmp("B", "a") < 0);
    assert_true(lb_java_strcmp("ab", "abc") < 0);
    assert_int_equal(lb_java_strcmp("x\xC3\xA9", "x\xC3\xA9"), 0);
    /* U+1F600 (surrogates D83D DE00) sorts before U+FFFD in UTF-16, after it in code points */
    assert_true(lb_java_strcmp("\xF0\x9F\x98\x80", "\xEF\xBF\xBD") < 0);
    assert_true(lb_java_strcmp("\xEF\xBF\xBD", "\xF0\x9F\x98\x80") > 0);
    assert_true(lb_java_strcmp("\xED\x9F\xBF", "\xF0\x9F\x98\x80") < 0);   /* U+D7FF */
    assert_int_equal(lb_utf16_length("a\xC3\xA9\xF0\x9F\x98\x80"), 4);
    assert_int_equal(lb_java_hash("mysql"), 104382626);
}

static void test_line_endings_and_replacement_char(void **state)
{
    (void)state;
    char a[LB_CHECKSUM_SIZE], b[LB_CHECKSUM_SIZE];
    md5_of("a\r\nb\rc\xEF\xBF\xBD", 9, a);
    md5_of("a\nb\nc", 9, b);
    assert_string_equal(a, b);
    md5_of("", 8, a);
    assert_string_equal(a, "8:d41d8cd98f00b204e9800998ecf8427e");
}

/* ---- whole files against the oracle (shared/fixtures/oracle/checksums) ---- */

typedef struct oracle_row {
    char *id, *author, *md5, *description, *comments;
} oracle_row;

static void unescape_tsv(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 'n' ? '\n' : *r == 't' ? '\t' : *r == '0' ? '\0' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Reads ID, AUTHOR, MD5SUM, DESCRIPTION, COMMENTS of every row; returns the row count or
 * -1 when the file does not exist. */
static int read_oracle(const char *path, oracle_row **rows)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int count = 0;
    *rows = NULL;
    for (int header = 1; (n = getline(&line, &cap, f)) > 0; header = 0) {
        if (header)
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *field[12] = {0};
        int nf = 0;
        for (char *p = line; p && nf < 12; nf++) {
            field[nf] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        assert_true(nf >= 8);
        *rows = realloc(*rows, (size_t)(count + 1) * sizeof **rows);
        assert_non_null(*rows);
        oracle_row *r = &(*rows)[count++];
        char **dst[] = {&r->id, &r->author, NULL, &r->md5, NULL, NULL, &r->description, &r->comments};
        for (int i = 0; i < 8; i++)
            if (dst[i]) {
                *dst[i] = strdup(field[i]);
                unescape_tsv(*dst[i]);
            }
    }
    free(line);
    fclose(f);
    return count;
}

static void free_oracle(oracle_row *rows, int n)
{
    for (int i = 0; i < n; i++) {
        free(rows[i].id);
        free(rows[i].author);
        free(rows[i].md5);
        free(rows[i].description);
        free(rows[i].comments);
    }
    free(rows);
}

static void check_row(const char *file, xmlNodePtr cs, const oracle_row *r9, const oracle_row *r8)
{
    xmlChar *xid = xmlGetProp(cs, (const xmlChar *)"id");
    char sum[LB_CHECKSUM_SIZE], *d = NULL, *c = NULL;
    omrs_error err = {0};
    if (strcmp((const char *)xid, r9->id) != 0)
        fail_msg("%s: changeSet %s where the oracle has %s", file, (const char *)xid, r9->id);
    checksum_of(cs, 9, "mysql", sum);
    if (strcmp(sum, r9->md5) != 0)
        fail_msg("%s %s: v9 %s, oracle %s", file, r9->id, sum, r9->md5);
    if (r8) {
        checksum_of(cs, 8, "mysql", sum);
        if (strcmp(sum, r8->md5) != 0)
            fail_msg("%s %s: v8 %s, oracle %s", file, r8->id, sum, r8->md5);
    }
    assert_int_equal(lb_changeset_description(cs, &d, &err), 0);
    assert_int_equal(lb_changeset_comments(cs, &c, &err), 0);
    if (strcmp(d, r9->description) != 0 || strcmp(c, r9->comments) != 0)
        fail_msg("%s %s: description/comments differ: \"%s\" / \"%s\"", file, r9->id, d, c);
    free(d);
    free(c);
    xmlFree(xid);
}

static void check_oracle_file(const char *shared, const char *label, const char *dir, const char *changelog)
{
    char path[1024], flat[512], o9[1024], o8[1024];
    snprintf(flat, sizeof flat, "%s", changelog);
    for (char *p = flat; *p; p++)
        if (*p == '/') {
            memmove(p + 2, p + 1, strlen(p + 1) + 1);
            p[0] = p[1] = '_';
            p++;
        }
    snprintf(path, sizeof path, "%s/%s/%s", shared, dir, changelog);
    snprintf(o9, sizeof o9, "%s/fixtures/oracle/checksums/liquibase-4.28.1/%s/%s.tsv", shared, label, flat);
    snprintf(o8, sizeof o8, "%s/fixtures/oracle/checksums/liquibase-3.10.3/%s/%s.tsv", shared, label, flat);
    oracle_row *r9 = NULL, *r8 = NULL;
    int n9 = read_oracle(o9, &r9), n8 = read_oracle(o8, &r8);
    assert_true(n9 > 0);
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    assert_non_null(doc);
    int i = 0;
    for (xmlNodePtr cs = xmlDocGetRootElement(doc)->children; cs; cs = cs->next) {
        if (cs->type != XML_ELEMENT_NODE || strcmp((const char *)cs->name, "changeSet") != 0)
            continue;
        xmlChar *dbms = xmlGetProp(cs, (const xmlChar *)"dbms");
        bool applies = lb_dbms_matches((const char *)dbms, "mysql", true);
        xmlFree(dbms);
        if (!applies)
            continue;
        assert_true(i < n9);
        check_row(changelog, cs, &r9[i], i < n8 ? &r8[i] : NULL);
        i++;
    }
    assert_int_equal(i, n9);
    xmlFreeDoc(doc);
    free_oracle(r9, n9);
    if (n8 > 0)
        free_oracle(r8, n8);
}

static void test_oracle_files(void **state)
{
    (void)state;
    const char *shared = getenv("OMRS_SHARED");
    if (!shared || !*shared)
        skip();
    static const char *const FILES[][3] = {
        {"master", "fixtures/openmrs-core/master", "org/openmrs/liquibase/updates/liquibase-update-to-latest-2.0.x.xml"},
        {"master", "fixtures/openmrs-core/master", "org/openmrs/liquibase/snapshots/core-data/liquibase-core-data-2.9.x.xml"},
        {"master", "fixtures/openmrs-core/master", "org/openmrs/liquibase/snapshots/schema-only/liquibase-schema-only-2.5.x.xml"},
        {"master", "fixtures/openmrs-core/master", "org/openmrs/liquibase/updates/liquibase-update-to-latest-3.0.x.xml"},
        {"2.1.7", "fixtures/openmrs-core/2.1.7", "liquibase-update-to-2.0.xml"},
        {"sync", "fixtures/modules/sync/api/src/main/resources", "liquibase.xml"},
        {"emrapi", "fixtures/modules/emrapi", "liquibase.xml"},
    };
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++)
        check_oracle_file(shared, FILES[i][0], FILES[i][1], FILES[i][2]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example1_create_table),
        cmocka_unit_test(test_example2_foreign_key),
        cmocka_unit_test(test_example3_insert_and_indexes),
        cmocka_unit_test(test_example4_update_delete),
        cmocka_unit_test(test_example5_custom_change),
        cmocka_unit_test(test_each_change_type),
        cmocka_unit_test(test_other_change_types),
        cmocka_unit_test(test_column_conversions),
        cmocka_unit_test(test_column_list_quirks),
        cmocka_unit_test(test_dbms_matches),
        cmocka_unit_test(test_modify_sql_filtering),
        cmocka_unit_test(test_visitor_fields),
        cmocka_unit_test(test_sql_whitespace),
        cmocka_unit_test(test_v9_skips_other_dbms_changes),
        cmocka_unit_test(test_empty_changeset),
        cmocka_unit_test(test_description_limits),
        cmocka_unit_test(test_limit_size),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_unknown_change_is_an_error),
        cmocka_unit_test(test_bad_values_are_errors),
        cmocka_unit_test(test_checksum_normalize),
        cmocka_unit_test(test_java_string_order),
        cmocka_unit_test(test_line_endings_and_replacement_char),
        cmocka_unit_test(test_oracle_files),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
