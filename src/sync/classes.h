/* Class ignore lists in the database: the default list (sync_class) and the per-server
 * rows (sync_server_class); edits planned the way the module's own editor makes them
 * (sync-module.md 7.5, SyncUtil.saveOrUpdateServerClasses); the presets the seeds advise;
 * and the impact of an edit on the pending records, by the rules of class_match.h. */
#ifndef OMRS_SYNC_CLASSES_H
#define OMRS_SYNC_CLASSES_H

#include <stdbool.h>

#include "class_match.h"
#include "conn.h"
#include "error.h"
#include "model.h"
#include "strutil.h"

/* Reads both tables and the server ids. No Sync tables: OMRS_ERR_NOT_OPENMRS. */
int omrs_class_lists_load(omrs_conn *c, const omrs_sync_servers *servers, omrs_class_lists *out, omrs_error *err);

/* ---- presets ---- */

typedef struct omrs_class_preset {
    const char *key;       /* what `classes preset KEY` takes */
    const char *name;      /* the sync_class name it excludes, both ways */
    const char *why;       /* one line: the seed's advice */
    const char *source;    /* the seed file it comes from */
} omrs_class_preset;

const omrs_class_preset *omrs_class_presets(size_t *count);
const omrs_class_preset *omrs_class_preset_find(const char *key);

/* ---- edits ---- */

typedef enum omrs_class_edit_kind {
    OMRS_CLASS_EDIT_SET,     /* one or both flags of a name, default list or one server */
    OMRS_CLASS_EDIT_ADD,     /* a new default-list name, excluded both ways */
    OMRS_CLASS_EDIT_REMOVE,  /* a default-list name no server still excludes */
    OMRS_CLASS_EDIT_PRESET   /* a preset name excluded both ways: defaults + servers */
} omrs_class_edit_kind;

typedef struct omrs_class_edit {
    omrs_class_edit_kind kind;
    const char *name;        /* as typed; trimmed as the module trims it; "id:N" names a class_id */
    bool send, receive;      /* SET: the flags to change */
    bool allow;              /* SET: on (1) or off (0) */
    int server_id;           /* 0: the default list (SET), or every server (PRESET) */
} omrs_class_edit;

/* What the planner needs from the database, so that it stays testable without one:
 * sync_class ids whose name equals `name` as MySQL compares it (collation: case and
 * trailing spaces ignored), as HibernateSyncDAO.getSyncClassByName finds them, and SQL
 * string literals. */
typedef struct omrs_class_db {
    int (*lookup)(void *ctx, const char *name, int *ids, size_t max, size_t *found, omrs_error *err);
    int (*literal)(void *ctx, omrs_buf *b, const char *s);
    void *ctx;
} omrs_class_db;

/* The database behind a connection. */
omrs_class_db omrs_class_db_for(omrs_conn *c);

typedef struct omrs_class_plan {
    omrs_class_lists after;  /* the lists as they will be */
    omrs_strlist sql;        /* the statements, in order; each changes exactly one row except SET @... */
    omrs_strlist notes;      /* what else the module's editor does here, and warnings */
} omrs_class_plan;

/* Plans an edit: refuses (OMRS_ERR_USAGE) unknown, ambiguous or duplicate names and what
 * the module's editor would fail on; an edit that changes nothing has no statements. */
int omrs_class_plan_make(const omrs_class_lists *before, const omrs_class_edit *e, const omrs_class_db *db,
                         omrs_class_plan *out, omrs_error *err);
void omrs_class_plan_free(omrs_class_plan *p);

/* Runs the plan in one transaction through the write choke point; a statement that does not
 * change exactly the row it should (someone changed the lists meanwhile) rolls it all back. */
int omrs_class_plan_apply(omrs_conn *c, const omrs_class_plan *p, omrs_error *err);

/* ---- impact on pending records ---- */

typedef struct omrs_class_impact_server {
    const omrs_sync_server *server;
    bool send_changed, receive_changed, counted;
    unsigned long long pending;                   /* in its queue (counted only when needed) */
    unsigned long long send_excluded, send_included;   /* newly refused / newly let through */
    unsigned long long stop_journal, start_journal;    /* pending records with a class whose
                                                          changes stop / start being journalled */
    char *invalid_after;     /* a name Java cannot compile: every send to it would throw */
    bool approximate;        /* a pattern uses syntax Java and POSIX may read differently */
} omrs_class_impact_server;

typedef struct omrs_class_impact {
    omrs_strlist unrecorded_before, unrecorded_after;
    omrs_strlist stops, starts;   /* names that stop / start being journalled */
    omrs_class_impact_server *servers;
    size_t count;
} omrs_class_impact;

/* Compares the rules before and after over each affected server's queue (sync_record.state
 * for the PARENT, that server's sync_server_record.state otherwise, states in the module's
 * SYNC_TO_PARENT_STATES). Reads only contained_classes, grouped, never payloads. */
int omrs_class_impact_compute(omrs_conn *c, const omrs_sync_servers *servers, const omrs_class_lists *before,
                              const omrs_class_lists *after, omrs_class_impact *out, omrs_error *err);
void omrs_class_impact_free(omrs_class_impact *i);

#endif
