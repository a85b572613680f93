/* `omrs-console sync records [filters]`: one page of sync_record in the module's queue
 * order, and `sync record ID|UUID`: one record in full, with its items and its payload.
 * Both only read (they work with -R and a SELECT-only account). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli_sync.h"
#include "json_out.h"
#include "session.h"
#include "strutil.h"
#include "sync/model.h"
#include "sync/payload.h"
#include "sync/records.h"

#define LINE_WIDTH 79   /* text lines stay inside an 80-column terminal */

static json_t *retry_json(bool has_retry, int retry_count)
{
    return has_retry ? json_integer(retry_count) : json_null();
}

/* contained_classes as a JSON array (the column is comma-separated, section 3.6). */
static json_t *classes_json(const char *classes)
{
    json_t *list = json_array();
    for (const char *p = classes; list && p && *p;) {
        size_t n = strcspn(p, ",");
        if (n && json_array_append_new(list, json_stringn(p, n)) < 0) {
            json_decref(list);
            return NULL;
        }
        p += n + (p[n] == ',');
    }
    return list;
}

/* Prints label then text, wrapped to LINE_WIDTH at spaces or commas; continuation lines
 * and the text's own line breaks are indented under the text. */
static void print_wrapped(FILE *out, int indent, const char *label, const char *text)
{
    int room = LINE_WIDTH - indent > 20 ? LINE_WIDTH - indent : 20;
    fprintf(out, "%-*s", indent, label);
    for (const char *p = text; *p;) {
        int n = (int)strcspn(p, "\n");
        int take = n;
        if (n > room) {   /* break after the last space or comma that fits, else hard */
            take = room;
            for (int i = room; i > room / 2; i--)
                if (p[i - 1] == ' ' || p[i - 1] == ',') {
                    take = i;
                    break;
                }
        }
        int shown = take;
        while (take < n && shown > 0 && p[shown - 1] == ' ')
            shown--;
        fprintf(out, "%.*s\n", shown, p);
        p += take;
        if (take == n && *p == '\n')
            p++;
        else
            while (*p == ' ')
                p++;
        if (*p)
            fprintf(out, "%*s", indent, "");
    }
    if (!*text)
        fputc('\n', out);
}

/* ---- sync records ------------------------------------------------------ */

/* Everything that can be checked before connecting. */
static int filter_from_options(const omrs_cli_options *o, omrs_sync_record_filter *f, omrs_error *err)
{
    memset(f, 0, sizeof *f);
    if (o->word_count > 2)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync records takes no argument ('%s'); filter with --state, --server, "
                                              "--class, --uuid, --since, --until", o->words[2]);
    f->has_states = o->state != NULL;
    if (o->state && omrs_sync_states_parse(o->state, f->states, err) < 0)
        return -1;
    if (o->since && omrs_sync_time_parse(o->since, "--since", f->since, err) < 0)
        return -1;
    if (o->until && omrs_sync_time_parse(o->until, "--until", f->until, err) < 0)
        return -1;
    f->has_after = o->after != NULL;
    if (o->after && omrs_sync_cursor_parse(o->after, &f->after, err) < 0)
        return -1;
    f->class_text = o->class_name;
    f->uuid = o->uuid;
    f->limit = o->limit ? o->limit : OMRS_SYNC_RECORDS_DEFAULT_LIMIT;
    return 0;
}

/* --server: the parent keeps the sync_record columns; any other server has its own rows. */
static int resolve_server(omrs_conn *c, const char *key, omrs_sync_record_filter *f, omrs_buf *scope,
                          omrs_error *err)
{
    omrs_sync_servers servers;
    const omrs_sync_server *s = NULL;
    if (omrs_sync_servers_load(c, &servers, err) < 0)
        return -1;
    int rc = omrs_sync_server_resolve(&servers, key, &s, err);
    bool parent = rc == 0 && s->server_type && strcmp(s->server_type, "PARENT") == 0;
    if (rc == 0) {
        f->server_id = parent ? 0 : s->id;
        rc = omrs_buf_printf(scope, "server %d '%s' (%s)", s->id, s->nickname ? s->nickname : "",
                             parent ? "the parent: sync_record" : "sync_server_record") < 0 ? omrs_fail_nomem(err) : 0;
    }
    omrs_sync_servers_free(&servers);
    return rc;
}

