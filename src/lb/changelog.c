#include "changelog.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbms.h"
#include "strutil.h"
#include "xmlread.h"

#define MAX_INCLUDE_DEPTH 64

/* A ${name} definition from a <property> element. */
typedef struct lb_property {
    char *name, *value;
} lb_property;

typedef struct lb_properties {
    lb_property *items;
    size_t count, cap;
} lb_properties;

/* What the loader carries while walking includes. */
typedef struct loader {
    lb_resources *resources;
    const char *dbms;
    lb_changelog *out;
    lb_properties properties;     /* global ones accumulate across files */
    const char *stack[MAX_INCLUDE_DEPTH];
    int depth;
} loader;

static int load_file(loader *ld, const char *path, omrs_error *err);

/* ---- small helpers ----------------------------------------------------- */

bool lb_is_element(xmlNodePtr node, const char *local_name)
{
    return node && node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, local_name) == 0;
}

static char *attr(xmlNodePtr node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

/* Java Boolean.valueOf: only "true", in any case, is true. */
static bool attr_bool(xmlNodePtr node, const char *name, bool fallback)
{
    char *v = attr(node, name);
    bool b = v ? strcasecmp(v, "true") == 0 : fallback;
    xmlFree(v);
    return b;
}

static char *xml_strdup(char *v)
{
    char *copy = v ? strdup(v) : NULL;
    xmlFree(v);
    return copy;
}

/* Java String.trim: drops chars <= U+0020 at both ends. */
static char *trimmed_text(xmlNodePtr node)
{
    omrs_buf b = {0};
    for (xmlNodePtr c = node->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content
            && omrs_buf_append(&b, (const char *)c->content, strlen((const char *)c->content)) < 0) {
            omrs_buf_free(&b);
            return NULL;
        }
    const char *s = b.data ? b.data : "";
    size_t start = 0, end = b.len;
    while (start < end && (unsigned char)s[start] <= ' ')
        start++;
    while (end > start && (unsigned char)s[end - 1] <= ' ')
        end--;
    char *out = strndup(s + start, end - start);
    omrs_buf_free(&b);
    return out;
}

/* ---- XML --------------------------------------------------------------- */

static int read_stream(void *ctx, char *buf, int len)
{
    return lb_stream_read(ctx, buf, len);
}

/* XML 1.1 declarations (several OpenMRS snapshots) only warn, and warnings never count. */
static const int CHANGELOG_OPTIONS = XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS;

xmlDocPtr lb_parse_xml(const char *data, size_t len, const char *name, omrs_error *err)
{
    omrs_xml_source src = {.data = data, .len = len};
    return omrs_xml_read(&src, name, CHANGELOG_OPTIONS, NULL, err);
}

/* ---- properties -------------------------------------------------------- */

static const char *property_value(const lb_properties *p, const char *name, size_t n)
{
    /* The first definition wins, as Liquibase ignores a redefinition. */
    for (size_t i = 0; i < p->count; i++)
        if (strlen(p->items[i].name) == n && strncmp(p->items[i].name, name, n) == 0)
            return p->items[i].value;
    return NULL;
}

static int add_property(lb_properties *p, const char *name, const char *value)
{
    if (property_value(p, name, strlen(name)))
        return 0;
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        lb_property *grown = realloc(p->items, cap * sizeof *grown);
        if (!grown)
            return -1;
        p->items = grown;
        p->cap = cap;
    }
    lb_property *item = &p->items[p->count];
    item->name = strdup(name);
    item->value = strdup(value);
    if (!item->name || !item->value) {
        free(item->name);
        free(item->value);
        return -1;
    }
    p->count++;
    return 0;
}

static void free_properties(lb_properties *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->items[i].name);
        free(p->items[i].value);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

/* Replaces ${name} by its value; unknown names stay as written, as in Liquibase. */
static int expand(const lb_properties *p, const char *in, char **out)
{
    omrs_buf b = {0};
    int rc = omrs_buf_append(&b, "", 0);
    while (rc == 0 && *in) {
        const char *open = strstr(in, "${");
        const char *close = open ? strchr(open + 2, '}') : NULL;
        const char *value = close ? property_value(p, open + 2, (size_t)(close - open - 2)) : NULL;
        if (!value) {
            size_t n = close ? (size_t)(close + 1 - in) : strlen(in);
            rc = omrs_buf_append(&b, in, n);
            in += n;
            continue;
        }
        rc = omrs_buf_append(&b, in, (size_t)(open - in)) || omrs_buf_append(&b, value, strlen(value));
        in = close + 1;
    }
    if (rc != 0) {
        omrs_buf_free(&b);
        return -1;
    }
    *out = b.data;
    return 0;
}

