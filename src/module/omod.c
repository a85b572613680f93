#include "omod.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

#include "javadom.h"
#include "strutil.h"
#include "zipentry.h"

#define ROOT_SOURCE "omod root"

/* ---- config.xml ----------------------------------------------------------- */

/* The DOM is not namespace-aware: a tag matches only as written, so "x:id" is not "id". */
static bool is_tag(xmlNodePtr n, const char *tag)
{
    return n->type == XML_ELEMENT_NODE && !(n->ns && n->ns->prefix) && strcmp((const char *)n->name, tag) == 0;
}

/* The node after n in document order, staying below top; NULL past the end. */
static xmlNodePtr next_below(xmlNodePtr n, xmlNodePtr top)
{
    if (n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    while (n != top && !n->next)
        n = n->parent;
    return n == top ? NULL : n->next;
}

/* DOM getElementsByTagName(tag).item(0): the first element below top in document order. */
static xmlNodePtr first_below(xmlNodePtr top, const char *tag)
{
    for (xmlNodePtr n = next_below(top, top); n; n = next_below(n, top))
        if (is_tag(n, tag))
            return n;
    return NULL;
}

/* Java String.trim: drops chars <= U+0020 at both ends. */
static char *java_trim_dup(const char *s)
{
    size_t start = 0, end = strlen(s);
    while (start < end && (unsigned char)s[start] <= ' ')
        start++;
    while (end > start && (unsigned char)s[end - 1] <= ' ')
        end--;
    return strndup(s + start, end - start);
}

/* DOM getTextContent (descendant text and CDATA, not comments), Java-trimmed; "" for NULL. */
static char *trimmed_text(xmlNodePtr n)
{
    if (!n)
        return strdup("");
    xmlChar *text = xmlNodeGetContent(n);
    char *out = text ? java_trim_dup((const char *)text) : NULL;
    xmlFree(text);
    return out;
}

/* ---- config.xml: fields ------------------------------------------------- */

/* HEAD's list; mandatory: whether configVersion parsed as a double is >= 1.3, the only
 * versions for which OpenMRS reads <mandatory>. */
static const struct {
    const char *text;
    bool reads_mandatory;
} accepted_versions[] = {
    {"1.0", false}, {"1.1", false}, {"1.2", false}, {"1.3", true}, {"1.4", true},
    {"1.5", true},  {"1.6", true},  {"1.7", true},  {"2.0", true},
};

/* Index in accepted_versions, or -1. */
static int accepted_version(const char *v)
{
    for (size_t i = 0; i < sizeof accepted_versions / sizeof *accepted_versions; i++)
        if (strcmp(v, accepted_versions[i].text) == 0)
            return (int)i;
    return -1;
}

static int read_config_version(xmlNodePtr root, char **out)
{
    xmlChar *v = xmlGetNoNsProp(root, (const xmlChar *)"configVersion");
    *out = java_trim_dup(v ? (const char *)v : "");
    xmlFree(v);
    return *out ? 0 : -1;
}

static int read_simple_fields(xmlNodePtr root, omrs_module_config *c)
{
    struct {
        const char *tag;
        char **slot;
    } fields[] = {
        {"id", &c->id},
        {"name", &c->name},
        {"version", &c->version},
        {"package", &c->package},
        {"author", &c->author},
        {"description", &c->description},
        {"activator", &c->activator},
        {"require_version", &c->require_version},
        {"require_database_version", &c->require_database_version},
        {"updateURL", &c->update_url},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (!(*fields[i].slot = trimmed_text(first_below(root, fields[i].tag))))
            return -1;
    return 0;
}

static omrs_module_dep *find_dep(omrs_module_dep *deps, size_t count, const char *package)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(deps[i].package, package) == 0)
            return &deps[i];
    return NULL;
}

/* OpenMRS keeps a map package -> version: a repeated package keeps its first place and
 * takes the later version. */
static int add_dep(xmlNodePtr n, omrs_module_dep **deps, size_t *count)
{
    char *package = trimmed_text(n);
    xmlChar *attr = xmlGetNoNsProp(n, (const xmlChar *)"version");
    char *version = attr ? strdup((const char *)attr) : NULL;
    bool ok = package && (!attr || version);
    xmlFree(attr);
    omrs_module_dep *same = ok ? find_dep(*deps, *count, package) : NULL;
    omrs_module_dep *grown = ok && !same ? realloc(*deps, (*count + 1) * sizeof **deps) : NULL;
    if (!ok || (!same && !grown)) {
        free(package);
        free(version);
        return -1;
    }
    if (same) {
        free(package);
        free(same->version);
        same->version = version;
        return 0;
    }
    *deps = grown;
    grown[(*count)++] = (omrs_module_dep){package, version};
    return 0;
}

