/* JDBC URL parsing after the two drivers OpenMRS ships (openmrs-core api/pom.xml lists
 * com.mysql:mysql-connector-j and org.mariadb.jdbc:mariadb-java-client):
 *  - MySQL Connector/J, com/mysql/cj/conf/ConnectionUrlParser.java: scheme, "//" authority,
 *    "/" path, "?" query, "#" fragment (ignored). Host, user, password, database and every
 *    parameter name and value go through URLDecoder.decode(.., "UTF-8"); names and values
 *    are trimmed; a parameter name may only hold [A-Za-z0-9_.-%] and blanks.
 *  - MariaDB Connector/J, org/mariadb/jdbc/Configuration.java parseInternal(): splits at
 *    the first '/' and '?', then at '&' and the first '='; nothing is decoded or trimmed,
 *    and there is no user@ part (checked against mariadb-java-client 2.7.6). */
#include "jdbcurl.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char ACCEPTED_SCHEMES[] =
    "jdbc:mysql://, jdbc:mysql:loadbalance://, jdbc:mysql:replication://, jdbc:mariadb:// "
    "and jdbc:mariadb:<replication|loadbalance|failover|sequential|aurora>://";

static const char *const MYSQL_MODES[] = {"loadbalance", "replication", NULL};
static const char *const MARIADB_MODES[] = {"replication", "loadbalance", "failover",
                                            "sequential", "aurora", NULL};

/* A piece of the URL: not NUL-terminated. */
typedef struct text {
    const char *p;
    size_t n;
} text;

typedef struct parser {
    omrs_jdbc_url *out;
    bool url_decode; /* MySQL Connector/J decodes; MariaDB Connector/J does not */
    omrs_error *err;
} parser;

/* ---- small text helpers ---- */

static text text_after(text t, size_t skip)
{
    return skip >= t.n ? (text){t.p + t.n, 0} : (text){t.p + skip, t.n - skip};
}

/* Java's String.trim(): every char <= ' ' goes from both ends. */
static text trim(text t)
{
    while (t.n && (unsigned char)t.p[0] <= ' ')
        t = text_after(t, 1);
    while (t.n && (unsigned char)t.p[t.n - 1] <= ' ')
        t.n--;
    return t;
}

/* Returns the part of *t before the first char in stops and leaves *t at that char. */
static text take_until(text *t, const char *stops)
{
    size_t i = 0;
    while (i < t->n && !strchr(stops, t->p[i]))
        i++;
    text head = {t->p, i};
    *t = text_after(*t, i);
    return head;
}

static bool starts_with(text t, const char *prefix, bool ignore_case)
{
    size_t n = strlen(prefix);
    if (t.n < n)
        return false;
    return ignore_case ? strncasecmp(t.p, prefix, n) == 0 : memcmp(t.p, prefix, n) == 0;
}

static bool equals_ci(text t, const char *word)
{
    return t.n == strlen(word) && strncasecmp(t.p, word, t.n) == 0;
}

static bool contains_ci(text t, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= t.n; i++)
        if (strncasecmp(t.p + i, word, n) == 0)
            return true;
    return false;
}

static const char *find_char(text t, char c)
{
    return t.n ? memchr(t.p, c, t.n) : NULL;
}

static const char *find_last_char(text t, char c)
{
    for (size_t i = t.n; i > 0; i--)
        if (t.p[i - 1] == c)
            return t.p + i - 1;
    return NULL;
}

static int clip(size_t n, size_t max)
{
    return (int)(n < max ? n : max);
}

/* ---- values, decoded the driver's way ---- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int fail_bad_escape(parser *ps, text t, size_t at, const char *what, bool secret)
{
    if (secret)
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "bad percent-escape in the database URL's %s: '%%' must be followed by "
                         "two hex digits (write a literal '%%' as %%25)", what);
    return omrs_fail(ps->err, OMRS_ERR_PARSE,
                     "bad percent-escape \"%.*s\" in the database URL's %s: '%%' must be followed "
                     "by two hex digits (write a literal '%%' as %%25)",
                     clip(t.n - at, 3), t.p + at, what);
}

/* One URLDecoder step at t.p[*i]: '+' is a space, %XX is a byte. */
static int decode_char(parser *ps, text t, size_t *i, const char *what, bool secret, char *c)
{
    *c = t.p[*i];
    if (*c == '+')
        *c = ' ';
    if (*c != '%')
        return 0;
    int hi = *i + 1 < t.n ? hex_value(t.p[*i + 1]) : -1;
    int lo = *i + 2 < t.n ? hex_value(t.p[*i + 2]) : -1;
    if (hi < 0 || lo < 0)
        return fail_bad_escape(ps, t, *i, what, secret);
    *c = (char)(hi << 4 | lo);
    if (*c == '\0')
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "the database URL's %s contains %%00 (a NUL byte), which omrs-console "
                         "cannot use", what);
    *i += 2;
    return 0;
}

