#include "checksum.h"

/* MD5() itself: OpenSSL 3 calls it deprecated in favour of EVP, but EVP's implicit fetch
 * loads the configuration and provider tables (about 2 MB of resident memory, most of a
 * `changelog status` run's) for one fixed, local digest. */
#define OPENSSL_API_COMPAT 10101
#include <openssl/md5.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbms.h"
#include "serialize.h"
#include "strutil.h"

/* ---- MD5 and CheckSum.compute ---- */

static int md5_checksum(const char *data, size_t len, int version, char out[LB_CHECKSUM_SIZE], omrs_error *err)
{
    (void)err;
    unsigned char md[MD5_DIGEST_LENGTH];
    MD5((const unsigned char *)data, len, md);
    int w = snprintf(out, LB_CHECKSUM_SIZE, "%d:", version);
    for (unsigned i = 0; i < MD5_DIGEST_LENGTH; i++)
        snprintf(out + w + 2 * i, 3, "%02x", md[i]);
    return 0;
}

/* StringUtil.standardizeLineEndings and the removal of U+FFFD (EF BF BD). Liquibase then
 * applies Unicode NFC; that step is left out (see checksum.h): the OpenMRS changelogs are
 * ASCII except for a few precomposed Latin letters, which NFC leaves unchanged. */
static int standardize(const char *text, omrs_buf *b)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\r') {
            if (p[1] == '\n')
                p++;
            if (omrs_buf_putc(b, '\n') < 0)
                return -1;
        } else if (strncmp(p, "\xEF\xBF\xBD", 3) == 0) {
            p += 2;
        } else if (omrs_buf_putc(b, *p) < 0) {
            return -1;
        }
    }
    return omrs_buf_append(b, "", 0);
}

int lb_checksum_of_string(const char *text, int version, char out[LB_CHECKSUM_SIZE], omrs_error *err)
{
    omrs_buf b = {0};
    if (standardize(text, &b) < 0) {
        omrs_buf_free(&b);
        return omrs_fail_nomem(err);
    }
    int rc = md5_checksum(b.data, b.len, version, out, err);
    omrs_buf_free(&b);
    return rc;
}

/* ---- CheckSum.parse ---- */