/* "org.openmrs.PersonName,org.openmrs.User" -> "PersonName,User", cut to width with "...". */
static void print_short_classes(FILE *out, const char *classes, int width)
{
    omrs_buf shortened = {0};
    for (const char *p = classes ? classes : ""; *p;) {
        size_t n = strcspn(p, ",");
        const char *name = p;
        for (const char *q = p; q < p + n; q++)
            if (*q == '.')
                name = q + 1;
        omrs_buf_printf(&shortened, "%s%.*s", shortened.len ? "," : "", (int)(p + n - name), name);
        p += n + (p[n] == ',');
    }
    const char *text = shortened.data ? shortened.data : "";
    if (width < 4)
        width = 4;
    if ((int)strlen(text) > width)
        fprintf(out, "%.*s...", width - 3, text);
    else
        fputs(text, out);
    omrs_buf_free(&shortened);
}

static void print_page_text(const omrs_sync_record_page *page, const char *scope, FILE *out)
{
    fprintf(out, "state and retries: %s\n", scope);
    if (page->count == 0)
        fputs("no records match\n", out);
    else
        fprintf(out, "%8s %-19s %-20s %5s %s\n", "ID", "TIMESTAMP", "STATE", "RETRY", "CLASSES");
    for (size_t i = 0; i < page->count; i++) {
        const omrs_sync_record_row *r = &page->rows[i];
        char retry[16] = "-";
        if (r->has_retry)
            snprintf(retry, sizeof retry, "%d", r->retry_count);
        int used = fprintf(out, "%8lld %-19s %-20s %5s ", r->record_id, r->timestamp ? r->timestamp : "(no timestamp)",
                           r->state ? r->state : "-", retry);
        print_short_classes(out, r->contained_classes, LINE_WIDTH - used);
        fputc('\n', out);
    }
    char next[OMRS_SYNC_CURSOR_TEXT_MAX] = "none (last page)";
    if (page->has_next)
        omrs_sync_cursor_format(&page->next, next);
    fprintf(out, "next: %s\n", next);
}

static json_t *page_row_json(const omrs_sync_record_row *r, bool server_scope)
{
    json_t *row = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "record_id", (json_int_t)r->record_id,
                            "uuid", omrs_json_str(r->uuid), "original_uuid", omrs_json_str(r->original_uuid),
                            "timestamp", omrs_json_str(r->timestamp), "state", omrs_json_str(r->state),
                            "retry_count", retry_json(r->has_retry, r->retry_count),
                            "contained_classes", classes_json(r->contained_classes));
    if (row && server_scope && json_object_set_new(row, "error_message", omrs_json_str(r->error_message)) < 0) {
        json_decref(row);
        return NULL;
    }
    return row;
}

static int print_page_json(const omrs_sync_record_page *page, const omrs_sync_record_filter *f, const char *scope,
                           FILE *out, omrs_error *err)
{
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < page->count; i++)
        if (json_array_append_new(rows, page_row_json(&page->rows[i], f->server_id != 0)) < 0) {
            json_decref(rows);
            rows = NULL;
        }
    char next[OMRS_SYNC_CURSOR_TEXT_MAX];
    if (page->has_next)
        omrs_sync_cursor_format(&page->next, next);
    return omrs_json_print(json_pack("{s:s, s:o, s:o, s:o}", "scope", scope,
                                     "server_id", f->server_id ? json_integer(f->server_id) : json_null(),
                                     "records", rows, "next", page->has_next ? json_string(next) : json_null()),
                           out, err);
}