/* java.net.URLDecoder.decode(t, "UTF-8"): decoded bytes are read as UTF-8, so an
 * ill-formed sequence becomes U+FFFD as it does in Java. */
static int url_decode(parser *ps, text t, const char *what, bool secret, omrs_buf *out)
{
    omrs_buf raw = {0};
    int rc = omrs_buf_append(&raw, "", 0) < 0 ? omrs_fail_nomem(ps->err) : 0;
    for (size_t i = 0; i < t.n && rc == 0; i++) {
        char c;
        rc = decode_char(ps, t, &i, what, secret, &c);
        if (rc == 0 && omrs_buf_putc(&raw, c) < 0)
            rc = omrs_fail_nomem(ps->err);
    }
    if (rc == 0 && omrs_utf8_append_lenient(out, raw.data, raw.len) < 0)
        rc = omrs_fail_nomem(ps->err);
    omrs_buf_free(&raw);
    return rc;
}

/* Stores t in *slot (replacing what was there), URL-decoded when the driver decodes. */
static int set_value(parser *ps, char **slot, text t, const char *what, bool secret)
{
    omrs_buf b = {0};
    int rc = omrs_buf_append(&b, "", 0) < 0 ? omrs_fail_nomem(ps->err) : 0;
    if (rc == 0 && ps->url_decode)
        rc = url_decode(ps, t, what, secret, &b);
    else if (rc == 0 && omrs_buf_append(&b, t.p, t.n) < 0)
        rc = omrs_fail_nomem(ps->err);
    if (rc < 0) {
        omrs_buf_free(&b);
        return rc;
    }
    free(*slot);
    *slot = b.data;
    return 0;
}

static int set_literal(parser *ps, char **slot, const char *value)
{
    return omrs_set_str(slot, value) < 0 ? omrs_fail_nomem(ps->err) : 0;
}

/* ---- scheme ---- */

/* The scheme as written, for messages; stops before anything that could be a secret. */
static text scheme_as_written(text url)
{
    size_t i = 0;
    while (i < url.n && i < 40 &&
           (isalnum((unsigned char)url.p[i]) || strchr("+:_.-", url.p[i])))
        i++;
    return (text){url.p, i};
}

static int fail_scheme(parser *ps, text url)
{
    text s = scheme_as_written(url);
    if (s.n == 0)
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "the database URL does not start with a JDBC scheme: omrs-console works "
                         "with MySQL and MariaDB only and accepts %s", ACCEPTED_SCHEMES);
    return omrs_fail(ps->err, OMRS_ERR_PARSE,
                     "unsupported database URL scheme \"%.*s\": omrs-console works with MySQL and "
                     "MariaDB only and accepts %s", (int)s.n, s.p, ACCEPTED_SCHEMES);
}

static bool known_mode(const char *const *modes, text mode)
{
    for (size_t i = 0; modes[i]; i++)
        if (equals_ci(mode, modes[i]))
            return true;
    return false;
}

static int set_lowercase(parser *ps, char **slot, text t)
{
    char *s = malloc(t.n + 1);
    if (!s)
        return omrs_fail_nomem(ps->err);
    for (size_t i = 0; i < t.n; i++)
        s[i] = (char)tolower((unsigned char)t.p[i]);
    s[t.n] = '\0';
    free(*slot);
    *slot = s;
    return 0;
}