static int expand_node(const lb_properties *p, xmlNodePtr node)
{
    for (; node; node = node->next) {
        if (node->type == XML_TEXT_NODE && node->content && strstr((char *)node->content, "${")) {
            char *v;
            if (expand(p, (char *)node->content, &v) < 0)
                return -1;
            xmlNodeSetContent(node, (xmlChar *)v);   /* text nodes hold plain text */
            free(v);
        }
        for (xmlAttrPtr a = node->type == XML_ELEMENT_NODE ? node->properties : NULL; a; a = a->next) {
            xmlChar *raw = xmlNodeGetContent((xmlNodePtr)a);
            char *v = NULL;
            int rc = raw && strstr((char *)raw, "${") ? expand(p, (char *)raw, &v) : 0;
            if (rc == 0 && v)
                xmlSetNsProp(node, a->ns, a->name, (xmlChar *)v);
            xmlFree(raw);
            free(v);
            if (rc < 0)
                return -1;
        }
        if (node->children && expand_node(p, node->children) < 0)
            return -1;
    }
    return 0;
}

static int take_property(loader *ld, xmlNodePtr node, const char *file, omrs_error *err)
{
    char *name = attr(node, "name"), *value = attr(node, "value"), *dbms = attr(node, "dbms"),
         *from = attr(node, "file");
    int rc = 0;
    if (from)
        rc = omrs_fail(err, OMRS_ERR_PARSE, "%s:%ld: <property file=...> is not supported; "
                       "define the properties in the changelog", file, xmlGetLineNo(node));
    else if (!name || !value)
        rc = omrs_fail(err, OMRS_ERR_PARSE, "%s:%ld: <property> needs name and value", file, xmlGetLineNo(node));
    else if (lb_dbms_matches(dbms, ld->dbms, true) && add_property(&ld->properties, name, value) < 0)
        rc = omrs_fail_nomem(err);
    xmlFree(name); xmlFree(value); xmlFree(dbms); xmlFree(from);
    return rc;
}

/* ---- changeSets -------------------------------------------------------- */

/* logicalFilePath as Liquibase cleans it: \ to /, one leading / dropped. */
static char *logical_path(const char *value)
{
    char *copy = strdup(value + (value[0] == '/' || value[0] == '\\'));
    for (char *p = copy; p && *p; p++)
        if (*p == '\\')
            *p = '/';
    return copy;
}

static int push_changeset(lb_changelog *cl, lb_changeset **out)
{
    if (cl->count == cl->cap) {
        size_t cap = cl->cap ? cl->cap * 2 : 256;
        lb_changeset *grown = realloc(cl->changesets, cap * sizeof *grown);
        if (!grown)
            return -1;
        cl->changesets = grown;
        cl->cap = cap;
    }
    *out = &cl->changesets[cl->count++];
    memset(*out, 0, sizeof **out);
    return 0;
}

