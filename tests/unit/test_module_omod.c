/* .omod files: config.xml as ModuleFileParser reads it, and where sqldiff.xml and
 * liquibase.xml come from. The omods are real zips built with libzip at test time from the
 * module fixtures (shared/fixtures/modules). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "omod.h"
#include "resources.h"
#include "strutil.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))
#define BASICS "<id>demo</id><name>Demo</name><version>1.0.0</version><package>org.openmrs.module.demo</package>\n"
#define CONFIG(config_version, body) \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<module configVersion=\"" config_version "\">\n" body "</module>\n"

typedef struct blob {
    const char *data;
    size_t len;
} blob;

typedef struct entry {
    const char *name;
    blob content;
} entry;

static char dir[256];

/* Fixture files, read once for the whole group. */
static struct {
    const char *rel;
    char *data;
    size_t len;
} fixtures[] = {
    {"formentry/config.xml", NULL, 0},
    {"formentry/sqldiff.xml", NULL, 0},
    {"emrapi/config.xml", NULL, 0},
    {"emrapi/liquibase.xml", NULL, 0},
    {"sync/omod/src/main/resources/config.xml", NULL, 0},
    {"sync/api/src/main/resources/sqldiff.xml", NULL, 0},
    {"sync/api/src/main/resources/liquibase.xml", NULL, 0},
};
enum { FORMENTRY_CONFIG, FORMENTRY_SQLDIFF, EMRAPI_CONFIG, EMRAPI_LIQUIBASE, SYNC_CONFIG, SYNC_SQLDIFF, SYNC_LIQUIBASE };

static const char *modules_dir(char *buf, size_t size)
{
    const char *shared = getenv("OMRS_SHARED");
    if (!shared || !*shared)
        fail_msg("OMRS_SHARED is not set: run through make check, or point it at the shared folder");
    snprintf(buf, size, "%s/fixtures/modules", shared);
    return buf;
}

static blob fixture(int which)
{
    return (blob){fixtures[which].data, fixtures[which].len};
}

static blob text(const char *s)
{
    return (blob){s, strlen(s)};
}

static int load_fixtures(void **state)
{
    (void)state;
    char base[512], path[1024];
    modules_dir(base, sizeof base);
    for (size_t i = 0; i < COUNT(fixtures); i++) {
        snprintf(path, sizeof path, "%s/%s", base, fixtures[i].rel);
        if (omrs_read_file(path, &fixtures[i].data, &fixtures[i].len) < 0) {
            fprintf(stderr, "cannot read %s (set OMRS_SHARED?)\n", path);
            return -1;
        }
    }
    return 0;
}

static int free_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(fixtures); i++)
        free(fixtures[i].data);
    return 0;
}

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/omod-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *in_dir(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

static void write_file(const char *path, blob content)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content.data, 1, content.len, f), content.len);
    assert_int_equal(fclose(f), 0);
}