/* "jdbc:" driver [":" mode] ":" — leaves *rest just after the "//". */
static int parse_scheme(parser *ps, text *rest)
{
    text url = *rest;
    if (!starts_with(*rest, "jdbc:", true))
        return fail_scheme(ps, url);
    *rest = text_after(*rest, 5);
    text driver = take_until(rest, ":/");
    if (equals_ci(driver, "mysql+srv"))
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "DNS SRV database URLs (jdbc:mysql+srv://) are not supported: name the "
                         "database host itself, e.g. jdbc:mysql://db.example.org:3306/openmrs");
    bool mysql = equals_ci(driver, "mysql");
    if ((!mysql && !equals_ci(driver, "mariadb")) || !starts_with(*rest, ":", false))
        return fail_scheme(ps, url);
    *rest = text_after(*rest, 1);
    text mode = take_until(rest, ":/");
    if (mode.n && (!known_mode(mysql ? MYSQL_MODES : MARIADB_MODES, mode) ||
                   !starts_with(*rest, ":", false)))
        return fail_scheme(ps, url);
    if (mode.n)
        *rest = text_after(*rest, 1);
    if (!starts_with(*rest, "//", false))
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "malformed database URL: expected \"//\" after \"%.*s\", as in "
                         "jdbc:mysql://localhost:3306/openmrs",
                         (int)(rest->p - url.p), url.p);
    *rest = text_after(*rest, 2);
    ps->url_decode = mysql;
    if (set_lowercase(ps, &ps->out->scheme, driver) < 0)
        return -1;
    return mode.n ? set_lowercase(ps, &ps->out->mode, mode) : 0;
}

/* ---- hosts ---- */

static int parse_host_info(parser *ps, text h, int depth);

static int fail_host(parser *ps, text h, const char *why)
{
    return omrs_fail(ps->err, OMRS_ERR_PARSE, "malformed database host \"%.*s\" in the URL: %s",
                     clip(h.n, 120), h.p, why);
}

/* The first item of a comma-separated list; commas inside [...] or (...) do not count. */
static text first_item(text t)
{
    int depth = 0;
    for (size_t i = 0; i < t.n; i++) {
        char c = t.p[i];
        if (c == '[' || c == '(')
            depth++;
        else if ((c == ']' || c == ')') && depth > 0)
            depth--;
        else if (c == ',' && depth == 0)
            return (text){t.p, i};
    }
    return t;
}

static int parse_port(parser *ps, text port, text host_info)
{
    port = trim(port);
    if (port.n == 0) /* "host:" means the default port, as in Connector/J */
        return 0;
    unsigned long value = 0;
    bool ok = port.n <= 5;
    for (size_t i = 0; ok && i < port.n; i++) {
        ok = isdigit((unsigned char)port.p[i]) != 0;
        if (ok)
            value = value * 10 + (unsigned long)(port.p[i] - '0');
    }
    if (!ok || value < 1 || value > 65535)
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "bad port \"%.*s\" for database host \"%.*s\" in the URL: a port is a "
                         "number from 1 to 65535",
                         clip(port.n, 40), port.p, clip(host_info.n, 120), host_info.p);
    ps->out->port = (unsigned)value;
    return 0;
}

static int set_host(parser *ps, text host)
{
    host = trim(host);
    return host.n ? set_value(ps, &ps->out->host, host, "host name", false) : 0;
}

/* host:port, the port after the last colon. */
static int parse_host_port(parser *ps, text h)
{
    const char *colon = find_last_char(h, ':');
    text host = colon ? (text){h.p, (size_t)(colon - h.p)} : h;
    if (find_char(host, ':'))
        return fail_host(ps, h, "write an IPv6 address in brackets, e.g. [::1]:3306");
    if (set_host(ps, host) < 0)
        return -1;
    return colon ? parse_port(ps, text_after(h, (size_t)(colon - h.p) + 1), h) : 0;
}

/* One "key=value" of address=(...)(...) or (...,...): only host and port matter here. */
static int apply_host_key(parser *ps, text kv, text whole)
{
    const char *eq = find_char(kv, '=');
    if (!eq)
        return 0;
    text key = trim((text){kv.p, (size_t)(eq - kv.p)});
    text value = text_after(kv, (size_t)(eq - kv.p) + 1);
    if (equals_ci(key, "host"))
        return set_host(ps, value);
    if (equals_ci(key, "port"))
        return parse_port(ps, value, whole);
    return 0;
}

/* address=(host=h)(port=p)(type=master)... */
static int parse_address_form(parser *ps, text t, text whole)
{
    t = trim(t);
    while (t.n) {
        const char *close = find_char(t, ')');
        if (t.p[0] != '(' || !close)
            return fail_host(ps, whole, "expected address=(host=name)(port=number)");
        if (apply_host_key(ps, (text){t.p + 1, (size_t)(close - t.p) - 1}, whole) < 0)
            return -1;
        t = trim(text_after(t, (size_t)(close - t.p) + 1));
    }
    return 0;
}

