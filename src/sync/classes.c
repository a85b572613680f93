/* Class ignore lists in the database: loading, the module's editor, presets, apply, impact.
 * See classes.h; the rules themselves are in class_match.c. */
#include "classes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- loading ---- */

static int flag_of(const char *v)
{
    return v ? strcmp(v, "0") != 0 : OMRS_FLAG_NULL;
}

static int take_class(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    omrs_class_lists *l = ctx;
    omrs_sync_class *c = omrs_array_push(&l->classes, &l->class_count, sizeof *c);
    if (!c)
        return -1;
    *c = (omrs_sync_class){.id = atoi(row[0]), .default_send_to = flag_of(row[2]), .default_receive_from = flag_of(row[3])};
    return omrs_set_str(&c->name, row[1] ? row[1] : "");
}

static int take_row(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    omrs_class_lists *l = ctx;
    omrs_server_class *r = omrs_array_push(&l->rows, &l->row_count, sizeof *r);
    if (!r)
        return -1;
    *r = (omrs_server_class){atoi(row[0]), atoi(row[1]), atoi(row[2]), flag_of(row[3]) == 1, flag_of(row[4]) == 1};
    return 0;
}

static int require_class_tables(omrs_conn *c, omrs_error *err)
{
    static const char *const tables[] = {"sync_class", "sync_server_class"};
    return omrs_sync_require(c, tables, 2, err);
}

int omrs_class_lists_load(omrs_conn *c, const omrs_sync_servers *servers, omrs_class_lists *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = require_class_tables(c, err);
    out->server_ids = rc == 0 ? malloc((servers->count ? servers->count : 1) * sizeof *out->server_ids) : NULL;
    if (rc == 0 && !out->server_ids)
        rc = omrs_fail_nomem(err);
    for (size_t i = 0; rc == 0 && i < servers->count; i++)
        out->server_ids[out->server_count++] = servers->items[i].id;
    if (rc == 0)
        rc = omrs_conn_each_row(c, "SELECT class_id, name, default_send_to, default_receive_from FROM sync_class "
                                   "ORDER BY class_id", take_class, out, err);
    if (rc == 0)
        rc = omrs_conn_each_row(c, "SELECT server_class_id, class_id, server_id, send_to, receive_from "
                                   "FROM sync_server_class ORDER BY server_id, server_class_id", take_row, out, err);
    if (rc < 0)
        omrs_class_lists_free(out);
    return rc;
}

/* ---- presets: each is advice of the seeds, excluded both ways ---- */

static const omrs_class_preset presets[] = {
    /* seeds/000_5d1debecd94ac271.txt ("Using Sync with Infopath"): "It is recommended to
     * block synchronization of org.openmrs.module.formentry, and do all XSN manipulation by
     * hand on each server." */
    {"formentry", "org.openmrs.module.formentry",
     "block FormEntry (InfoPath XSN) objects; manage XSNs by hand on each server",
     "seeds/000_5d1debecd94ac271.txt"},
    /* seeds/000_5d1debecd94ac271.txt ("Alert and AlertRecipient"): on OpenMRS other than
     * 1.5.3+, 1.6.2+ and 1.7+ "ignore the class org.openmrs.notification.AlertRecipient from
     * both sending and receiving in order to avoid errors". Redundant where the installed
     * org.openmrs.notification.Alert row excludes it already (sync-module.md 7.5). */
    {"alert-recipient", "org.openmrs.notification.AlertRecipient",
     "ignore AlertRecipient both ways (OpenMRS before 1.5.3, 1.6.0-1.6.1)",
     "seeds/000_5d1debecd94ac271.txt"},
};

const omrs_class_preset *omrs_class_presets(size_t *count)
{
    *count = sizeof presets / sizeof *presets;
    return presets;
}

const omrs_class_preset *omrs_class_preset_find(const char *key)
{
    for (size_t i = 0; i < sizeof presets / sizeof *presets; i++)
        if (strcmp(presets[i].key, key) == 0)
            return &presets[i];
    return NULL;
}

/* ---- the database behind the planner ---- */

static int db_lookup(void *ctx, const char *name, int *ids, size_t max, size_t *found, omrs_error *err)
{
    omrs_conn *c = ctx;
    omrs_buf sql = {0};
    *found = 0;
    if (omrs_buf_printf(&sql, "SELECT class_id FROM sync_class WHERE name = ") < 0
        || omrs_conn_append_literal(c, &sql, name) < 0 || omrs_buf_printf(&sql, " ORDER BY class_id") < 0) {
        omrs_buf_free(&sql);
        return omrs_fail_nomem(err);
    }
    MYSQL_RES *res = NULL;
    int rc = omrs_conn_query(c, sql.data, &res, err);
    omrs_buf_free(&sql);
    MYSQL_ROW row;
    while (rc == 0 && res && (row = mysql_fetch_row(res)))
        if ((*found)++ < max)
            ids[*found - 1] = atoi(row[0]);
    if (res)
        mysql_free_result(res);
    return rc;
}