/* Every <item_tag> below the first <list_tag> (ModuleFileParser ignores any later list). */
static int read_deps(xmlNodePtr root, const char *list_tag, const char *item_tag, omrs_module_dep **deps,
                     size_t *count)
{
    xmlNodePtr list = first_below(root, list_tag);
    if (!list)
        return 0;
    for (xmlNodePtr n = next_below(list, list); n; n = next_below(n, list))
        if (is_tag(n, item_tag) && add_dep(n, deps, count) < 0)
            return -1;
    return 0;
}

static int read_mandatory(xmlNodePtr root, int version_index, bool *out)
{
    *out = false;
    if (!accepted_versions[version_index].reads_mandatory)
        return 0;
    char *text = trimmed_text(first_below(root, "mandatory"));
    if (!text)
        return -1;
    *out = strcasecmp(text, "true") == 0;
    free(text);
    return 0;
}

/* In ModuleFileParser's order, so that the same problem is reported first. */
static int check_config(const omrs_module_config *c, int version_index, const char *name, omrs_error *err)
{
    if (version_index < 0)
        return omrs_fail(err, OMRS_ERR_PARSE, "%s: configVersion '%s' is not one OpenMRS accepts (1.0-1.7, 2.0)",
                         name, c->config_version);
    const char *required[][2] = {{"name", c->name}, {"id", c->id}, {"package", c->package}};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!required[i][1][0])
            return omrs_fail(err, OMRS_ERR_PARSE, "%s: no <%s> (or an empty one): OpenMRS will not load the module",
                             name, required[i][0]);
    return 0;
}

static int read_config(xmlNodePtr root, const char *name, omrs_module_config *c, omrs_error *err)
{
    if (read_config_version(root, &c->config_version) < 0 || read_simple_fields(root, c) < 0)
        return omrs_fail_nomem(err);
    int version_index = accepted_version(c->config_version);
    if (check_config(c, version_index, name, err) < 0)
        return -1;
    if (read_deps(root, "require_modules", "require_module", &c->require_modules, &c->require_count) < 0
        || read_deps(root, "aware_of_modules", "aware_of_module", &c->aware_of_modules, &c->aware_count) < 0
        || read_mandatory(root, version_index, &c->mandatory) < 0)
        return omrs_fail_nomem(err);
    return 0;
}

int omrs_module_config_parse(const char *data, size_t len, const char *name, omrs_module_config *out,
                             omrs_error *err)
{
    memset(out, 0, sizeof *out);
    xmlDocPtr doc = omrs_javadom_parse(data, len, name, err);
    if (!doc)
        return -1;
    int rc = read_config(xmlDocGetRootElement(doc), name, out, err);
    xmlFreeDoc(doc);
    if (rc < 0)
        omrs_module_config_free(out);
    return rc;
}

static void free_deps(omrs_module_dep *deps, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(deps[i].package);
        free(deps[i].version);
    }
    free(deps);
}

void omrs_module_config_free(omrs_module_config *c)
{
    if (!c)
        return;
    char *strings[] = {c->config_version, c->id, c->name, c->version, c->package, c->author, c->description,
                       c->activator, c->require_version, c->require_database_version, c->update_url};
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
        free(strings[i]);
    free_deps(c->require_modules, c->require_count);
    free_deps(c->aware_of_modules, c->aware_count);
    memset(c, 0, sizeof *c);
}

/* ---- the zip ------------------------------------------------------------ */

/* Why a file could not be opened, in the system's words when it has some: libzip's code
 * alone loses errno. */