/* (host=h,port=p,...) */
static int parse_key_value_form(parser *ps, text inner, text whole)
{
    for (;;) {
        text kv = take_until(&inner, ",");
        if (apply_host_key(ps, kv, whole) < 0)
            return -1;
        if (inner.n == 0)
            return 0;
        inner = text_after(inner, 1);
    }
}

/* At least two colons and only hex digits, colons and dots (IPv4-mapped), then an
 * optional %zone: every IPv6 literal has two colons, a host:port has one. */
static bool looks_like_ipv6(text t)
{
    size_t colons = 0, i = 0;
    for (; i < t.n && t.p[i] != '%'; i++) {
        if (t.p[i] == ':')
            colons++;
        else if (!isxdigit((unsigned char)t.p[i]) && t.p[i] != '.')
            return false;
    }
    return colons >= 2;
}

static const char *matching_bracket(text t)
{
    int depth = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (t.p[i] == '[')
            depth++;
        else if (t.p[i] == ']' && --depth == 0)
            return t.p + i;
    }
    return NULL;
}

/* [IPv6]:port, or a [host1,host2] sub-list of which the first host counts. */
static int parse_bracketed(parser *ps, text h, int depth)
{
    const char *close = matching_bracket(h);
    if (!close)
        return fail_host(ps, h, "'[' without a matching ']'");
    text inner = {h.p + 1, (size_t)(close - h.p) - 1};
    text after = trim(text_after(h, (size_t)(close - h.p) + 1));
    if (looks_like_ipv6(inner)) {
        if (set_host(ps, inner) < 0)
            return -1;
        if (after.n == 0)
            return 0;
        if (after.p[0] != ':')
            return fail_host(ps, h, "expected ':port' after the IPv6 address");
        return parse_port(ps, text_after(after, 1), h);
    }
    if (after.n)
        return fail_host(ps, h, "unexpected text after the host list in brackets");
    if (depth >= 4)
        return fail_host(ps, h, "host lists nested too deep");
    return parse_host_info(ps, trim(first_item(inner)), depth + 1);
}

static int parse_host_info(parser *ps, text h, int depth)
{
    if (h.n == 0)
        return 0; /* no host named: localhost, as in both drivers */
    if (starts_with(h, "address=", true))
        return parse_address_form(ps, text_after(h, 8), h);
    if (h.p[0] == '(' && h.p[h.n - 1] == ')')
        return parse_key_value_form(ps, (text){h.p + 1, h.n - 2}, h);
    if (h.p[0] == '[')
        return parse_bracketed(ps, h, depth);
    return parse_host_port(ps, h);
}

/* user[:password] in front of the first '@'. */
static int parse_user_info(parser *ps, text info)
{
    const char *colon = find_char(info, ':');
    text user = trim(colon ? (text){info.p, (size_t)(colon - info.p)} : info);
    if (user.n && set_value(ps, &ps->out->user, user, "user name", false) < 0)
        return -1;
    if (!colon)
        return 0;
    text password = trim(text_after(info, (size_t)(colon - info.p) + 1));
    return password.n ? set_value(ps, &ps->out->password, password, "password", true) : 0;
}

static int parse_authority(parser *ps, text authority)
{
    text segment = trim(first_item(authority));
    const char *at = ps->url_decode ? find_char(segment, '@') : NULL; /* MariaDB has no user@ */
    if (at) {
        if (parse_user_info(ps, (text){segment.p, (size_t)(at - segment.p)}) < 0)
            return -1;
        segment = trim(text_after(segment, (size_t)(at - segment.p) + 1));
    }
    return parse_host_info(ps, segment, 0);
}

/* ---- database and parameters ---- */

/* Java's trim() on a decoded, NUL-terminated string. */
static void trim_in_place(char *s)
{
    size_t n = strlen(s), start = 0;
    while (start < n && (unsigned char)s[start] <= ' ')
        start++;
    while (n > start && (unsigned char)s[n - 1] <= ' ')
        n--;
    memmove(s, s + start, n - start);
    s[n - start] = '\0';
}

static int parse_database(parser *ps, text path)
{
    if (path.n && path.p[0] == '/')
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "malformed database URL: \"//\" after the host list; write "
                         "jdbc:mysql://host:port/database");
    if (set_value(ps, &ps->out->database, path, "database name", false) < 0)
        return -1;
    if (ps->url_decode) /* Connector/J: decode(path).trim() */
        trim_in_place(ps->out->database);
    if (ps->out->database[0] == '\0') {
        free(ps->out->database);
        ps->out->database = NULL;
    }
    return 0;
}

