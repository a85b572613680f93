#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strutil.h"

static const char *const state_names[OMRS_SYNC_STATE_COUNT] = {
    "NEW", "PENDING_SEND", "SENT", "SEND_FAILED", "COMMITTED", "COMMITTED_AND_CONFIRMATION_SENT", "FAILED",
    "FAILED_AND_STOPPED", "SENT_AGAIN", "ALREADY_COMMITTED", "NOT_SUPPOSED_TO_SYNC", "REJECTED",
};

const char *omrs_sync_state_name(omrs_sync_state s)
{
    return s >= 0 && s < OMRS_SYNC_STATE_COUNT ? state_names[s] : "?";
}

omrs_sync_state omrs_sync_state_parse(const char *name)
{
    for (int i = 0; name && i < OMRS_SYNC_STATE_COUNT; i++)
        if (strcmp(name, state_names[i]) == 0)
            return (omrs_sync_state)i;
    return OMRS_SYNC_STATE_UNKNOWN;
}

bool omrs_sync_state_is_final(omrs_sync_state s)
{
    return s == OMRS_SYNC_COMMITTED || s == OMRS_SYNC_COMMITTED_AND_CONFIRMATION_SENT
        || s == OMRS_SYNC_ALREADY_COMMITTED;
}

bool omrs_sync_state_in_queue(omrs_sync_state s)
{
    switch (s) {
    case OMRS_SYNC_NEW: case OMRS_SYNC_PENDING_SEND: case OMRS_SYNC_SENT: case OMRS_SYNC_SEND_FAILED:
    case OMRS_SYNC_FAILED: case OMRS_SYNC_FAILED_AND_STOPPED: case OMRS_SYNC_SENT_AGAIN:
        return true;
    default:
        return false;
    }
}

bool omrs_sync_state_is_error(omrs_sync_state s)
{
    return s == OMRS_SYNC_SEND_FAILED || s == OMRS_SYNC_FAILED || s == OMRS_SYNC_FAILED_AND_STOPPED
        || s == OMRS_SYNC_REJECTED;
}

int omrs_sync_states_parse(const char *list, bool set[OMRS_SYNC_STATE_COUNT], omrs_error *err)
{
    memset(set, 0, OMRS_SYNC_STATE_COUNT * sizeof *set);
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), p);
        omrs_sync_state s = omrs_sync_state_parse(name);
        if (s == OMRS_SYNC_STATE_UNKNOWN || n >= sizeof name) {
            omrs_buf names = {0};
            for (int i = 0; i < OMRS_SYNC_STATE_COUNT; i++)
                omrs_buf_printf(&names, "%s%s", i ? ", " : "", state_names[i]);
            int rc = omrs_fail(err, OMRS_ERR_USAGE, "unknown sync state '%s' (there are: %s)", name,
                               names.data ? names.data : "");
            omrs_buf_free(&names);
            return rc;
        }
        set[s] = true;
        p += n + (p[n] == ',');
    }
    return 0;
}

int omrs_sync_require_tables(omrs_conn *c, omrs_error *err)
{
    static const char *const tables[] = {"sync_record", "sync_server_record", "sync_server"};
    return omrs_sync_require(c, tables, sizeof tables / sizeof *tables, err);
}

int omrs_sync_require(omrs_conn *c, const char *const *tables, size_t count, omrs_error *err)
{
    for (size_t i = 0; i < count; i++) {
        bool exists = false;
        if (omrs_conn_table_exists(c, tables[i], &exists, err) < 0)
            return -1;
        if (!exists)
            return omrs_fail(err, OMRS_ERR_NOT_OPENMRS, "the Sync module's tables are not in database %s (no %s)",
                             c->database ? c->database : "(none)", tables[i]);
    }
    return 0;
}

static int take_server(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    omrs_sync_servers *s = ctx;
    omrs_sync_server *v = omrs_array_push(&s->items, &s->count, sizeof *v);
    if (!v)
        return -1;
    v->id = atoi(row[0]);
    v->disabled = row[9] && strcmp(row[9], "0") != 0;
    char **slots[] = {&v->uuid, &v->nickname, &v->address, &v->server_type, &v->username, &v->child_username,
                      &v->last_sync, &v->last_sync_state};
    for (size_t i = 0; i < sizeof slots / sizeof *slots; i++)
        if (row[i + 1] && omrs_set_str(slots[i], row[i + 1]) < 0)
            return -1;
    return 0;
}

int omrs_sync_servers_load(omrs_conn *c, omrs_sync_servers *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    if (omrs_sync_require_tables(c, err) < 0)
        return -1;
    int rc = omrs_conn_each_row(c, "SELECT server_id, uuid, nickname, address, server_type, username, child_username, "
                                   "DATE_FORMAT(last_sync, '%Y-%m-%d %H:%i:%s'), last_sync_state, disabled "
                                   "FROM sync_server ORDER BY server_id", take_server, out, err);
    if (rc < 0)
        omrs_sync_servers_free(out);
    return rc;
}

void omrs_sync_servers_free(omrs_sync_servers *s)
{
    for (size_t i = 0; i < s->count; i++) {
        omrs_sync_server *v = &s->items[i];
        free(v->uuid), free(v->nickname), free(v->address), free(v->server_type), free(v->username);
        free(v->child_username), free(v->last_sync), free(v->last_sync_state);
    }
    free(s->items);
    memset(s, 0, sizeof *s);
}

static bool is_number(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static bool server_matches(const omrs_sync_server *v, const char *key)
{
    if (is_number(key))
        return v->id == atoi(key);
    return (v->uuid && strcmp(v->uuid, key) == 0) || (v->nickname && strcasecmp(v->nickname, key) == 0);
}

int omrs_sync_server_resolve(const omrs_sync_servers *s, const char *key, const omrs_sync_server **out,
                             omrs_error *err)
{
    *out = NULL;
    size_t found = 0;
    for (size_t i = 0; i < s->count; i++)
        if (server_matches(&s->items[i], key))
            found++, *out = *out ? *out : &s->items[i];
    if (found == 1)
        return 0;
    omrs_buf names = {0};
    for (size_t i = 0; i < s->count; i++)
        omrs_buf_printf(&names, "%s%d %s", i ? ", " : "", s->items[i].id,
                        s->items[i].nickname ? s->items[i].nickname : "(no nickname)");
    int rc = omrs_fail(err, OMRS_ERR_USAGE, "%s server '%s' (give a server_id, uuid or nickname; there are: %s)",
                       found ? "more than one" : "no", key, names.data ? names.data : "none");
    omrs_buf_free(&names);
    *out = NULL;
    return rc;
}

const omrs_sync_server *omrs_sync_parent(const omrs_sync_servers *s)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->items[i].server_type && strcmp(s->items[i].server_type, "PARENT") == 0)
            return &s->items[i];
    return NULL;
}

void omrs_sync_print_transaction(const omrs_strlist *sql, FILE *out)
{
    fputs("SQL, in one transaction:\n  START TRANSACTION;\n", out);
    for (size_t i = 0; i < sql->count; i++)
        fprintf(out, "  %s;\n", sql->items[i]);
    fputs("  COMMIT;\n", out);
}