static int db_literal(void *ctx, omrs_buf *b, const char *s)
{
    return omrs_conn_append_literal(ctx, b, s);
}

omrs_class_db omrs_class_db_for(omrs_conn *c)
{
    return (omrs_class_db){db_lookup, db_literal, c};
}

/* ---- planning: the lists after the edit ---- */

typedef struct planner {
    omrs_class_lists *l;      /* the "after" lists being built */
    const omrs_class_db *db;
    omrs_class_plan *plan;
    int next_new_id;          /* planned rows get -1, -2, ... */
    omrs_error *err;
} planner;

static int note(planner *p, const char *fmt, const char *a, const char *b)
{
    omrs_buf line = {0};
    int rc = omrs_buf_printf(&line, fmt, a, b ? b : "");
    if (rc == 0 && !omrs_strlist_contains(&p->plan->notes, line.data))
        rc = omrs_strlist_push(&p->plan->notes, line.data, line.len);
    omrs_buf_free(&line);
    return rc < 0 ? omrs_fail_nomem(p->err) : 0;
}

/* String.trim: drops characters <= ' ' at both ends. */
static char *java_trim(const char *s)
{
    while (*s && (unsigned char)*s <= ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (unsigned char)s[n - 1] <= ' ')
        n--;
    char *t = malloc(n + 1);
    if (t) {
        memcpy(t, s, n);
        t[n] = '\0';
    }
    return t;
}

static int add_class(planner *p, const char *name, int send, int receive, int *id)
{
    omrs_class_lists *l = p->l;
    omrs_sync_class *c = omrs_array_push(&l->classes, &l->class_count, sizeof *c);
    if (!c)
        return omrs_fail_nomem(p->err);
    *c = (omrs_sync_class){.id = p->next_new_id--, .default_send_to = send, .default_receive_from = receive};
    if (omrs_set_str(&c->name, name) < 0)
        return omrs_fail_nomem(p->err);
    *id = c->id;
    return 0;
}

static omrs_server_class *add_row(planner *p, int class_id, int server_id)
{
    omrs_class_lists *l = p->l;
    omrs_server_class *r = omrs_array_push(&l->rows, &l->row_count, sizeof *r);
    if (!r)
        return omrs_fail_nomem(p->err), NULL;
    *r = (omrs_server_class){p->next_new_id--, class_id, server_id, 1, 1}; /* SyncServerClass(): both TRUE */
    return r;
}

/* getSyncClassByName: classes planned in this edit first (not in the database yet), then the
 * database; more than one row is Hibernate's NonUniqueResultException: refused. */
static int find_class_by_name(planner *p, const char *name, int *id)
{
    *id = 0;
    for (size_t i = 0; i < p->l->class_count; i++)
        if (p->l->classes[i].id < 0 && strcmp(p->l->classes[i].name, name) == 0)
            return *id = p->l->classes[i].id, 0;
    int ids[8];
    size_t found = 0;
    if (p->db->lookup(p->db->ctx, name, ids, 8, &found, p->err) < 0)
        return -1;
    if (found > 1)
        return omrs_fail(p->err, OMRS_ERR_USAGE, "refused: sync_class has %zu rows named '%s' as MySQL compares names "
                         "(class_id %d, %d%s); the module's editor fails on such a name (getSyncClassByName expects "
                         "one row): remove the duplicate first", found, name, ids[0], ids[1], found > 2 ? ", ..." : "");
    if (found == 1)
        *id = ids[0];
    return 0;
}

/* The loop of saveOrUpdateServerClasses for one list: every row whose class name equals the
 * trimmed entry gets the flag 0; no such row: a new row (and a new sync_class(name, 1, 1) if
 * no class has that name). */