static void open_failure_reason(const char *path, int zip_code, char *why, size_t size)
{
    struct stat st;
    FILE *f = NULL;
    if (stat(path, &st) != 0)
        snprintf(why, size, "%s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        snprintf(why, size, "%s", strerror(EISDIR));
    else if (!(f = fopen(path, "rb")))
        snprintf(why, size, "%s", strerror(errno));
    else
        omrs_zip_code_text(zip_code, why, size);
    if (f)
        fclose(f);
}

static int open_omod_zip(const char *path, zip_t **out, omrs_error *err)
{
    int code = 0;
    if ((*out = zip_open(path, ZIP_RDONLY, &code)))
        return 0;
    char why[256];
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS) {
        omrs_zip_code_text(code, why, sizeof why);
        return omrs_fail(err, OMRS_ERR_PARSE, "%s: not a zip file (%s)", path, why);
    }
    open_failure_reason(path, code, why, sizeof why);
    return omrs_fail(err, OMRS_ERR_IO, "%s: cannot open it (%s)", path, why);
}

/* A libzip failure on entry of path, reported: out of memory, an entry that is not a jar,
 * or one that cannot be read ("<path>: cannot read <entry> (why)"). */
static int entry_failure(int code, bool not_a_jar, const char *path, const char *entry, omrs_error *err)
{
    if (code == ZIP_ER_MEMORY)
        return omrs_fail_nomem(err);
    char why[256];
    omrs_zip_code_text(code, why, sizeof why);
    return not_a_jar ? omrs_fail(err, OMRS_ERR_PARSE, "%s: %s is not a readable jar (%s)", path, entry, why)
                     : omrs_fail(err, OMRS_ERR_IO, "%s: cannot read %s (%s)", path, entry, why);
}

static int read_entry_or_fail(zip_t *z, zip_int64_t index, const char *path, const char *entry, char **data,
                              size_t *len, omrs_error *err)
{
    int code = omrs_zip_read_entry(z, index, data, len);
    return code == 0 ? 0 : entry_failure(code, false, path, entry, err);
}

/* A lib/ jar, opened from a copy in memory. */
static int open_nested_jar(zip_t *omod, zip_int64_t index, const char *path, const char *entry, zip_t **out,
                           omrs_error *err)
{
    bool not_a_zip = false;
    int code = omrs_zip_open_nested(omod, index, out, &not_a_zip);
    return code == 0 ? 0 : entry_failure(code, not_a_zip, path, entry, err);
}

/* ---- the omod ----------------------------------------------------------- */

static int read_config_xml(zip_t *z, const char *path, omrs_module_config *c, omrs_error *err)
{
    zip_int64_t index = zip_name_locate(z, "config.xml", 0);
    if (index < 0)
        return omrs_fail(err, OMRS_ERR_PARSE, "%s: no config.xml at the root: OpenMRS will not load it", path);
    char *data;
    size_t len;
    if (read_entry_or_fail(z, index, path, "config.xml", &data, &len, err) < 0)
        return -1;
    omrs_buf name = {0};
    int rc = omrs_buf_printf(&name, "%s: config.xml", path) < 0 ? omrs_fail_nomem(err)
           : omrs_module_config_parse(data, len, name.data, c, err);
    omrs_buf_free(&name);
    free(data);
    return rc;
}

/* Keeps the sqldiff.xml at index of z (entry names it in messages) and where it came from. */
static int take_sqldiff(zip_t *z, zip_int64_t index, const char *entry, const char *source, omrs_omod *o,
                        omrs_error *err)
{
    if (read_entry_or_fail(z, index, o->path, entry, &o->sqldiff, &o->sqldiff_len, err) < 0)
        return -1;
    return omrs_set_str(&o->sqldiff_source, source) < 0 ? omrs_fail_nomem(err) : 0;
}

/* sqldiff.xml at the root of the jar at jar_index, if it has one. */
static int sqldiff_from_jar(zip_t *z, zip_int64_t jar_index, const char *jar_name, omrs_omod *o, omrs_error *err)
{
    zip_t *jar;
    if (open_nested_jar(z, jar_index, o->path, jar_name, &jar, err) < 0)
        return -1;
    zip_int64_t index = zip_name_locate(jar, "sqldiff.xml", 0);
    omrs_buf entry = {0};
    int rc = 0;
    if (index >= 0)   /* named as a jar: URL names it */
        rc = omrs_buf_printf(&entry, "%s!/sqldiff.xml", jar_name) < 0 ? omrs_fail_nomem(err)
           : take_sqldiff(jar, index, entry.data, jar_name, o, err);
    omrs_buf_free(&entry);
    zip_discard(jar);
    return rc;
}