static int add_valid_checksum(lb_changeset *cs, xmlNodePtr node)
{
    char **grown = realloc(cs->valid_checksums, (cs->valid_checksum_count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    cs->valid_checksums = grown;
    char *text = trimmed_text(node);   /* a <comment> child is not part of the text */
    if (!text)
        return -1;
    cs->valid_checksums[cs->valid_checksum_count++] = text;
    return 0;
}

static int fill_changeset(lb_changeset *cs, xmlNodePtr node, const char *file_path, const char *source)
{
    char *own = attr(node, "logicalFilePath");
    cs->filename = own ? logical_path(own) : strdup(file_path);
    xmlFree(own);
    cs->id = xml_strdup(attr(node, "id"));
    cs->author = xml_strdup(attr(node, "author"));
    cs->source = strdup(source);
    cs->line = (unsigned)xmlGetLineNo(node);
    cs->dbms = xml_strdup(attr(node, "dbms"));
    cs->contexts = xml_strdup(xmlHasProp(node, (const xmlChar *)"context") ? attr(node, "context")
                                                                            : attr(node, "contextFilter"));
    cs->labels = xml_strdup(attr(node, "labels"));
    cs->run_always = attr_bool(node, "runAlways", false);
    cs->run_on_change = attr_bool(node, "runOnChange", false);
    cs->fail_on_error = attr_bool(node, "failOnError", true);
    cs->run_in_transaction = attr_bool(node, "runInTransaction", true);
    cs->node = node;
    if (!cs->filename || !cs->source)
        return -1;
    for (xmlNodePtr c = node->children; c; c = c->next)
        if (lb_is_element(c, "validCheckSum") && add_valid_checksum(cs, c) < 0)
            return -1;
    return 0;
}

static int take_changeset(loader *ld, xmlNodePtr node, const char *file_path, const char *source,
                          omrs_error *err)
{
    lb_changeset *cs;
    if (push_changeset(ld->out, &cs) < 0 || fill_changeset(cs, node, file_path, source) < 0)
        return omrs_fail_nomem(err);
    if (!cs->id || !cs->id[0])
        return omrs_fail(err, OMRS_ERR_PARSE, "%s:%u: changeSet without an id", source, cs->line);
    if (!cs->author)
        return omrs_fail(err, OMRS_ERR_PARSE, "%s:%u: changeSet %s has no author", source, cs->line, cs->id);
    return 0;
}

/* ---- include / includeAll ---------------------------------------------- */

/* The directory part of a path, with its trailing slash ("" for none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return strndup(path, slash ? (size_t)(slash - path + 1) : 0);
}

static int resolve_include(const char *parent, const char *file, bool relative, char **out)
{
    omrs_buf b = {0};
    char *dir = relative ? dir_of(parent) : strdup("");
    int rc = dir && omrs_buf_printf(&b, "%s%s", dir, file) == 0 ? 0 : -1;
    free(dir);
    *out = rc == 0 ? lb_normalize_path(b.data) : NULL;
    omrs_buf_free(&b);
    return *out ? 0 : -1;
}

static int take_include(loader *ld, xmlNodePtr node, const char *source, omrs_error *err)
{
    char *file = attr(node, "file");
    if (!file)
        return omrs_fail(err, OMRS_ERR_PARSE, "%s:%ld: <include> without file", source, xmlGetLineNo(node));
    char *path = NULL;
    int rc = resolve_include(source, file, attr_bool(node, "relativeToChangelogFile", false), &path);
    if (rc < 0)
        rc = omrs_fail(err, OMRS_ERR_PARSE, "%s:%ld: include '%s' climbs above the search path",
                       source, xmlGetLineNo(node), file);
    else if (!attr_bool(node, "errorIfMissing", true) && !lb_resources_exists(ld->resources, path))
        rc = 0;
    else
        rc = load_file(ld, path, err);
    xmlFree(file);
    free(path);
    return rc;
}

static int include_listed(loader *ld, char **paths, size_t count, xmlNodePtr node, const char *source,
                          omrs_error *err)
{
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        if (!omrs_str_ends_with(paths[i], ".xml"))
            return omrs_fail(err, OMRS_ERR_PARSE, "%s:%ld: includeAll found %s: only XML changelogs are "
                             "supported", source, xmlGetLineNo(node), paths[i]);
        if (load_file(ld, paths[i], err) < 0)
            return -1;
        used++;
    }
    if (used == 0 && attr_bool(node, "errorIfMissingOrEmpty", true))
        return omrs_fail(err, OMRS_ERR_PARSE, "%s:%ld: includeAll found no changelogs", source, xmlGetLineNo(node));
    return 0;
}

static int take_include_all(loader *ld, xmlNodePtr node, const char *source, omrs_error *err)
{
    char *dir_attr = attr(node, "path");
    if (!dir_attr)
        return omrs_fail(err, OMRS_ERR_PARSE, "%s:%ld: <includeAll> without path", source, xmlGetLineNo(node));
    char *dir = NULL, **paths = NULL;
    size_t count = 0;
    int rc = resolve_include(source, dir_attr, attr_bool(node, "relativeToChangelogFile", false), &dir);
    if (rc < 0)
        rc = omrs_fail(err, OMRS_ERR_PARSE, "%s:%ld: includeAll '%s' climbs above the search path", source,
                       xmlGetLineNo(node), dir_attr);
    else if ((rc = lb_resources_list(ld->resources, dir, &paths, &count, err)) == 0)
        rc = include_listed(ld, paths, count, node, source, err);
    lb_resources_free_list(paths, count);
    xmlFree(dir_attr);
    free(dir);
    return rc;
}

/* ---- files ------------------------------------------------------------- */

static int keep_doc(lb_changelog *cl, xmlDocPtr doc)
{
    if (cl->doc_count == cl->doc_cap) {
        size_t cap = cl->doc_cap ? cl->doc_cap * 2 : 8;
        xmlDocPtr *grown = realloc(cl->docs, cap * sizeof *grown);
        if (!grown)
            return -1;
        cl->docs = grown;
        cl->doc_cap = cap;
    }
    cl->docs[cl->doc_count++] = doc;
    return 0;
}

static int walk_root(loader *ld, xmlNodePtr root, const char *file_path, const char *source, omrs_error *err)
{
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (lb_is_element(c, "property") && take_property(ld, c, source, err) < 0)
            return -1;
    if (ld->properties.count && expand_node(&ld->properties, root->children) < 0)
        return omrs_fail_nomem(err);
    for (xmlNodePtr c = root->children; c; c = c->next) {
        int rc = 0;
        if (lb_is_element(c, "changeSet"))
            rc = take_changeset(ld, c, file_path, source, err);
        else if (lb_is_element(c, "include"))
            rc = take_include(ld, c, source, err);
        else if (lb_is_element(c, "includeAll"))
            rc = take_include_all(ld, c, source, err);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int check_cycle(loader *ld, const char *path, omrs_error *err)
{
    for (int i = 0; i < ld->depth; i++)
        if (strcmp(ld->stack[i], path) == 0)
            return omrs_fail(err, OMRS_ERR_PARSE, "%s includes itself (through %s)", path,
                             ld->stack[ld->depth - 1]);
    if (ld->depth == MAX_INCLUDE_DEPTH)
        return omrs_fail(err, OMRS_ERR_PARSE, "%s: includes nested more than %d deep", path, MAX_INCLUDE_DEPTH);
    return 0;
}

static int parse_and_walk(loader *ld, const char *path, xmlDocPtr doc, omrs_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!lb_is_element(root, "databaseChangeLog"))
        return omrs_fail(err, OMRS_ERR_PARSE, "%s: not a Liquibase changelog (root element <%s>)", path,
                         root ? (const char *)root->name : "none");
    char *logical = attr(root, "logicalFilePath");
    char *file_path = logical ? logical_path(logical) : strdup(path);
    xmlFree(logical);
    if (!file_path)
        return omrs_fail_nomem(err);
    ld->stack[ld->depth++] = path;
    int rc = walk_root(ld, root, file_path, path, err);
    ld->depth--;
    free(file_path);
    return rc;
}

static int load_file(loader *ld, const char *path, omrs_error *err)
{
    if (check_cycle(ld, path, err) < 0)
        return -1;
    lb_stream *stream;
    if (lb_resources_open_stream(ld->resources, path, &stream, err) < 0)
        return -1;
    omrs_xml_source src = {.read = read_stream, .ctx = stream};
    xmlDocPtr doc = omrs_xml_read(&src, path, CHANGELOG_OPTIONS, NULL, err);
    lb_stream_close(stream);
    if (!doc)
        return -1;
    if (keep_doc(ld->out, doc) < 0) {
        xmlFreeDoc(doc);
        return omrs_fail_nomem(err);
    }
    return parse_and_walk(ld, path, doc, err);
}

int lb_changelog_load(lb_resources *r, const char *path, const char *dbms, lb_changelog *out,
                      omrs_error *err)
{
    memset(out, 0, sizeof *out);
    char *normal = lb_normalize_path(path);
    if (!normal)
        return omrs_fail(err, OMRS_ERR_USAGE, "changelog path '%s' climbs above the search path", path);
    loader ld = {.resources = r, .dbms = dbms, .out = out};
    int rc = load_file(&ld, normal, err);
    free_properties(&ld.properties);
    free(normal);
    if (rc < 0)
        lb_changelog_free(out);
    return rc;
}

static void changeset_free(lb_changeset *cs)
{
    free(cs->id); free(cs->author); free(cs->filename); free(cs->source);
    free(cs->dbms); free(cs->contexts); free(cs->labels);
    for (size_t i = 0; i < cs->valid_checksum_count; i++)
        free(cs->valid_checksums[i]);
    free(cs->valid_checksums);
}

void lb_changelog_free(lb_changelog *cl)
{
    for (size_t i = 0; i < cl->count; i++)
        changeset_free(&cl->changesets[i]);
    free(cl->changesets);
    for (size_t i = 0; i < cl->doc_count; i++)
        xmlFreeDoc(cl->docs[i]);
    free(cl->docs);
    memset(cl, 0, sizeof *cl);
}