static int exclude_entry(planner *p, int server_id, omrs_direction d, const char *entry)
{
    char *name = java_trim(entry);
    if (!name)
        return omrs_fail_nomem(p->err);
    bool found = false;
    for (size_t i = 0; i < p->l->row_count; i++) {
        omrs_server_class *r = &p->l->rows[i];
        const omrs_sync_class *c = omrs_class_lists_find_id(p->l, r->class_id);
        if (r->server_id != server_id || !c || strcmp(c->name, name) != 0)
            continue;
        found = true;
        *(d == OMRS_SEND ? &r->send_to : &r->receive_from) = 0;
    }
    int rc = 0, class_id = 0;
    if (!found && (rc = find_class_by_name(p, name, &class_id)) == 0) {
        if (class_id == 0)
            rc = add_class(p, name, 1, 1, &class_id);
        omrs_server_class *r = rc == 0 ? add_row(p, class_id, server_id) : NULL;
        if (r)
            *(d == OMRS_SEND ? &r->send_to : &r->receive_from) = 0;
        else
            rc = -1;
        const omrs_sync_class *c = rc == 0 ? omrs_class_lists_find_id(p->l, class_id) : NULL;
        if (c && strcmp(c->name, name) != 0)
            rc = note(p, "the module links the new row to the existing class '%s' (MySQL finds it by name '%s': "
                         "case and trailing spaces do not count)", c->name, name);
    }
    free(name);
    return rc;
}

/* SyncUtil.saveOrUpdateServerClasses(server, notSendTo, notReceiveFrom). */
static int module_editor(planner *p, int server_id, const omrs_strlist lists[2])
{
    for (size_t i = 0; i < p->l->row_count; i++) {
        omrs_server_class *r = &p->l->rows[i];
        const omrs_sync_class *c = omrs_class_lists_find_id(p->l, r->class_id);
        if (r->server_id != server_id || !c)
            continue;
        if (!omrs_strlist_contains(&lists[OMRS_SEND], c->name))
            r->send_to = 1;
        if (!omrs_strlist_contains(&lists[OMRS_RECEIVE], c->name))
            r->receive_from = 1;
    }
    for (int d = 0; d < 2; d++)
        for (size_t i = 0; i < lists[d].count; i++)
            if (exclude_entry(p, server_id, (omrs_direction)d, lists[d].items[i]) < 0)
                return -1;
    return 0;
}

/* The lists the server form submits: the names of the rows excluded now (the JSP renders
 * one hidden input per row with the flag 0). */
static int current_lists(const omrs_class_lists *l, int server_id, omrs_strlist lists[2])
{
    for (size_t i = 0; i < l->row_count; i++) {
        const omrs_server_class *r = &l->rows[i];
        const omrs_sync_class *c = omrs_class_lists_find_id(l, r->class_id);
        if (r->server_id != server_id || !c)
            continue;
        if ((r->send_to == 0 && omrs_strlist_push(&lists[0], c->name, strlen(c->name)) < 0)
            || (r->receive_from == 0 && omrs_strlist_push(&lists[1], c->name, strlen(c->name)) < 0))
            return -1;
    }
    return 0;
}

static void strlist_remove(omrs_strlist *l, const char *s)
{
    size_t kept = 0;
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i], s) == 0)
            free(l->items[i]);
        else
            l->items[kept++] = l->items[i];
    l->count = kept;
}

/* An admin adds NAME to (off) or deletes it from (on) the server's columns, then saves. */
static int edit_server(planner *p, int server_id, const char *name, bool send, bool receive, bool allow)
{
    omrs_strlist lists[2] = {{0}, {0}};
    int rc = current_lists(p->l, server_id, lists) < 0 ? omrs_fail_nomem(p->err) : 0;
    for (int d = 0; rc == 0 && d < 2; d++) {
        if (!(d == OMRS_SEND ? send : receive))
            continue;
        if (allow)
            strlist_remove(&lists[d], name);
        else if (omrs_strlist_push(&lists[d], name, strlen(name)) < 0)
            rc = omrs_fail_nomem(p->err);
    }
    if (rc == 0)
        rc = module_editor(p, server_id, lists);
    omrs_strlist_free(&lists[0]);
    omrs_strlist_free(&lists[1]);
    return rc;
}

/* A default-list name: "id:N" or the exact name, one row only. */
static int find_default(planner *p, const char *name, omrs_sync_class **out)
{
    *out = NULL;
    size_t found = 0;
    omrs_buf ids = {0};
    bool by_id = strncmp(name, "id:", 3) == 0;
    for (size_t i = 0; i < p->l->class_count; i++) {
        omrs_sync_class *c = &p->l->classes[i];
        if (by_id ? c->id == atoi(name + 3) : strcmp(c->name, name) == 0) {
            found++, *out = *out ? *out : c;
            omrs_buf_printf(&ids, "%s%d", found > 1 ? ", " : "", c->id);
        }
    }
    int rc = 0;
    if (found == 0)
        rc = omrs_fail(p->err, OMRS_ERR_USAGE, "no class '%s' in the default list (sync_class)%s", name,
                       by_id ? "" : "; see `classes list`, or add it with `classes add NAME`");
    else if (found > 1)
        rc = omrs_fail(p->err, OMRS_ERR_USAGE, "'%s' is ambiguous: sync_class has %zu rows with that name (class_id %s; "
                       "the column has no unique constraint); name one as id:N", name, found, ids.data);
    omrs_buf_free(&ids);
    return rc;
}