int omrs_sync_cmd_records(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    omrs_sync_record_filter f;
    if (filter_from_options(o, &f, err) < 0)
        return -1;
    omrs_session session;
    omrs_buf scope = {0};
    omrs_sync_record_page page = {0};
    int rc = omrs_session_open(&o->conn, &session, err);
    omrs_conn *conn = &session.conn;
    if (rc == 0)
        rc = o->server ? resolve_server(conn, o->server, &f, &scope, err)
                       : (omrs_buf_printf(&scope, "the parent direction (sync_record)") < 0 ? omrs_fail_nomem(err) : 0);
    if (rc == 0)
        rc = omrs_sync_records_page(conn, &f, &page, err);
    if (rc == 0)
        rc = o->json ? print_page_json(&page, &f, scope.data, out, err) : (print_page_text(&page, scope.data, out), 0);
    omrs_sync_record_page_free(&page);
    omrs_buf_free(&scope);
    omrs_session_close(&session);
    return rc;
}

/* ---- sync record ID|UUID ----------------------------------------------- */

/* The record, its payload parsed (or why not), and what its state column refers to. */
typedef struct record_view {
    omrs_sync_record_detail detail;
    omrs_sync_payload payload;
    bool payload_ok;
    omrs_error payload_error;
    char *parent_name;        /* this database's parent, NULL when it has none */
    bool has_parent;
} record_view;

static int load_parent(omrs_conn *c, record_view *v, omrs_error *err)
{
    omrs_sync_servers servers;
    if (omrs_sync_servers_load(c, &servers, err) < 0)
        return -1;
    const omrs_sync_server *parent = omrs_sync_parent(&servers);
    v->has_parent = parent != NULL;
    int rc = parent && omrs_set_str(&v->parent_name, parent->nickname ? parent->nickname : "") < 0 ? omrs_fail_nomem(err) : 0;
    omrs_sync_servers_free(&servers);
    return rc;
}

/* A malformed payload is data to show, not a failure of the command. */
static int parse_payload(record_view *v, omrs_error *err)
{
    omrs_error_clear(&v->payload_error);
    v->payload_ok = omrs_sync_payload_parse(v->detail.payload, v->detail.payload_len, &v->payload,
                                            &v->payload_error) == 0;
    if (!v->payload_ok && v->payload_error.code == OMRS_ERR_NOMEM)
        return omrs_fail_nomem(err);
    return 0;
}

static void record_view_free(record_view *v)
{
    omrs_sync_record_detail_free(&v->detail);
    omrs_sync_payload_free(&v->payload);
    free(v->parent_name);
}

static bool is_outgoing(const omrs_sync_record_row *r)
{
    return r->uuid && r->original_uuid && strcmp(r->uuid, r->original_uuid) == 0;
}

static void print_record_fields(const record_view *v, FILE *out)
{
    const omrs_sync_record_detail *d = &v->detail;
    const omrs_sync_record_row *r = &d->record;
    char retry[16] = "-";
    if (r->has_retry)
        snprintf(retry, sizeof retry, "%d", r->retry_count);
    omrs_buf state = {0};
    omrs_buf_printf(&state, "%s (%s%s%s)", r->state ? r->state : "NULL",
                    v->has_parent ? "towards the parent '" : "no parent here: it means nothing",
                    v->has_parent ? v->parent_name : "", v->has_parent ? "'" : "");
    fprintf(out, "Record %lld\n", r->record_id);
    print_wrapped(out, 20, "  uuid", r->uuid);
    omrs_buf orig = {0};
    omrs_buf_printf(&orig, "%s (%s)", r->original_uuid ? r->original_uuid : "NULL",
                    is_outgoing(r) ? "outgoing: made here" : "incoming: a copy of a record made elsewhere");
    print_wrapped(out, 20, "  original_uuid", orig.data ? orig.data : "");
    print_wrapped(out, 20, "  timestamp", r->timestamp ? r->timestamp : "NULL");
    print_wrapped(out, 20, "  state", state.data ? state.data : "");
    print_wrapped(out, 20, "  retry_count", retry);
    print_wrapped(out, 20, "  creator", d->creator ? d->creator : "NULL");
    print_wrapped(out, 20, "  database_version", d->database_version ? d->database_version : "NULL");
    print_wrapped(out, 20, "  contained_classes", r->contained_classes ? r->contained_classes : "NULL");
    omrs_buf_free(&state);
    omrs_buf_free(&orig);
}