static void write_zip(const char *path, const entry *entries, size_t count)
{
    int code = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
    assert_non_null(z);
    for (size_t i = 0; i < count; i++) {
        void *copy = malloc(entries[i].content.len + 1);
        assert_non_null(copy);
        memcpy(copy, entries[i].content.data, entries[i].content.len);
        zip_source_t *src = zip_source_buffer(z, copy, entries[i].content.len, 1);
        assert_non_null(src);
        assert_true(zip_file_add(z, entries[i].name, src, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

/* A jar's bytes, to store inside an omod. Free with free(). */
static blob make_jar(const entry *entries, size_t count)
{
    char path[512];
    in_dir(path, sizeof path, "building.jar");
    write_zip(path, entries, count);
    char *data;
    size_t len;
    assert_int_equal(omrs_read_file(path, &data, &len), 0);
    unlink(path);
    return (blob){data, len};
}

static void expect_str(const char *actual, const char *expected)
{
    if (!expected)
        assert_null(actual);
    else if (!actual)
        fail_msg("NULL, expected '%s'", expected);
    else
        assert_string_equal(actual, expected);
}

static void expect_blob(const char *data, size_t len, blob expected)
{
    assert_non_null(data);
    assert_int_equal(len, expected.len);
    assert_memory_equal(data, expected.data, len);
    assert_int_equal(data[len], '\0');
}

static void expect_message(const omrs_error *err, const char *part)
{
    if (!strstr(err->message, part))
        fail_msg("'%s' does not contain '%s'", err->message, part);
}

static void expect_open_error(const char *path, omrs_code code, const char *part)
{
    omrs_omod o;
    omrs_error err = {0};
    assert_int_equal(omrs_omod_open(path, &o, &err), -1);
    assert_int_equal(err.code, code);
    expect_message(&err, path);
    expect_message(&err, part);
    assert_null(o.path);   /* nothing left to free */
}

/* The liquibase.xml the omod's resources hold, compared with the expected bytes. */
static void expect_liquibase(const omrs_omod *o, const char *resources_name, blob expected)
{
    lb_resources *r;
    omrs_error err = {0};
    assert_int_equal(omrs_omod_liquibase_resources(o, &r, &err), 0);
    assert_true(lb_resources_exists(r, "liquibase.xml"));
    assert_string_equal(lb_resources_name(r), resources_name);
    char *data;
    size_t len;
    assert_int_equal(lb_resources_read(r, "liquibase.xml", &data, &len, &err), 0);
    expect_blob(data, len, expected);
    free(data);
    lb_resources_free(r);
}

/* ---- layouts ------------------------------------------------------------ */

static void test_root_layout(void **state)
{
    (void)state;
    char path[512], name[600];
    in_dir(path, sizeof path, "formentry.omod");
    entry files[] = {
        {"config.xml", fixture(FORMENTRY_CONFIG)},
        {"sqldiff.xml", fixture(FORMENTRY_SQLDIFF)},
        {"liquibase.xml", fixture(EMRAPI_LIQUIBASE)},
        {"web/module/index.jsp", text("<p/>")},
    };
    write_zip(path, files, COUNT(files));
    omrs_omod o;
    omrs_error err = {0};
    assert_int_equal(omrs_omod_open(path, &o, &err), 0);
    assert_string_equal(o.path, path);
    assert_string_equal(o.config.id, "@MODULE_ID@");
    expect_str(o.sqldiff_source, "omod root");
    expect_blob(o.sqldiff, o.sqldiff_len, fixture(FORMENTRY_SQLDIFF));
    expect_str(o.liquibase_source, "omod root");
    snprintf(name, sizeof name, "jar %s", path);
    expect_liquibase(&o, name, fixture(EMRAPI_LIQUIBASE));
    omrs_omod_close(&o);
    assert_null(o.path);
    omrs_omod_close(&o);   /* closing twice is harmless */
}

static void test_api_jar_layout(void **state)
{
    (void)state;
    char path[512], name[600];
    in_dir(path, sizeof path, "sync.omod");
    entry api_files[] = {
        {"META-INF/MANIFEST.MF", text("Manifest-Version: 1.0\n")},
        {"sqldiff.xml", fixture(SYNC_SQLDIFF)},
        {"liquibase.xml", fixture(SYNC_LIQUIBASE)},
    };
    entry util_files[] = {{"org/x/Util.class", text("\xca\xfe\xba\xbe")}};
    blob api = make_jar(api_files, COUNT(api_files));
    blob util = make_jar(util_files, COUNT(util_files));
    /* The sync fixture is unfiltered: its id and version are the maven placeholders, and
     * OpenMRS would build the api jar name from them as written. "lib/0-util.jar" sorts
     * before it and has no liquibase.xml. */
    entry files[] = {
        {"config.xml", fixture(SYNC_CONFIG)},
        {"lib/@MODULE_ID@-api-@MODULE_VERSION@.jar", api},
        {"lib/0-util.jar", util},
        {"org/x/web/Controller.class", text("\xca\xfe\xba\xbe")},
    };
    write_zip(path, files, COUNT(files));
    free((void *)api.data);
    free((void *)util.data);
    omrs_omod o;
    omrs_error err = {0};
    assert_int_equal(omrs_omod_open(path, &o, &err), 0);
    assert_true(o.config.mandatory);
    expect_str(o.sqldiff_source, "lib/@MODULE_ID@-api-@MODULE_VERSION@.jar");
    expect_blob(o.sqldiff, o.sqldiff_len, fixture(SYNC_SQLDIFF));
    expect_str(o.liquibase_source, "lib/@MODULE_ID@-api-@MODULE_VERSION@.jar");
    snprintf(name, sizeof name, "@MODULE_ID@-api-@MODULE_VERSION@.jar in %s", path);
    expect_liquibase(&o, name, fixture(SYNC_LIQUIBASE));
    omrs_omod_close(&o);
}

/* Section 1.1: sqldiff.xml from the api jar, liquibase.xml from the root. */
static void test_both_copies_opposite_precedence(void **state)
{
    (void)state;
    char path[512], name[600];
    in_dir(path, sizeof path, "demo-1.0.0.omod");
    entry api_files[] = {{"sqldiff.xml", fixture(SYNC_SQLDIFF)}, {"liquibase.xml", fixture(SYNC_LIQUIBASE)}};
    blob api = make_jar(api_files, COUNT(api_files));
    entry files[] = {
        {"config.xml", text(CONFIG("1.6", BASICS))},
        {"sqldiff.xml", fixture(FORMENTRY_SQLDIFF)},
        {"liquibase.xml", fixture(EMRAPI_LIQUIBASE)},
        {"lib/demo-api-1.0.0.jar", api},
    };
    write_zip(path, files, COUNT(files));
    free((void *)api.data);
    omrs_omod o;
    omrs_error err = {0};
    assert_int_equal(omrs_omod_open(path, &o, &err), 0);
    expect_str(o.sqldiff_source, "lib/demo-api-1.0.0.jar");
    expect_blob(o.sqldiff, o.sqldiff_len, fixture(SYNC_SQLDIFF));
    expect_str(o.liquibase_source, "omod root");
    snprintf(name, sizeof name, "jar %s", path);
    expect_liquibase(&o, name, fixture(EMRAPI_LIQUIBASE));
    omrs_omod_close(&o);
}

/* Only lib/<id>-api-<version>.jar, that exact name, is searched for sqldiff.xml; the class
 * loader still finds liquibase.xml in it. */
static void test_misnamed_api_jar(void **state)
{
    (void)state;
    char path[512], name[600];
    entry api_files[] = {{"sqldiff.xml", fixture(SYNC_SQLDIFF)}, {"liquibase.xml", fixture(SYNC_LIQUIBASE)}};
    blob api = make_jar(api_files, COUNT(api_files));
    entry files[] = {
        {"config.xml", text(CONFIG("1.6", BASICS))},
        {"lib/demo-api-1.0.0-SNAPSHOT.jar", api},
        {"sqldiff.xml", fixture(FORMENTRY_SQLDIFF)},
    };
    in_dir(path, sizeof path, "with-root-copy.omod");
    write_zip(path, files, COUNT(files));
    omrs_omod o;
    omrs_error err = {0};
    assert_int_equal(omrs_omod_open(path, &o, &err), 0);
    expect_str(o.sqldiff_source, "omod root");
    expect_blob(o.sqldiff, o.sqldiff_len, fixture(FORMENTRY_SQLDIFF));
    expect_str(o.liquibase_source, "lib/demo-api-1.0.0-SNAPSHOT.jar");
    snprintf(name, sizeof name, "demo-api-1.0.0-SNAPSHOT.jar in %s", path);
    expect_liquibase(&o, name, fixture(SYNC_LIQUIBASE));
    omrs_omod_close(&o);

    in_dir(path, sizeof path, "without-root-copy.omod");
    write_zip(path, files, 2);
    assert_int_equal(omrs_omod_open(path, &o, &err), 0);
    assert_null(o.sqldiff);
    assert_int_equal(o.sqldiff_len, 0);
    assert_null(o.sqldiff_source);
    expect_str(o.liquibase_source, "lib/demo-api-1.0.0-SNAPSHOT.jar");
    omrs_omod_close(&o);
    free((void *)api.data);
}

/* An api jar without sqldiff.xml falls back to the root copy; liquibase.xml is taken from
 * the first lib/ jar (recursively, in name order) that has one. */
static void test_fallbacks_and_jar_order(void **state)
{
    (void)state;
    char path[512];
    entry with_files[] = {{"liquibase.xml", fixture(SYNC_LIQUIBASE)}};
    entry without_files[] = {{"org/x/A.class", text("\xca\xfe\xba\xbe")}};
    blob with = make_jar(with_files, COUNT(with_files));
    blob without = make_jar(without_files, COUNT(without_files));
    entry files[] = {
        {"config.xml", text(CONFIG("1.2", BASICS))},
        {"lib/c.jar", with},
        {"lib/demo-api-1.0.0.jar", without},
        {"lib/b/inner.jar", with},
        {"lib/a.jar", without},
        {"lib/notes.txt", text("not a jar")},
        {"sqldiff.xml", fixture(FORMENTRY_SQLDIFF)},
    };
    in_dir(path, sizeof path, "order.omod");
    write_zip(path, files, COUNT(files));
    free((void *)with.data);
    free((void *)without.data);
    omrs_omod o;
    omrs_error err = {0};
    assert_int_equal(omrs_omod_open(path, &o, &err), 0);
    expect_str(o.sqldiff_source, "omod root");
    expect_str(o.liquibase_source, "lib/b/inner.jar");
    omrs_omod_close(&o);
}

static void test_no_liquibase(void **state)
{
    (void)state;
    char path[512];
    entry files[] = {{"config.xml", fixture(FORMENTRY_CONFIG)}, {"sqldiff.xml", fixture(FORMENTRY_SQLDIFF)}};
    in_dir(path, sizeof path, "formentry.omod");
    write_zip(path, files, COUNT(files));
    omrs_omod o;
    omrs_error err = {0};
    assert_int_equal(omrs_omod_open(path, &o, &err), 0);
    assert_null(o.liquibase_source);
    lb_resources *r = NULL;
    assert_int_equal(omrs_omod_liquibase_resources(&o, &r, &err), -1);
    assert_null(r);
    expect_message(&err, path);
    expect_message(&err, "no liquibase.xml");
    omrs_omod_close(&o);
}

/* ---- bad input ---------------------------------------------------------- */

static void test_bad_files(void **state)
{
    (void)state;
    char path[512];
    expect_open_error(in_dir(path, sizeof path, "absent.omod"), OMRS_ERR_IO, "cannot open it (No such file");
    assert_int_equal(mkdir(in_dir(path, sizeof path, "dir.omod"), 0755), 0);
    expect_open_error(path, OMRS_ERR_IO, "dir.omod: cannot open it (Is a directory)");
    write_file(in_dir(path, sizeof path, "text.omod"), text("this is not a zip file\n"));
    expect_open_error(path, OMRS_ERR_PARSE, "text.omod: not a zip file (");

    entry nested[] = {{"foo/config.xml", fixture(FORMENTRY_CONFIG)}, {"sqldiff.xml", fixture(FORMENTRY_SQLDIFF)}};
    write_zip(in_dir(path, sizeof path, "noconfig.omod"), nested, COUNT(nested));
    expect_open_error(path, OMRS_ERR_PARSE, "noconfig.omod: no config.xml at the root: OpenMRS will not load it");

    /* A good module under a name OpenMRS skips. */
    entry good[] = {{"config.xml", fixture(FORMENTRY_CONFIG)}};
    const char *names[] = {"formentry.jar", "formentry.OMOD", "formentry.omod.bak", "formentry"};
    for (size_t i = 0; i < COUNT(names); i++) {
        write_zip(in_dir(path, sizeof path, names[i]), good, COUNT(good));
        expect_open_error(path, OMRS_ERR_PARSE, "does not end in \".omod\"");
    }

    entry no_id[] = {{"config.xml", text(CONFIG("1.2", "<name>N</name><package>p</package>"))}};
    write_zip(in_dir(path, sizeof path, "noid.omod"), no_id, COUNT(no_id));
    expect_open_error(path, OMRS_ERR_PARSE, "noid.omod: config.xml: no <id>");

    entry bad_version[] = {{"config.xml", text(CONFIG("9.9", BASICS))}};
    write_zip(in_dir(path, sizeof path, "badversion.omod"), bad_version, COUNT(bad_version));
    expect_open_error(path, OMRS_ERR_PARSE,
                      "badversion.omod: config.xml: configVersion '9.9' is not one OpenMRS accepts (1.0-1.7, 2.0)");

    entry malformed[] = {{"config.xml", text("<module configVersion=\"1.2\">\n<id>x</name>\n</module>")}};
    write_zip(in_dir(path, sizeof path, "malformed.omod"), malformed, COUNT(malformed));
    expect_open_error(path, OMRS_ERR_PARSE, "malformed.omod: config.xml:2: not well-formed XML");
}

static void test_corrupt_nested_jars(void **state)
{
    (void)state;
    char path[512];
    /* The api jar is opened for sqldiff.xml. */
    entry api[] = {{"config.xml", text(CONFIG("1.6", BASICS))}, {"lib/demo-api-1.0.0.jar", text("garbage")}};
    write_zip(in_dir(path, sizeof path, "badapi.omod"), api, COUNT(api));
    expect_open_error(path, OMRS_ERR_PARSE, "badapi.omod: lib/demo-api-1.0.0.jar is not a readable jar (");
    /* Any lib/ jar is opened while looking for liquibase.xml. */
    entry lib[] = {
        {"config.xml", text(CONFIG("1.6", BASICS))},
        {"lib/broken.jar", text("PK\x03\x04 truncated")},
        {"sqldiff.xml", fixture(FORMENTRY_SQLDIFF)},
    };
    write_zip(in_dir(path, sizeof path, "badlib.omod"), lib, COUNT(lib));
    expect_open_error(path, OMRS_ERR_PARSE, "badlib.omod: lib/broken.jar is not a readable jar (");
}

/* ---- lb_resources on zip entries ---------------------------------------- */

static void test_resources_zip_entry_and_war(void **state)
{
    (void)state;
    char path[512], name[600];
    entry jar_files[] = {{"liquibase-schema-only.xml", text("<databaseChangeLog/>")}};
    blob jar = make_jar(jar_files, COUNT(jar_files));
    entry war_files[] = {
        {"WEB-INF/web.xml", text("<web-app/>")},
        {"WEB-INF/lib/openmrs-api-2.4.7.jar", jar},
        {"top.jar", jar},
        {"WEB-INF/lib/broken.jar", text("garbage")},
    };
    write_zip(in_dir(path, sizeof path, "openmrs.war"), war_files, COUNT(war_files));
    free((void *)jar.data);
    lb_resources *r;
    omrs_error err = {0};

    assert_int_equal(lb_resources_open_war(path, &r, &err), 0);
    snprintf(name, sizeof name, "openmrs-api-2.4.7.jar in %s", path);
    assert_string_equal(lb_resources_name(r), name);
    assert_true(lb_resources_exists(r, "liquibase-schema-only.xml"));
    lb_resources_free(r);

    assert_int_equal(lb_resources_open_zip_entry(path, "top.jar", &r, &err), 0);
    snprintf(name, sizeof name, "top.jar in %s", path);
    assert_string_equal(lb_resources_name(r), name);
    assert_true(lb_resources_exists(r, "liquibase-schema-only.xml"));
    assert_false(lb_resources_exists(r, "liquibase.xml"));
    lb_resources_free(r);

    assert_int_equal(lb_resources_open_zip_entry(path, "WEB-INF/lib/missing.jar", &r, &err), -1);
    expect_message(&err, "no WEB-INF/lib/missing.jar inside");
    assert_int_equal(lb_resources_open_zip_entry(path, "WEB-INF/lib/broken.jar", &r, &err), -1);
    expect_message(&err, "cannot read WEB-INF/lib/broken.jar");
    in_dir(path, sizeof path, "absent.omod");
    assert_int_equal(lb_resources_open_zip_entry(path, "lib/x.jar", &r, &err), -1);
    expect_message(&err, path);
}

/* ---- config.xml: the fixtures ------------------------------------------- */

static int parse_file(const char *path, omrs_module_config *c, omrs_error *err)
{
    char *data;
    size_t len;
    if (omrs_read_file(path, &data, &len) < 0)
        fail_msg("cannot read %s", path);
    int rc = omrs_module_config_parse(data, len, path, c, err);
    free(data);
    return rc;
}

/* Parses every config.xml below path; returns how many. */
static int parse_all_configs(const char *path)
{
    DIR *d = opendir(path);
    assert_non_null(d);
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char child[1024];
        struct stat st;
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        assert_int_equal(stat(child, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            count += parse_all_configs(child);
        } else if (strcmp(e->d_name, "config.xml") == 0) {
            omrs_module_config c;
            omrs_error err = {0};
            if (parse_file(child, &c, &err) != 0)
                fail_msg("%s", err.message);
            assert_true(c.id[0] && c.name[0] && c.package[0]);
            omrs_module_config_free(&c);
            count++;
        }
    }
    closedir(d);
    return count;
}

static void test_every_fixture_config_parses(void **state)
{
    (void)state;
    char modules[512];
    assert_true(parse_all_configs(modules_dir(modules, sizeof modules)) >= 10);
}

static void parse_fixture(const char *rel, omrs_module_config *c)
{
    char modules[512], path[1024];
    snprintf(path, sizeof path, "%s/%s", modules_dir(modules, sizeof modules), rel);
    omrs_error err = {0};
    if (parse_file(path, c, &err) != 0)
        fail_msg("%s", err.message);
}

static void expect_dep(const omrs_module_dep *d, const char *package, const char *version)
{
    assert_string_equal(d->package, package);
    expect_str(d->version, version);
}

static void test_fixture_configs_by_hand(void **state)
{
    (void)state;
    omrs_module_config c;

    parse_fixture("xforms/config.xml", &c);   /* a commented-out DOCTYPE */
    assert_string_equal(c.config_version, "1.0");
    assert_string_equal(c.id, "xforms");
    assert_string_equal(c.name, "XForms");
    assert_string_equal(c.version, "@MODULE_VERSION@");
    assert_string_equal(c.package, "org.openmrs.module.@MODULE_ID@");
    assert_int_equal(c.require_count, 0);
    assert_int_equal(c.aware_count, 5);
    expect_dep(&c.aware_of_modules[0], "org.openmrs.module.uiframework", NULL);
    expect_dep(&c.aware_of_modules[4], "org.openmrs.module.legacyui", NULL);
    assert_false(c.mandatory);
    omrs_module_config_free(&c);

    parse_fixture("formentry/config.xml", &c);   /* DOCTYPE naming resources.openmrs.org */
    assert_string_equal(c.id, "@MODULE_ID@");
    assert_string_equal(c.name, "@MODULE_NAME@");   /* not a later <privilege><name> */
    assert_string_equal(c.version, "@MODULE_VERSION@");
    assert_string_equal(c.package, "@MODULE_PACKAGE@");
    omrs_module_config_free(&c);

    parse_fixture("appointmentscheduling/config.xml", &c);   /* values spread over lines */
    assert_string_equal(c.config_version, "1.2");
    assert_string_equal(c.id, "${project.parent.artifactId}");
    assert_string_equal(c.version, "${project.parent.version}");
    assert_string_equal(c.package, "${project.parent.groupId}.${project.parent.artifactId}");
    assert_string_equal(c.author, "Tobin,Adam,Yonatan");
    assert_string_equal(c.description, "${project.parent.description}");
    assert_string_equal(c.update_url, "https://dev.openmrs.org/modules/download/${project.parent.artifactId}/update.rdf");
    assert_string_equal(c.require_version, "1.11.3, 1.10.2 - 1.10.*, 1.9.9 - 1.9.*");
    assert_string_equal(c.require_database_version, "");
    assert_int_equal(c.require_count, 2);
    expect_dep(&c.require_modules[0], "org.openmrs.module.webservices.rest", "${webservicesRestVersion}");
    expect_dep(&c.require_modules[1], "org.openmrs.module.reporting", "${reportingModuleVersion}");
    assert_int_equal(c.aware_count, 1);
    expect_dep(&c.aware_of_modules[0], "org.openmrs.module.legacyui", NULL);
    omrs_module_config_free(&c);

    parse_fixture("providermanagement/config.xml", &c);   /* a second <aware_of_modules>, ignored */
    assert_int_equal(c.aware_count, 1);
    expect_dep(&c.aware_of_modules[0], "org.openmrs.module.legacyui", NULL);
    assert_int_equal(c.require_count, 3);
    expect_dep(&c.require_modules[2], "org.openmrs.module.webservices.rest", "${webservicesRestVersion}");
    omrs_module_config_free(&c);

    parse_fixture("emrapi/config.xml", &c);   /* a later <version> inside <conditionalResources> */
    assert_string_equal(c.config_version, "1.6");
    assert_string_equal(c.version, "${project.parent.version}");
    assert_string_equal(c.activator, "${project.parent.groupId}.${project.parent.artifactId}.EmrApiActivator");
    assert_int_equal(c.aware_count, 3);
    expect_dep(&c.aware_of_modules[0], "org.openmrs.module.legacyui", NULL);
    expect_dep(&c.aware_of_modules[2], "org.openmrs.module.reporting", "${reportingModuleVersion}");
    assert_int_equal(c.require_count, 3);
    expect_dep(&c.require_modules[1], "org.openmrs.event", "${eventVersion}");
    assert_false(c.mandatory);
    omrs_module_config_free(&c);

    parse_fixture("sync/omod/src/main/resources/config.xml", &c);
    assert_string_equal(c.config_version, "1.3");
    assert_string_equal(c.author, "Maros Cunderlik");
    assert_true(c.mandatory);
    omrs_module_config_free(&c);

    parse_fixture("remoteformentry/config.xml", &c);
    assert_int_equal(c.require_count, 1);
    expect_dep(&c.require_modules[0], "org.openmrs.module.formentry", "4.5.9.3");
    omrs_module_config_free(&c);

    parse_fixture("patientmatching/config.xml", &c);
    assert_int_equal(c.require_count, 1);
    expect_dep(&c.require_modules[0], "${project.parent.groupId}.legacyui", "${legacyUiVersion}");
    omrs_module_config_free(&c);
}

/* ---- config.xml: rules, inline ------------------------------------------ */

static int parse_text(const char *xml, omrs_module_config *c, omrs_error *err)
{
    return omrs_module_config_parse(xml, strlen(xml), "cfg.xml", c, err);
}

static void parse_ok(const char *xml, omrs_module_config *c)
{
    omrs_error err = {0};
    if (parse_text(xml, c, &err) != 0)
        fail_msg("%s", err.message);
}

static void expect_parse_error(const char *xml, const char *message)
{
    omrs_module_config c;
    omrs_error err = {0};
    assert_int_equal(parse_text(xml, &c, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_PARSE);
    expect_message(&err, message);
    assert_null(c.id);   /* nothing left to free */
}

static void test_first_element_in_document_order(void **state)
{
    (void)state;
    omrs_module_config c;
    parse_ok(CONFIG("1.6",
                    "<privilege><name>Priv Name</name><description>Priv desc</description></privilege>\n"
                    "<conditionalResources><conditionalResource><modules><module><moduleId>m</moduleId>"
                    "<version>9.9.9</version></module></modules></conditionalResource></conditionalResources>\n"
                    "<id>demo</id><name>Top Name</name><version>1.0.0</version><package>p</package>\n"
                    "<description>Top desc</description>\n"),
             &c);
    assert_string_equal(c.name, "Priv Name");
    assert_string_equal(c.description, "Priv desc");
    assert_string_equal(c.version, "9.9.9");
    assert_string_equal(c.id, "demo");
    omrs_module_config_free(&c);
}

static void test_trimming_and_text_content(void **state)
{
    (void)state;
    omrs_module_config c;
    parse_ok("<module configVersion=\" 1.3\t\">\n"
             "<id>\t\n  demo \r\n</id><name>N</name><package>p</package>\n"
             "<description><![CDATA[  <b>cdata</b> ]]> and <!-- not this --> text <em>inner</em>\n</description>\n"
             "<author>\xc2\xa0" "A </author>\n"   /* U+00A0 is above U+0020: Java's trim keeps it */
             "</module>\n",
             &c);
    assert_string_equal(c.config_version, "1.3");
    assert_string_equal(c.id, "demo");
    assert_string_equal(c.description, "<b>cdata</b>  and  text inner");
    assert_string_equal(c.author, "\xc2\xa0" "A");
    /* Absent elements are "" (never NULL). */
    assert_string_equal(c.version, "");
    assert_string_equal(c.activator, "");
    assert_string_equal(c.update_url, "");
    assert_null(c.require_modules);
    assert_int_equal(c.require_count, 0);
    omrs_module_config_free(&c);
}

static void test_required_fields(void **state)
{
    (void)state;
    expect_parse_error(CONFIG("1.2", "<name>N</name><package>p</package>"), "cfg.xml: no <id>");
    expect_parse_error(CONFIG("1.2", "<id> \n </id><name>N</name><package>p</package>"), "cfg.xml: no <id>");
    expect_parse_error(CONFIG("1.2", "<id>i</id><package>p</package>"), "cfg.xml: no <name>");
    expect_parse_error(CONFIG("1.2", "<id>i</id><name>N</name><package/>"), "cfg.xml: no <package>");
    /* ModuleFileParser's order: the name is checked before the id. */
    expect_parse_error(CONFIG("1.2", "<package>p</package>"), "cfg.xml: no <name>");
    /* The root itself is not "below the root". */
    expect_parse_error("<id configVersion=\"1.2\"><name>N</name><package>p</package></id>", "cfg.xml: no <id>");
    expect_parse_error("<module configVersion=\"1.2\">\n<id>x</name>\n</module>", "cfg.xml:2: not well-formed XML");
    expect_parse_error("", "cfg.xml");
}

static void test_config_versions(void **state)
{
    (void)state;
    const char *accepted[] = {"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "2.0"};
    for (size_t i = 0; i < COUNT(accepted); i++) {
        char xml[512];
        snprintf(xml, sizeof xml, "<module configVersion=\"%s\">" BASICS "</module>", accepted[i]);
        omrs_module_config c;
        parse_ok(xml, &c);
        assert_string_equal(c.config_version, accepted[i]);
        omrs_module_config_free(&c);
    }
    expect_parse_error(CONFIG("9.9", BASICS),
                       "cfg.xml: configVersion '9.9' is not one OpenMRS accepts (1.0-1.7, 2.0)");
    expect_parse_error(CONFIG("1.8", BASICS), "configVersion '1.8'");
    expect_parse_error(CONFIG("2", BASICS), "configVersion '2'");
    expect_parse_error(CONFIG("1.30", BASICS), "configVersion '1.30'");
    expect_parse_error("<module>" BASICS "</module>", "configVersion ''");
    /* Reported before a missing id, as OpenMRS checks it first. */
    expect_parse_error(CONFIG("0.9", "<name>N</name>"), "configVersion '0.9'");
}

static bool mandatory(const char *xml)
{
    omrs_module_config c;
    parse_ok(xml, &c);
    bool m = c.mandatory;
    omrs_module_config_free(&c);
    return m;
}

static void test_mandatory(void **state)
{
    (void)state;
    assert_false(mandatory(CONFIG("1.2", BASICS "<mandatory>true</mandatory>")));
    assert_false(mandatory(CONFIG("1.0", BASICS "<mandatory>TRUE</mandatory>")));
    assert_true(mandatory(CONFIG("1.3", BASICS "<mandatory>TRUE</mandatory>")));
    assert_true(mandatory(CONFIG("1.3", BASICS "<mandatory>\n  True \n</mandatory>")));
    assert_true(mandatory(CONFIG("2.0", BASICS "<mandatory>true</mandatory>")));
    assert_false(mandatory(CONFIG("1.4", BASICS "<mandatory>yes</mandatory>")));
    assert_false(mandatory(CONFIG("1.7", BASICS)));
}

static void test_required_and_aware_of_modules(void **state)
{
    (void)state;
    omrs_module_config c;
    parse_ok(CONFIG("1.4", BASICS
                    "<require_module>org.stray</require_module>\n"   /* not inside the first list */
                    "<require_modules>\n"
                    "  <require_module version=\"1.2.0\">org.openmrs.module.a</require_module>\n"
                    "  <require_module>\n  org.openmrs.module.b\n  </require_module>\n"
                    "  <require_module version=\" 2.0 \">org.openmrs.module.c</require_module>\n"
                    "  <require_module version=\"\">org.openmrs.module.d</require_module>\n"
                    "  <group><require_module>org.openmrs.module.deep</require_module></group>\n"
                    "  <require_module version=\"1.3.0\">org.openmrs.module.a</require_module>\n"
                    "</require_modules>\n"
                    "<require_modules><require_module>org.second.list</require_module></require_modules>\n"
                    "<aware_of_modules><aware_of_module version=\"3\">org.x</aware_of_module>"
                    "<require_module>org.not.aware</require_module></aware_of_modules>\n"),
             &c);
    assert_int_equal(c.require_count, 5);
    expect_dep(&c.require_modules[0], "org.openmrs.module.a", "1.3.0");   /* a map: the later version */
    expect_dep(&c.require_modules[1], "org.openmrs.module.b", NULL);
    expect_dep(&c.require_modules[2], "org.openmrs.module.c", " 2.0 ");   /* attribute as written */
    expect_dep(&c.require_modules[3], "org.openmrs.module.d", "");
    expect_dep(&c.require_modules[4], "org.openmrs.module.deep", NULL);
    assert_int_equal(c.aware_count, 1);
    expect_dep(&c.aware_of_modules[0], "org.x", "3");
    omrs_module_config_free(&c);
}

/* Not namespace-aware: names compare as written; no DTD is read, whatever the DOCTYPE says. */
static void test_namespaces_and_doctype(void **state)
{
    (void)state;
    omrs_module_config c;
    parse_ok(CONFIG("1.2", "<x:id xmlns:x=\"urn:x\">wrong</x:id><y:name>undeclared prefix</y:name>" BASICS), &c);
    assert_string_equal(c.id, "demo");
    assert_string_equal(c.name, "Demo");
    omrs_module_config_free(&c);

    char dtd[512], xml[2048];
    write_file(in_dir(dtd, sizeof dtd, "config.dtd"),
               text("<!ENTITY who \"LOADED\">\n<!ATTLIST module configVersion CDATA \"1.2\">\n"));
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE module PUBLIC \"-//OpenMRS//DTD OpenMRS Config 1.0//EN\" \"file://%s\">\n"
             "<module configVersion=\"1.3\">" BASICS "<author>&who;</author></module>\n",
             dtd);
    parse_ok(xml, &c);
    assert_string_equal(c.author, "");
    omrs_module_config_free(&c);

    /* Without a DOCTYPE an undeclared entity is a well-formedness error, in Java too. */
    expect_parse_error(CONFIG("1.2", BASICS "<author>&who;</author>"), "cfg.xml:4: not well-formed XML: Entity 'who'");

    /* The DTD's default attribute is not applied either. */
    snprintf(xml, sizeof xml, "<!DOCTYPE module SYSTEM \"file://%s\">\n<module>" BASICS "</module>\n", dtd);
    expect_parse_error(xml, "configVersion ''");

    parse_ok("<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE module PUBLIC \"-//OpenMRS//DTD OpenMRS Config 1.2//EN\" "
             "\"http://resources.openmrs.org/doctype/config-1.2.dtd\">\n"
             "<module configVersion=\"1.2\">" BASICS "</module>\n",
             &c);
    assert_string_equal(c.package, "org.openmrs.module.demo");
    omrs_module_config_free(&c);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, make_dir, remove_dir)
    const struct CMUnitTest tests[] = {
        T(test_root_layout),
        T(test_api_jar_layout),
        T(test_both_copies_opposite_precedence),
        T(test_misnamed_api_jar),
        T(test_fallbacks_and_jar_order),
        T(test_no_liquibase),
        T(test_bad_files),
        T(test_corrupt_nested_jars),
        T(test_resources_zip_entry_and_war),
        cmocka_unit_test(test_every_fixture_config_parses),
        cmocka_unit_test(test_fixture_configs_by_hand),
        cmocka_unit_test(test_first_element_in_document_order),
        cmocka_unit_test(test_trimming_and_text_content),
        cmocka_unit_test(test_required_fields),
        cmocka_unit_test(test_config_versions),
        cmocka_unit_test(test_mandatory),
        cmocka_unit_test(test_required_and_aware_of_modules),
        T(test_namespaces_and_doctype),
    };
#undef T
    return cmocka_run_group_tests_name("module_omod", tests, load_fixtures, free_fixtures);
}