static int plan_set_default(planner *p, const omrs_class_edit *e, const char *name)
{
    omrs_sync_class *c;
    if (find_default(p, name, &c) < 0)
        return -1;
    if (e->send)
        c->default_send_to = e->allow;
    if (e->receive)
        c->default_receive_from = e->allow;
    return 0;
}

static int plan_add(planner *p, const char *name)
{
    int id = 0;
    if (find_class_by_name(p, name, &id) < 0)
        return -1;
    if (id != 0) {
        const omrs_sync_class *c = omrs_class_lists_find_id(p->l, id);
        return omrs_fail(p->err, OMRS_ERR_USAGE, "'%s' is already in the default list as class_id %d ('%s'); "
                         "change its flags with `classes set`", name, id, c ? c->name : name);
    }
    return add_class(p, name, 0, 0, &id);
}

/* Removing a default-list name: its server rows go too, but only those that allow both
 * ways (a row allowing both is the same as no row, as changeset 0.4.1 also assumes). */
static int plan_remove(planner *p, const char *name)
{
    omrs_sync_class *c;
    if (find_default(p, name, &c) < 0)
        return -1;
    int id = c->id;
    omrs_buf blocking = {0};
    size_t kept = 0;
    for (size_t i = 0; i < p->l->row_count; i++) {
        omrs_server_class *r = &p->l->rows[i];
        if (r->class_id == id && !(r->send_to && r->receive_from))
            omrs_buf_printf(&blocking, "%s%d", blocking.len ? ", " : "", r->server_id);
        if (r->class_id != id)
            p->l->rows[kept++] = *r;
    }
    p->l->row_count = kept;
    int rc = 0;
    if (blocking.len)
        rc = omrs_fail(p->err, OMRS_ERR_USAGE, "refused: server(s) %s still exclude '%s' through its sync_server_class "
                       "rows; allow it there first (`classes set %s both on --server ID`) or keep it", blocking.data,
                       c->name, c->name);
    omrs_buf_free(&blocking);
    if (rc == 0) {
        free(c->name);
        *c = p->l->classes[--p->l->class_count];
    }
    return rc;
}

/* The seed's AlertRecipient advice is redundant where the installed Alert row is excluded
 * (sync-module.md 7.5): say so rather than let the preset look like it changes something. */
static int note_covered(planner *p, const char *name)
{
    omrs_strlist unrecorded = {0};
    if (omrs_class_unrecorded(p->l, &unrecorded) < 0)
        return omrs_fail_nomem(p->err);
    const char *by = omrs_class_unrecorded_by(&unrecorded, name);
    int rc = by && strcmp(by, name) != 0
                 ? note(p, "'%s' is already not journalled: '%s' covers it (prefix rule)", name, by)
                 : 0;
    omrs_strlist_free(&unrecorded);
    return rc;
}

static int plan_preset(planner *p, const omrs_class_edit *e, const char *name)
{
    if (note_covered(p, name) < 0)
        return -1;
    if (e->server_id)
        return edit_server(p, e->server_id, name, true, true, false);
    int id = 0, rc = find_class_by_name(p, name, &id);
    omrs_sync_class *c = rc == 0 && id ? (omrs_sync_class *)omrs_class_lists_find_id(p->l, id) : NULL;
    if (rc == 0 && c)
        c->default_send_to = c->default_receive_from = 0;
    else if (rc == 0)
        rc = add_class(p, name, 0, 0, &id);
    for (size_t i = 0; rc == 0 && i < p->l->server_count; i++)
        rc = edit_server(p, p->l->server_ids[i], name, true, true, false);
    return rc;
}

/* Advice on a name as typed: what the module will make of it. */
static int name_notes(planner *p, const char *name)
{
    int rc = 0;
    if (strchr(name, ','))
        rc = note(p, "'%s' contains a comma: no class name in contained_classes can start with it%s", name, NULL);
    if (rc == 0 && strpbrk(name, "\\*+?|(){}[]^$"))
        rc = note(p, "'%s' has regex metacharacters: the module uses the name unescaped in a Java regex when "
                     "sending and receiving, but as a plain prefix for journalling%s", name, NULL);
    if (rc == 0 && strncmp(name, "org.openmrs.", 12) != 0)
        rc = note(p, "'%s' does not start with org.openmrs.: upgrading a Sync module <= 1.4.0 to >= 2.0.0 re-runs "
                     "changeset sync_sqldiff_0.4.1, which renames it to org.openmrs.%s", name, name);
    return rc;
}