/* SqlDiffFileParser.getSqlDiffs: lib/<id>-api-<version>.jar (that exact name) first, then
 * the omod root. */
static int find_sqldiff(zip_t *z, omrs_omod *o, omrs_error *err)
{
    omrs_buf api = {0};
    if (omrs_buf_printf(&api, "lib/%s-api-%s.jar", o->config.id, o->config.version) < 0)
        return omrs_fail_nomem(err);
    zip_int64_t jar_index = zip_name_locate(z, api.data, 0);
    int rc = jar_index >= 0 ? sqldiff_from_jar(z, jar_index, api.data, o, err) : 0;
    omrs_buf_free(&api);
    if (rc < 0 || o->sqldiff_source)
        return rc;
    zip_int64_t index = zip_name_locate(z, "sqldiff.xml", 0);
    if (index < 0)
        return 0;
    return take_sqldiff(z, index, "sqldiff.xml", ROOT_SOURCE, o, err);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every jar below lib/ (the class loader searches it recursively), in name order. */
static int list_lib_jars(zip_t *z, omrs_strlist *jars)
{
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        if (name && strncmp(name, "lib/", 4) == 0 && omrs_str_ends_with(name, ".jar")
            && omrs_strlist_push(jars, name, strlen(name)) < 0)
            return -1;
    }
    if (jars->count)
        qsort(jars->items, jars->count, sizeof *jars->items, compare_names);
    return 0;
}

static int jar_has_liquibase(zip_t *z, const char *jar_name, const char *path, bool *found, omrs_error *err)
{
    zip_t *jar;
    if (open_nested_jar(z, zip_name_locate(z, jar_name, 0), path, jar_name, &jar, err) < 0)
        return -1;
    *found = zip_name_locate(jar, "liquibase.xml", 0) >= 0;
    zip_discard(jar);
    return 0;
}

/* The module class loader's order: the omod itself, then its lib/ jars. */
static int find_liquibase(zip_t *z, omrs_omod *o, omrs_error *err)
{
    if (zip_name_locate(z, "liquibase.xml", 0) >= 0)
        return omrs_set_str(&o->liquibase_source, ROOT_SOURCE) < 0 ? omrs_fail_nomem(err) : 0;
    omrs_strlist jars = {0};
    int rc = list_lib_jars(z, &jars) < 0 ? omrs_fail_nomem(err) : 0;
    for (size_t i = 0; rc == 0 && !o->liquibase_source && i < jars.count; i++) {
        bool found = false;
        rc = jar_has_liquibase(z, jars.items[i], o->path, &found, err);
        if (rc == 0 && found && omrs_set_str(&o->liquibase_source, jars.items[i]) < 0)
            rc = omrs_fail_nomem(err);
    }
    omrs_strlist_free(&jars);
    return rc;
}

int omrs_omod_open(const char *path, omrs_omod *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    if (!omrs_str_ends_with(path, ".omod"))
        return omrs_fail(err, OMRS_ERR_PARSE,
                         "%s: the file name does not end in \".omod\": OpenMRS ignores such a file", path);
    zip_t *z;
    if (open_omod_zip(path, &z, err) < 0)
        return -1;
    int rc = (out->path = strdup(path)) ? 0 : omrs_fail_nomem(err);
    if (rc == 0)
        rc = read_config_xml(z, path, &out->config, err);
    if (rc == 0)
        rc = find_sqldiff(z, out, err);
    if (rc == 0)
        rc = find_liquibase(z, out, err);
    zip_discard(z);
    if (rc < 0)
        omrs_omod_close(out);
    return rc;
}

void omrs_omod_close(omrs_omod *o)
{
    if (!o)
        return;
    free(o->path);
    omrs_module_config_free(&o->config);
    free(o->sqldiff);
    free(o->sqldiff_source);
    free(o->liquibase_source);
    memset(o, 0, sizeof *o);
}

int omrs_omod_liquibase_resources(const omrs_omod *o, lb_resources **out, omrs_error *err)
{
    if (!o->liquibase_source)
        return omrs_fail(err, OMRS_ERR_IO, "%s: no liquibase.xml, neither at the root nor in a lib/ jar", o->path);
    if (strcmp(o->liquibase_source, ROOT_SOURCE) == 0)
        return lb_resources_open_zip(o->path, out, err);
    return lb_resources_open_zip_entry(o->path, o->liquibase_source, out, err);
}