static void print_server_records(const omrs_sync_record_detail *d, FILE *out)
{
    fprintf(out, "\nPer-server rows (sync_server_record): %zu\n", d->server_count);
    for (size_t i = 0; i < d->server_count; i++) {
        const omrs_sync_server_record *s = &d->servers[i];
        char retry[16] = "-";
        if (s->has_retry)
            snprintf(retry, sizeof retry, "%d", s->retry_count);
        omrs_buf line = {0};
        omrs_buf_printf(&line, "%s, retries %s (row %lld)", s->state ? s->state : "NULL", retry, s->server_record_id);
        char label[320];
        snprintf(label, sizeof label, "  %d %.40s", s->server_id, s->nickname ? s->nickname : "(no such server)");
        fprintf(out, "%s\n", label);
        print_wrapped(out, 6, "", line.data ? line.data : "");
        if (s->error_message)
            print_wrapped(out, 13, "      error: ", s->error_message);
        omrs_buf_free(&line);
    }
}

static void print_import(const omrs_sync_import *i, FILE *out)
{
    fputs("\nImport of its original uuid here (sync_import): ", out);
    if (!i) {
        fputs("none\n", out);
        return;
    }
    char retry[16] = "-";
    if (i->has_retry)
        snprintf(retry, sizeof retry, "%d", i->retry_count);
    omrs_buf line = {0};
    omrs_buf_printf(&line, "%s, retries %s, received from server ", i->state ? i->state : "NULL", retry);
    if (i->has_source)
        omrs_buf_printf(&line, "%d '%s'", i->source_server_id, i->source_nickname ? i->source_nickname : "?");
    else
        omrs_buf_printf(&line, "NULL");
    fprintf(out, "sync_import_id %lld\n", i->id);
    print_wrapped(out, 20, "  state", line.data ? line.data : "");
    print_wrapped(out, 20, "  timestamp", i->timestamp ? i->timestamp : "NULL");
    print_wrapped(out, 20, "  database_version", i->database_version ? i->database_version : "NULL");
    if (i->error_message)
        print_wrapped(out, 20, "  error", i->error_message);
    omrs_buf_free(&line);
}

static void print_items(const omrs_sync_payload *p, FILE *out)
{
    fprintf(out, "\nItems: %zu\n", p->count);
    for (size_t i = 0; i < p->count; i++) {
        const omrs_sync_item *it = &p->items[i];
        omrs_buf line = {0};
        omrs_buf_printf(&line, "%s %s", it->entity_class ? it->entity_class : "?", it->uuid ? it->uuid : "?");
        if (it->property)   /* a collection: the owner's uuid and the collection's name */
            omrs_buf_printf(&line, " (collection '%s')", it->property);
        char label[32];
        snprintf(label, sizeof label, "  %.8s", it->action ? it->action : "?");
        print_wrapped(out, 11, label, line.data ? line.data : "");
        omrs_buf_free(&line);
    }
}

static void print_payload(const record_view *v, FILE *out)
{
    const omrs_sync_record_detail *d = &v->detail;
    if (!d->payload) {
        fputs("\nPayload: NULL\n", out);
        return;
    }
    if (!v->payload_ok) {
        fprintf(out, "\nPayload (raw, %zu bytes; not shown as XML):\npayload error: %s\n%s\n", d->payload_len,
                v->payload_error.message, d->payload);
        return;
    }
    print_items(&v->payload, out);
    if (v->payload.pretty)
        fprintf(out, "\nPayload:\n%s", v->payload.pretty);
    else
        fputs("\nPayload: empty\n", out);
}

static void print_record_text(const record_view *v, FILE *out)
{
    print_record_fields(v, out);
    print_server_records(&v->detail, out);
    print_import(v->detail.import, out);
    print_payload(v, out);
}