static int check_name(const char *name, omrs_error *err)
{
    if (!*name)
        return omrs_fail(err, OMRS_ERR_USAGE, "a class name is empty (after trimming spaces, as the module does)");
    if (strlen(name) > 255)
        return omrs_fail(err, OMRS_ERR_USAGE, "a class name is longer than sync_class.name allows (255)");
    return 0;
}

/* ---- planning: the statements ---- */

static int push_sql(planner *p, omrs_buf *b)
{
    int rc = b->data ? omrs_strlist_push(&p->plan->sql, b->data, b->len) : -1;
    omrs_buf_free(b);
    return rc < 0 ? omrs_fail_nomem(p->err) : 0;
}

static const char *flag_sql(int v)
{
    return v == OMRS_FLAG_NULL ? "NULL" : v ? "1" : "0";
}

/* class_id in SQL: a number, or the variable holding a class inserted by this plan. */
static int class_ref(omrs_buf *b, int id)
{
    return id < 0 ? omrs_buf_printf(b, "@omrs_new_class%d", -id) : omrs_buf_printf(b, "%d", id);
}

static int sql_new_classes(planner *p)
{
    for (size_t i = 0; i < p->l->class_count; i++) {
        const omrs_sync_class *c = &p->l->classes[i];
        if (c->id >= 0)
            continue;
        omrs_buf b = {0};
        int rc = omrs_buf_printf(&b, "INSERT INTO sync_class (name, default_send_to, default_receive_from) VALUES (");
        if (rc == 0)
            rc = p->db->literal(p->db->ctx, &b, c->name);
        if (rc == 0)
            rc = omrs_buf_printf(&b, ", %s, %s)", flag_sql(c->default_send_to), flag_sql(c->default_receive_from));
        if (rc < 0) {
            omrs_buf_free(&b);
            return omrs_fail_nomem(p->err);
        }
        if (push_sql(p, &b) < 0)
            return -1;
        omrs_buf_printf(&b, "SET @omrs_new_class%d = LAST_INSERT_ID()", -c->id);
        if (push_sql(p, &b) < 0)
            return -1;
    }
    return 0;
}

static int sql_new_rows(planner *p)
{
    for (size_t i = 0; i < p->l->row_count; i++) {
        const omrs_server_class *r = &p->l->rows[i];
        if (r->id >= 0)
            continue;
        omrs_buf b = {0};
        omrs_buf_printf(&b, "INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from) VALUES (");
        class_ref(&b, r->class_id);
        omrs_buf_printf(&b, ", %d, %d, %d)", r->server_id, r->send_to, r->receive_from);
        if (push_sql(p, &b) < 0)
            return -1;
    }
    return 0;
}

static int sql_changed_classes(planner *p, const omrs_class_lists *before)
{
    for (size_t i = 0; i < p->l->class_count; i++) {
        const omrs_sync_class *c = &p->l->classes[i], *old = omrs_class_lists_find_id(before, c->id);
        if (!old || (old->default_send_to == c->default_send_to && old->default_receive_from == c->default_receive_from))
            continue;
        omrs_buf b = {0};
        omrs_buf_printf(&b, "UPDATE sync_class SET default_send_to = %s, default_receive_from = %s WHERE class_id = %d",
                        flag_sql(c->default_send_to), flag_sql(c->default_receive_from), c->id);
        omrs_buf_printf(&b, " AND default_send_to <=> %s AND default_receive_from <=> %s",
                        flag_sql(old->default_send_to), flag_sql(old->default_receive_from));
        if (push_sql(p, &b) < 0)
            return -1;
    }
    return 0;
}

static const omrs_server_class *find_row(const omrs_class_lists *l, int id)
{
    for (size_t i = 0; i < l->row_count; i++)
        if (l->rows[i].id == id)
            return &l->rows[i];
    return NULL;
}

/* Updates guard on the old values, so that a row changed meanwhile changes nothing. */
static int sql_changed_rows(planner *p, const omrs_class_lists *before)
{
    for (size_t i = 0; i < before->row_count; i++) {
        const omrs_server_class *old = &before->rows[i], *r = find_row(p->l, old->id);
        omrs_buf b = {0};
        if (!r)
            omrs_buf_printf(&b, "DELETE FROM sync_server_class WHERE server_class_id = %d", old->id);
        else if (r->send_to != old->send_to || r->receive_from != old->receive_from)
            omrs_buf_printf(&b, "UPDATE sync_server_class SET send_to = %d, receive_from = %d WHERE server_class_id = %d"
                                " AND send_to = %d AND receive_from = %d",
                            r->send_to, r->receive_from, r->id, old->send_to, old->receive_from);
        else
            continue;
        if (push_sql(p, &b) < 0)
            return -1;
    }
    return 0;
}