int lb_checksum_normalize(const char *value, char **out, omrs_error *err)
{
    *out = NULL;
    if (!value || !*value)
        return 0;
    static const char ALNUM[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t digits = strspn(value, "0123456789");
    size_t hash = digits && value[digits] == ':' ? strspn(value + digits + 1, ALNUM) : 0;
    const char *hash_start = value + digits + 1;
    omrs_buf b = {0};
    int rc;
    if (hash == 0) {
        rc = omrs_buf_printf(&b, "1:%s", value);
    } else {
        const char *v = value;
        while (digits > 1 && *v == '0') {   /* Integer.parseInt drops leading zeros */
            v++;
            digits--;
        }
        if (digits > 10 || (digits == 10 && strncmp(v, "2147483647", 10) > 0))
            return omrs_fail(err, OMRS_ERR_PARSE, "checksum version in \"%s\" is too large", value);
        rc = omrs_buf_printf(&b, "%.*s:%.*s", (int)digits, v, (int)hash, hash_start);
    }
    if (rc < 0) {
        omrs_buf_free(&b);
        return omrs_fail_nomem(err);
    }
    *out = b.data;
    return 0;
}

/* ---- sql ---- */

static const lb_field *field_named(const lb_change_type *t, const char *name)
{
    for (const lb_field *f = t->fields; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

static bool sql_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* v9 (AbstractSQLChange.NormalizingStream): every space, tab, CR and LF removed. */
static int sql_v9_bytes(const char *sql, omrs_buf *b)
{
    for (const char *p = sql; *p; p++)
        if (!sql_space(*p) && omrs_buf_putc(b, *p) < 0)
            return -1;
    return omrs_buf_append(b, "", 0);
}

/* v8 (3.10's NormalizingStream): whitespace runs become one space, none at either end. */
static int sql_v8_bytes(const char *sql, omrs_buf *b)
{
    bool pending_space = false, seen = false;
    for (const char *p = sql; *p; p++) {
        if (sql_space(*p)) {
            pending_space = seen;
            continue;
        }
        if (pending_space && omrs_buf_putc(b, ' ') < 0)
            return -1;
        if (omrs_buf_putc(b, *p) < 0)
            return -1;
        pending_space = false;
        seen = true;
    }
    return omrs_buf_append(b, "", 0);
}

static int sql_property(xmlNodePtr change, const lb_change_type *t, const char *name, int version, char **out,
                        omrs_error *err)
{
    const lb_field *f = field_named(t, name);
    *out = NULL;
    return f ? lb_field_value(change, t, f, version, out, err) : 0;
}

/* The v8 stream starts with "endDelimiter:splitStatements:stripComments:" (Java's null
 * prints as "null"). */
static int sql_v8_header(xmlNodePtr change, const lb_change_type *t, omrs_buf *b, omrs_error *err)
{
    char *delim = NULL, *split = NULL, *strip = NULL;
    int rc = sql_property(change, t, "endDelimiter", 8, &delim, err);
    if (rc == 0)
        rc = sql_property(change, t, "splitStatements", 8, &split, err);
    if (rc == 0)
        rc = sql_property(change, t, "stripComments", 8, &strip, err);
    if (rc == 0 && omrs_buf_printf(b, "%s:%s:%s:", delim ? delim : "null", split ? split : "true",
                                   strip ? strip : "false") < 0)
        rc = omrs_fail_nomem(err);
    free(delim);
    free(split);
    free(strip);
    return rc;
}

/* AbstractSQLChange.generateCheckSum: MD5 of the normalized SQL bytes only. */
static int sql_checksum(xmlNodePtr change, const lb_change_type *t, int version, char out[LB_CHECKSUM_SIZE],
                        omrs_error *err)
{
    char *sql = NULL;
    if (sql_property(change, t, "sql", version, &sql, err) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = version >= 9 ? 0 : sql_v8_header(change, t, &b, err);
    if (rc == 0 && (version >= 9 ? sql_v9_bytes(sql ? sql : "", &b) : sql_v8_bytes(sql ? sql : "", &b)) < 0)
        rc = omrs_fail_nomem(err);
    if (rc == 0)
        rc = md5_checksum(b.data ? b.data : "", b.len, version, out, err);
    omrs_buf_free(&b);
    free(sql);
    return rc;
}

/* ---- createView ---- */

/* v8: the generic checksum (an inline query is one of its fields). v9: the generic one
 * without the query, then CheckSum.compute("<generic>:<hash of the whitespace-free query>"). */
static int view_checksum(xmlNodePtr change, const lb_change_type *t, int version, char out[LB_CHECKSUM_SIZE],
                         omrs_error *err)
{
    omrs_buf s = {0}, q = {0}, joined = {0};
    char *query = NULL, generic[LB_CHECKSUM_SIZE], body[LB_CHECKSUM_SIZE];
    int rc = lb_serialize_change(change, t, version, &s, err);
    if (rc == 0)
        rc = lb_checksum_of_string(s.data, version, version >= 9 ? generic : out, err);
    if (rc == 0 && version >= 9)
        rc = sql_property(change, t, "selectQuery", version, &query, err);
    if (rc == 0 && version >= 9) {
        if (sql_v9_bytes(query ? query : "", &q) < 0)
            rc = omrs_fail_nomem(err);
        if (rc == 0)
            rc = md5_checksum(q.data, q.len, version, body, err);
        if (rc == 0 && omrs_buf_printf(&joined, "%s:%s", generic, body) < 0)
            rc = omrs_fail_nomem(err);
        if (rc == 0)
            rc = lb_checksum_of_string(joined.data, version, out, err);
    }
    free(query);
    omrs_buf_free(&s);
    omrs_buf_free(&q);
    omrs_buf_free(&joined);
    return rc;
}

/* ---- changes and visitors ---- */

typedef struct cs_walk {
    xmlNodePtr changeset;
    int version;
    const char *dbms;
    omrs_buf acc;     /* the string the changeSet checksum is computed from */
    omrs_error *err;
} cs_walk;

/* "<what> <element> on line N in changeSet 'id'<why>" */
static int fail_at(cs_walk *w, xmlNodePtr node, const char *what, const char *why)
{
    char *id = lb_xml_id(w->changeset);
    omrs_fail(w->err, OMRS_ERR_PARSE, "%s <%s> on line %ld in changeSet '%s'%s", what, (const char *)node->name,
              xmlGetLineNo(node), id ? id : "?", why);
    free(id);
    return -1;
}

static int serialized_checksum(int (*serialize)(cs_walk *, xmlNodePtr, const lb_change_type *, omrs_buf *),
                               cs_walk *w, xmlNodePtr node, const lb_change_type *t, char out[LB_CHECKSUM_SIZE])
{
    omrs_buf s = {0};
    int rc = serialize(w, node, t, &s);
    if (rc == 0)
        rc = lb_checksum_of_string(s.data ? s.data : "", w->version, out, w->err);
    omrs_buf_free(&s);
    return rc;
}

static int serialize_generic(cs_walk *w, xmlNodePtr node, const lb_change_type *t, omrs_buf *s)
{
    return lb_serialize_change(node, t, w->version, s, w->err);
}

static int serialize_custom(cs_walk *w, xmlNodePtr node, const lb_change_type *t, omrs_buf *s)
{
    (void)t;
    return lb_serialize_custom_change(node, s, w->err);
}

static int change_checksum(cs_walk *w, xmlNodePtr node, const lb_change_type *t, char out[LB_CHECKSUM_SIZE])
{
    switch (t->kind) {
    case LB_CK_GENERIC:
        return serialized_checksum(serialize_generic, w, node, t, out);
    case LB_CK_CUSTOM:
        return serialized_checksum(serialize_custom, w, node, t, out);
    case LB_CK_SQL:
        return sql_checksum(node, t, w->version, out, w->err);
    case LB_CK_VIEW:
        if (xmlHasProp(node, (const xmlChar *)"path"))
            return fail_at(w, node, "cannot compute the checksum of",
                           ": a view read from a file (path) is not supported");
        return view_checksum(node, t, w->version, out, w->err);
    default:
        return fail_at(w, node, "cannot compute the checksum of",
                       ": this change type is not supported (it reads a file or hashes a body of its own)");
    }
}

/* DbmsTargetedChange: 4.22+ (v9) leaves a change out when its own dbms excludes ours. */
static int targets_other_dbms(cs_walk *w, xmlNodePtr node, const lb_change_type *t, bool *skip)
{
    *skip = false;
    if (w->version < 9 || !t->dbms_targeted)
        return 0;
    bool nomem = false;
    char *dbms = lb_xml_value(node, "dbms", &nomem);
    if (nomem)
        return omrs_fail_nomem(w->err);
    *skip = !lb_dbms_matches(dbms, w->dbms, true);
    free(dbms);
    return 0;
}

static int add_change(cs_walk *w, xmlNodePtr node)
{
    const lb_change_type *t = lb_change_type_find((const char *)node->name);
    if (!t)
        return fail_at(w, node, "unknown change type", "");
    bool skip;
    char sum[LB_CHECKSUM_SIZE];
    if (targets_other_dbms(w, node, t, &skip) < 0)
        return -1;
    if (skip)
        return 0;
    if (change_checksum(w, node, t, sum) < 0)
        return -1;
    return omrs_buf_printf(&w->acc, "%s:", sum) < 0 ? omrs_fail_nomem(w->err) : 0;
}

/* Changes in document order; <changes> wrappers are looked into, as ChangeSet does. */
static int add_changes(cs_walk *w, xmlNodePtr parent)
{
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        int rc = 0;
        if (strcmp(name, "changes") == 0)
            rc = add_changes(w, c);
        else if (!lb_is_changeset_meta(name))
            rc = add_change(w, c);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int add_visitor(cs_walk *w, xmlNodePtr modify_sql, xmlNodePtr v)
{
    omrs_buf s = {0};
    char sum[LB_CHECKSUM_SIZE];
    int rc = lb_serialize_visitor(modify_sql, v, w->version, &s, w->err);
    if (rc == 1)
        rc = lb_checksum_of_string(s.data, w->version, sum, w->err);
    else if (rc == 0)
        rc = 1;   /* not a visitor: nothing to add */
    if (rc == 0 && omrs_buf_printf(&w->acc, "%s;", sum) < 0)
        rc = omrs_fail_nomem(w->err);
    omrs_buf_free(&s);
    return rc < 0 ? -1 : 0;
}

/* DbmsChangeSetFilter drops the visitors of a <modifySql> whose dbms excludes ours before
 * any checksum is computed (both versions). */
static int add_modify_sql(cs_walk *w, xmlNodePtr modify_sql)
{
    bool nomem = false;
    char *dbms = lb_xml_value(modify_sql, "dbms", &nomem);
    if (nomem)
        return omrs_fail_nomem(w->err);
    bool applies = lb_dbms_matches(dbms, w->dbms, true);
    free(dbms);
    for (xmlNodePtr v = modify_sql->children; applies && v; v = v->next)
        if (v->type == XML_ELEMENT_NODE && add_visitor(w, modify_sql, v) < 0)
            return -1;
    return 0;
}

static int add_visitors(cs_walk *w, xmlNodePtr parent)
{
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        int rc = 0;
        if (strcmp((const char *)c->name, "changes") == 0)
            rc = add_visitors(w, c);
        else if (strcmp((const char *)c->name, "modifySql") == 0)
            rc = add_modify_sql(w, c);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int lb_changeset_checksum(xmlNodePtr changeset, int version, const char *dbms, char out[LB_CHECKSUM_SIZE],
                          omrs_error *err)
{
    if (version != 8 && version != 9)
        return omrs_fail(err, OMRS_ERR_USAGE, "checksum version %d is not supported (only 8 and 9)", version);
    cs_walk w = {changeset, version, dbms, {0}, err};
    int rc = add_changes(&w, changeset);
    if (rc == 0)
        rc = add_visitors(&w, changeset);
    if (rc == 0)
        rc = lb_checksum_of_string(w.acc.data ? w.acc.data : "", version, out, err);
    omrs_buf_free(&w.acc);
    return rc;
}