static bool is_connectorj_name(text key)
{
    for (size_t i = 0; i < key.n; i++) {
        unsigned char c = (unsigned char)key.p[i];
        if (!isalnum(c) && !strchr("_.-% \t\n\r\f\v", c))
            return false;
    }
    return true;
}

static int store_param(parser *ps, text key, text value)
{
    char what[96];
    char *k = NULL, *v = NULL;
    bool secret = contains_ci(key, "password");
    snprintf(what, sizeof what, "parameter \"%.*s\"", clip(key.n, 60), key.p);
    int rc = set_value(ps, &k, key, what, false);
    if (rc == 0)
        rc = set_value(ps, &v, value, what, secret);
    if (rc == 0)
        rc = omrs_props_set(&ps->out->params, k, v, 0, ps->err);
    free(k);
    free(v);
    return rc;
}

/* MySQL Connector/J: trimmed name [= value], name from a restricted set. */
static int parse_connectorj_param(parser *ps, text piece)
{
    const char *eq = find_char(piece, '=');
    text key = trim(eq ? (text){piece.p, (size_t)(eq - piece.p)} : piece);
    text value = eq ? trim(text_after(piece, (size_t)(eq - piece.p) + 1)) : (text){"", 0};
    if (!is_connectorj_name(key))
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "malformed database URL parameter name \"%.*s\": a name may hold only "
                         "letters, digits, '_', '.', '-' and '%%'",
                         clip(key.n, 60), key.p);
    if (key.n == 0 && value.n == 0)
        return 0;
    if (key.n == 0)
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "a database URL parameter has a value but no name (look for \"&=\" or "
                         "\"?=\" in connection.url)");
    return store_param(ps, key, value);
}

/* MariaDB Connector/J: name up to the first '=', both kept exactly as written. */
static int parse_mariadb_param(parser *ps, text piece)
{
    const char *eq = find_char(piece, '=');
    text key = eq ? (text){piece.p, (size_t)(eq - piece.p)} : piece;
    text value = eq ? text_after(piece, (size_t)(eq - piece.p) + 1) : (text){"", 0};
    return key.n ? store_param(ps, key, value) : 0;
}

static int parse_params(parser *ps, text query)
{
    for (;;) {
        text piece = take_until(&query, "&");
        int rc = ps->url_decode ? parse_connectorj_param(ps, piece)
                                : parse_mariadb_param(ps, piece);
        if (rc < 0)
            return -1;
        if (query.n == 0)
            return 0;
        query = text_after(query, 1);
    }
}

/* ---- the whole URL ---- */

static int parse_url(parser *ps, text rest)
{
    if (rest.n == 0)
        return omrs_fail(ps->err, OMRS_ERR_PARSE,
                         "the database URL is empty; expected something like "
                         "jdbc:mysql://localhost:3306/openmrs");
    if (parse_scheme(ps, &rest) < 0 || parse_authority(ps, take_until(&rest, "/?#")) < 0)
        return -1;
    if (starts_with(rest, "/", false)) {
        rest = text_after(rest, 1);
        if (parse_database(ps, take_until(&rest, "?#")) < 0)
            return -1;
    }
    if (starts_with(rest, "?", false)) {
        rest = text_after(rest, 1);
        if (parse_params(ps, take_until(&rest, "#")) < 0)
            return -1;
    }
    /* whatever follows '#' is a fragment, which Connector/J ignores */
    return ps->out->host ? 0 : set_literal(ps, &ps->out->host, "localhost");
}

int omrs_jdbc_url_parse(const char *url, omrs_jdbc_url *out, omrs_error *err)
{
    *out = (omrs_jdbc_url){0};
    out->port = OMRS_JDBC_DEFAULT_PORT;
    parser ps = {out, false, err};
    int rc = parse_url(&ps, url ? trim((text){url, strlen(url)}) : (text){"", 0});
    if (rc < 0)
        omrs_jdbc_url_free(out);
    return rc;
}

void omrs_jdbc_url_free(omrs_jdbc_url *u)
{
    free(u->scheme);
    free(u->mode);
    free(u->host);
    free(u->database);
    free(u->user);
    free(u->password);
    omrs_props_free(&u->params);
    *u = (omrs_jdbc_url){0};
}