static int sql_removed_classes(planner *p, const omrs_class_lists *before)
{
    for (size_t i = 0; i < before->class_count; i++) {
        if (omrs_class_lists_find_id(p->l, before->classes[i].id))
            continue;
        omrs_buf b = {0};
        omrs_buf_printf(&b, "DELETE FROM sync_class WHERE class_id = %d", before->classes[i].id);
        if (push_sql(p, &b) < 0)
            return -1;
    }
    return 0;
}

static int plan_statements(planner *p, const omrs_class_lists *before)
{
    if (sql_new_classes(p) < 0 || sql_new_rows(p) < 0 || sql_changed_classes(p, before) < 0
        || sql_changed_rows(p, before) < 0 || sql_removed_classes(p, before) < 0)
        return -1;
    return 0;
}

/* Allowing a name on a server only deletes it from the form's columns: it must exist. */
static int require_class_name(planner *p, const char *name)
{
    for (size_t i = 0; i < p->l->class_count; i++)
        if (strcmp(p->l->classes[i].name, name) == 0)
            return 0;
    return omrs_fail(p->err, OMRS_ERR_USAGE, "no class '%s' in sync_class (names are compared exactly, as the "
                     "module's editor does); see `classes list`", name);
}

static int plan_edit(planner *p, const omrs_class_edit *e, const char *name)
{
    switch (e->kind) {
    case OMRS_CLASS_EDIT_SET:
        if (e->server_id && e->allow && require_class_name(p, name) < 0)
            return -1;
        return e->server_id ? edit_server(p, e->server_id, name, e->send, e->receive, e->allow)
                            : plan_set_default(p, e, name);
    case OMRS_CLASS_EDIT_ADD:
        return plan_add(p, name);
    case OMRS_CLASS_EDIT_REMOVE:
        return plan_remove(p, name);
    case OMRS_CLASS_EDIT_PRESET:
        return plan_preset(p, e, name);
    }
    return omrs_fail(p->err, OMRS_ERR_USAGE, "unknown class-list edit");
}

int omrs_class_plan_make(const omrs_class_lists *before, const omrs_class_edit *e, const omrs_class_db *db,
                         omrs_class_plan *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    char *name = java_trim(e->name ? e->name : "");
    if (!name)
        return omrs_fail_nomem(err);
    planner p = {&out->after, db, out, -1, err};
    int rc = check_name(name, err);
    if (rc == 0 && omrs_class_lists_copy(before, &out->after) < 0)
        rc = omrs_fail_nomem(err);
    if (rc == 0 && (e->kind == OMRS_CLASS_EDIT_ADD || (e->kind == OMRS_CLASS_EDIT_SET && e->server_id && !e->allow)))
        rc = name_notes(&p, name);
    if (rc == 0)
        rc = plan_edit(&p, e, name);
    if (rc == 0)
        rc = plan_statements(&p, before);
    free(name);
    if (rc < 0)
        omrs_class_plan_free(out);
    return rc;
}

void omrs_class_plan_free(omrs_class_plan *p)
{
    omrs_class_lists_free(&p->after);
    omrs_strlist_free(&p->sql);
    omrs_strlist_free(&p->notes);
}

/* ---- applying ---- */

static int run_statements(omrs_conn *c, const omrs_class_plan *p, omrs_error *err)
{
    for (size_t i = 0; i < p->sql.count; i++) {
        const char *sql = p->sql.items[i];
        unsigned long long affected = 0, expected = strncmp(sql, "SET ", 4) == 0 ? 0 : 1;
        if (omrs_conn_write(c, sql, &affected, err) < 0)
            return -1;
        if (affected != expected)
            return omrs_fail(err, OMRS_ERR_SQL, "the class lists changed while this ran (%llu row(s) instead of %llu "
                             "for: %s): nothing was changed; look again with `classes list`", affected, expected, sql);
    }
    return omrs_conn_commit(c, err);
}

int omrs_class_plan_apply(omrs_conn *c, const omrs_class_plan *p, omrs_error *err)
{
    if (omrs_conn_write(c, "START TRANSACTION", NULL, err) < 0)
        return -1;
    if (run_statements(c, p, err) == 0)
        return 0;
    omrs_error ignored = {0};
    omrs_conn_write(c, "ROLLBACK", NULL, &ignored);
    return -1;
}