static json_t *server_records_json(const omrs_sync_record_detail *d)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < d->server_count; i++) {
        const omrs_sync_server_record *s = &d->servers[i];
        if (json_array_append_new(list, json_pack("{s:I, s:i, s:o, s:o, s:o, s:o, s:o}",
                "server_record_id", (json_int_t)s->server_record_id, "server_id", s->server_id,
                "nickname", omrs_json_str(s->nickname), "server_type", omrs_json_str(s->server_type),
                "state", omrs_json_str(s->state), "retry_count", retry_json(s->has_retry, s->retry_count),
                "error_message", omrs_json_str(s->error_message))) < 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *import_json(const omrs_sync_import *i)
{
    if (!i)
        return json_null();
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "sync_import_id", (json_int_t)i->id,
                     "uuid", omrs_json_str(i->uuid), "creator", omrs_json_str(i->creator),
                     "database_version", omrs_json_str(i->database_version),
                     "timestamp", omrs_json_str(i->timestamp), "state", omrs_json_str(i->state),
                     "retry_count", retry_json(i->has_retry, i->retry_count),
                     "error_message", omrs_json_str(i->error_message),
                     "source_server_id", i->has_source ? json_integer(i->source_server_id) : json_null(),
                     "source_nickname", omrs_json_str(i->source_nickname));
}

static json_t *items_json(const omrs_sync_payload *p)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < p->count; i++) {
        const omrs_sync_item *it = &p->items[i];
        if (json_array_append_new(list, json_pack("{s:o, s:o, s:o, s:o}", "entity_class",
                omrs_json_str(it->entity_class), "uuid", omrs_json_str(it->uuid),
                "property", omrs_json_str(it->property), "action", omrs_json_str(it->action))) < 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *record_json(const record_view *v)
{
    const omrs_sync_record_detail *d = &v->detail;
    const omrs_sync_record_row *r = &d->record;
    return json_pack("{s:I, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "record_id", (json_int_t)r->record_id,
                     "uuid", omrs_json_str(r->uuid), "original_uuid", omrs_json_str(r->original_uuid),
                     "outgoing", is_outgoing(r), "timestamp", omrs_json_str(r->timestamp),
                     "state", omrs_json_str(r->state), "retry_count", retry_json(r->has_retry, r->retry_count),
                     "parent", v->has_parent ? json_string(v->parent_name) : json_null(),
                     "creator", omrs_json_str(d->creator), "database_version", omrs_json_str(d->database_version),
                     "contained_classes", classes_json(r->contained_classes));
}

static int print_record_json(const record_view *v, FILE *out, omrs_error *err)
{
    json_t *doc = json_pack("{s:o, s:o, s:o, s:o}", "record", record_json(v),
                            "server_records", server_records_json(&v->detail), "import", import_json(v->detail.import),
                            "items", items_json(&v->payload));
    int rc = 0;
    if (doc && v->payload_ok)
        rc = json_object_set_new(doc, "payload_pretty", omrs_json_str(v->payload.pretty));
    else if (doc)
        rc = json_object_set_new(doc, "payload_raw", json_string(v->detail.payload)) < 0
             || json_object_set_new(doc, "payload_error", json_string(v->payload_error.message)) < 0 ? -1 : 0;
    if (rc < 0) {
        json_decref(doc);
        doc = NULL;
    }
    return omrs_json_print(doc, out, err);
}

int omrs_sync_cmd_record(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count != 3)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync record needs exactly one record_id or uuid");
    omrs_session session;
    record_view v = {0};
    int rc = omrs_session_open(&o->conn, &session, err);
    omrs_conn *conn = &session.conn;
    if (rc == 0)
        rc = omrs_sync_record_load(conn, o->words[2], &v.detail, err);
    if (rc == 0)
        rc = load_parent(conn, &v, err);
    if (rc == 0)
        rc = parse_payload(&v, err);
    if (rc == 0)
        rc = o->json ? print_record_json(&v, out, err) : (print_record_text(&v, out), 0);
    if (rc == 0 && !v.payload_ok)   /* shown, and said once more where scripts look */
        fprintf(stderr, "omrs-console: warning: record %lld: %s\n", v.detail.record.record_id, v.payload_error.message);
    record_view_free(&v);
    omrs_session_close(&session);
    return rc;
}