/* ---- impact ---- */

/* A server's send patterns before and after, while its queue is counted. */
typedef struct server_patterns {
    omrs_class_patterns send[2], recv[2];
} server_patterns;

typedef struct impact_ctx {
    omrs_class_impact *i;
    server_patterns *pats;     /* by the index of the server in i->servers */
    bool by_server;            /* rows start with sr.server_id (children), else the PARENT's */
    size_t parent;             /* index of the PARENT in i->servers */
    omrs_buf tags;
} impact_ctx;

static bool any_prefix(const omrs_strlist *names, const char *contained, size_t len)
{
    for (size_t i = 0; i < names->count; i++)
        if (omrs_classes_any_prefix(contained, len, names->items[i]))
            return true;
    return false;
}

static size_t server_index(const omrs_class_impact *i, int server_id)
{
    for (size_t k = 0; k < i->count; k++)
        if (i->servers[k].server->id == server_id)
            return k;
    return i->count;
}

/* One distinct contained_classes value of one server's queue and how many records carry it. */
static int impact_row(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)columns;
    impact_ctx *x = ctx;
    size_t k = x->by_server ? server_index(x->i, atoi(row[0])) : x->parent, c = x->by_server ? 1 : 0;
    if (k >= x->i->count)
        return 0;
    omrs_class_impact_server *s = &x->i->servers[k];
    const char *cc = row[c];
    unsigned long long n = strtoull(row[c + 1], NULL, 10);
    x->tags.len = 0;
    if (omrs_class_tag_string(cc, cc ? lengths[c] : 0, &x->tags) < 0)
        return -1;
    s->pending += n;
    if (s->send_changed) {
        bool was = omrs_class_patterns_refuse(&x->pats[k].send[0], x->tags.data) != NULL;
        bool will = omrs_class_patterns_refuse(&x->pats[k].send[1], x->tags.data) != NULL;
        s->send_excluded += !was && will ? n : 0;
        s->send_included += was && !will ? n : 0;
    }
    s->stop_journal += cc && any_prefix(&x->i->stops, cc, lengths[c]) ? n : 0;
    s->start_journal += cc && any_prefix(&x->i->starts, cc, lengths[c]) ? n : 0;
    return 0;
}

static bool is_parent(const omrs_sync_server *s)
{
    return s->server_type && strcmp(s->server_type, "PARENT") == 0;
}

static bool needs_count(const omrs_class_impact *i, const omrs_class_impact_server *s)
{
    return s->send_changed || i->stops.count || i->starts.count;
}

/* The queue: sync_record.state for the PARENT, the server's sync_server_record.state for the
 * others; one grouped pass over all the children at once, since reading contained_classes
 * means reading sync_record's rows (payloads sit in the same pages). */
static int queue_sql(const omrs_class_impact *i, bool parent, omrs_buf *b)
{
    omrs_buf states = {0}, ids = {0};
    for (int st = 0; st < OMRS_SYNC_STATE_COUNT; st++)
        if (omrs_sync_state_in_queue((omrs_sync_state)st))
            omrs_buf_printf(&states, "%s'%s'", states.len ? ", " : "", omrs_sync_state_name((omrs_sync_state)st));
    for (size_t k = 0; k < i->count; k++)
        if (!is_parent(i->servers[k].server) && needs_count(i, &i->servers[k]))
            omrs_buf_printf(&ids, "%s%d", ids.len ? ", " : "", i->servers[k].server->id);
    int rc = 1;
    if (parent)
        rc = omrs_buf_printf(b, "SELECT CAST(contained_classes AS BINARY) AS cc, COUNT(*) FROM sync_record "
                                "WHERE state IN (%s) GROUP BY cc", states.data);
    else if (ids.len)
        rc = omrs_buf_printf(b, "SELECT sr.server_id, CAST(r.contained_classes AS BINARY) AS cc, COUNT(*) "
                                "FROM sync_server_record sr JOIN sync_record r ON r.record_id = sr.record_id "
                                "WHERE sr.server_id IN (%s) AND sr.state IN (%s) GROUP BY sr.server_id, cc",
                             ids.data, states.data);
    if (!states.data || (ids.len && !ids.data))
        rc = -1;
    omrs_buf_free(&states);
    omrs_buf_free(&ids);
    return rc;
}

static int count_queues(omrs_conn *c, omrs_class_impact *i, server_patterns *pats, omrs_error *err)
{
    impact_ctx x = {i, pats, true, i->count, {0}};
    omrs_buf sql = {0};
    int rc = 0, built = queue_sql(i, false, &sql);
    if (built < 0)
        rc = omrs_fail_nomem(err);
    else if (built == 0)
        rc = omrs_conn_each_row(c, sql.data, impact_row, &x, err);
    for (size_t k = 0; k < i->count; k++) {
        omrs_class_impact_server *s = &i->servers[k];
        s->counted = rc == 0 && !is_parent(s->server) && needs_count(i, s);
        if (rc == 0 && is_parent(s->server) && needs_count(i, s)) {
            sql.len = 0;
            x.by_server = false, x.parent = k;
            rc = queue_sql(i, true, &sql) < 0 ? omrs_fail_nomem(err) : omrs_conn_each_row(c, sql.data, impact_row, &x, err);
            s->counted = rc == 0;
        }
    }
    omrs_buf_free(&sql);
    omrs_buf_free(&x.tags);
    return rc;
}

/* Names of `to` whose classes were journalled under `from`: a name that starts with one of
 * `from` (AlertRecipient under Alert) changes nothing. */
static int diff_names(const omrs_strlist *from, const omrs_strlist *to, omrs_strlist *only_to)
{
    for (size_t i = 0; i < to->count; i++)
        if (!omrs_class_unrecorded_by(from, to->items[i]) && omrs_strlist_push(only_to, to->items[i], strlen(to->items[i])) < 0)
            return -1;
    return 0;
}

static bool any_approximate(const omrs_class_patterns *p)
{
    for (size_t i = 0; i < p->count; i++)
        if (p->items[i].approximate)
            return true;
    return false;
}

static int compare_server(omrs_class_impact_server *s, server_patterns *p, const omrs_class_lists *before,
                          const omrs_class_lists *after, omrs_error *err)
{
    int id = s->server->id;
    if (omrs_class_patterns_for(before, id, OMRS_SEND, &p->send[0]) < 0 || omrs_class_patterns_for(after, id, OMRS_SEND, &p->send[1]) < 0
        || omrs_class_patterns_for(before, id, OMRS_RECEIVE, &p->recv[0]) < 0
        || omrs_class_patterns_for(after, id, OMRS_RECEIVE, &p->recv[1]) < 0)
        return omrs_fail_nomem(err);
    s->send_changed = !omrs_class_patterns_equal(&p->send[0], &p->send[1]);
    s->receive_changed = !omrs_class_patterns_equal(&p->recv[0], &p->recv[1]);
    s->approximate = any_approximate(&p->send[1]) || any_approximate(&p->recv[1]);
    const omrs_class_pattern *bad = omrs_class_patterns_invalid(&p->send[1]);
    if (bad && omrs_set_str(&s->invalid_after, bad->name) < 0)
        return omrs_fail_nomem(err);
    return 0;
}

int omrs_class_impact_compute(omrs_conn *c, const omrs_sync_servers *servers, const omrs_class_lists *before,
                              const omrs_class_lists *after, omrs_class_impact *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = servers->count ? servers->count : 1;
    server_patterns *pats = calloc(n, sizeof *pats);
    int rc = 0;
    if (!pats || omrs_class_unrecorded(before, &out->unrecorded_before) < 0
        || omrs_class_unrecorded(after, &out->unrecorded_after) < 0
        || diff_names(&out->unrecorded_before, &out->unrecorded_after, &out->stops) < 0
        || diff_names(&out->unrecorded_after, &out->unrecorded_before, &out->starts) < 0
        || !(out->servers = calloc(n, sizeof *out->servers)))
        rc = omrs_fail_nomem(err);
    for (size_t k = 0; rc == 0 && k < servers->count; k++) {
        out->servers[k].server = &servers->items[k];
        out->count = k + 1;
        rc = compare_server(&out->servers[k], &pats[k], before, after, err);
    }
    if (rc == 0)
        rc = count_queues(c, out, pats, err);
    for (size_t k = 0; pats && k < servers->count; k++)
        for (int d = 0; d < 2; d++)
            omrs_class_patterns_free(&pats[k].send[d]), omrs_class_patterns_free(&pats[k].recv[d]);
    free(pats);
    if (rc < 0)
        omrs_class_impact_free(out);
    return rc;
}

void omrs_class_impact_free(omrs_class_impact *i)
{
    omrs_strlist_free(&i->unrecorded_before);
    omrs_strlist_free(&i->unrecorded_after);
    omrs_strlist_free(&i->stops);
    omrs_strlist_free(&i->starts);
    for (size_t k = 0; i->servers && k < i->count; k++)
        free(i->servers[k].invalid_after);
    free(i->servers);
    memset(i, 0, sizeof *i);
}
