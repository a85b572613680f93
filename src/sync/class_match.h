/* The Sync module's class-list rules, as pure functions over the lists (no database):
 * shared/reference/sync-module.md section 7.
 *
 * Two different rules decide two different questions:
 *  - journalling (7.2, SyncServiceImpl.shouldSynchronize): is a change recorded at all?
 *    Plain, case-sensitive String.startsWith against a set of names: the sync_class names
 *    with both defaults 0 when there are no servers, else the names excluded for both send
 *    and receive on every server;
 *  - sending and receiving (7.3, 7.4, RemoteServer.shouldBeSentSyncRecord /
 *    shouldReceiveSyncRecordFrom): the Java regex ".*<" + NAME + ".*>*" matched against
 *    "<c1><c2>..." built from contained_classes, NAME unescaped; one match refuses the record.
 *    Only sync_server_class rows count; the sync_class defaults do not apply to a server
 *    that already exists (they are copied when a server is created). */
#ifndef OMRS_SYNC_CLASS_MATCH_H
#define OMRS_SYNC_CLASS_MATCH_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "strutil.h"

/* A flag column as Hibernate reads a TINYINT into Boolean: 0 false, other true; NULL kept. */
#define OMRS_FLAG_NULL (-1)

typedef struct omrs_sync_class {      /* a sync_class row */
    int id;                           /* negative: not inserted yet (a planned row) */
    char *name;
    int default_send_to, default_receive_from;   /* 0, 1 or OMRS_FLAG_NULL */
} omrs_sync_class;

typedef struct omrs_server_class {    /* a sync_server_class row */
    int id;                           /* negative: not inserted yet */
    int class_id, server_id;
    int send_to, receive_from;        /* 0 or 1 (NOT NULL columns) */
} omrs_server_class;

/* Both tables, plus every sync_server id (a server may have no rows). */
typedef struct omrs_class_lists {
    omrs_sync_class *classes;
    size_t class_count;
    omrs_server_class *rows;
    size_t row_count;
    int *server_ids;
    size_t server_count;
} omrs_class_lists;

int omrs_class_lists_copy(const omrs_class_lists *from, omrs_class_lists *to);
void omrs_class_lists_free(omrs_class_lists *l);
const omrs_sync_class *omrs_class_lists_find_id(const omrs_class_lists *l, int class_id);

/* ---- the send/receive pattern rule (7.3, 7.4) ---- */

typedef enum omrs_direction { OMRS_SEND = 0, OMRS_RECEIVE = 1 } omrs_direction;

typedef struct omrs_class_pattern {
    char *name;
    regex_t re;
    bool valid;        /* false: java.util.regex would throw PatternSyntaxException too */
    bool approximate;  /* syntax whose meaning may differ between Java and POSIX ERE */
} omrs_class_pattern;

typedef struct omrs_class_patterns {
    omrs_class_pattern *items;
    size_t count;
} omrs_class_patterns;

/* The names of a server's rows with the flag 0, as a set (RemoteServer.getClassesNotSent /
 * getClassesNotReceived), each compiled as the module's pattern. -1: out of memory. */
int omrs_class_patterns_for(const omrs_class_lists *l, int server_id, omrs_direction d, omrs_class_patterns *out);
void omrs_class_patterns_free(omrs_class_patterns *p);
bool omrs_class_patterns_equal(const omrs_class_patterns *a, const omrs_class_patterns *b);

/* The string the module matches: "<c>" for each class of contained_classes split on ',',
 * duplicates dropped, in java.util.HashSet iteration order. -1: out of memory. */
int omrs_class_tag_string(const char *contained, size_t len, omrs_buf *out);

/* Pattern.matches(".*<" + name + ".*>*", tags) for one pattern. */
bool omrs_class_pattern_matches(const omrs_class_pattern *p, const char *tags);

/* The first pattern refusing the record (NULL: the record goes through). Patterns that
 * Java cannot compile make the module throw; they are skipped here and reported by
 * omrs_class_patterns_invalid. */
const omrs_class_pattern *omrs_class_patterns_refuse(const omrs_class_patterns *p, const char *tags);
const omrs_class_pattern *omrs_class_patterns_invalid(const omrs_class_patterns *p);

/* A server's effective decision for a record holding exactly class c, both directions, and
 * the name whose pattern refuses it (its own, or another as a prefix); pats are the
 * server's patterns by direction (omrs_class_patterns_for). -1: out of memory. */
typedef struct omrs_class_decision {
    bool allowed[2];              /* by omrs_direction */
    const char *refused_by[2];    /* NULL when allowed; points into pats */
} omrs_class_decision;

int omrs_class_decide(const omrs_class_patterns pats[2], const omrs_sync_class *c, omrs_class_decision *d);

/* ---- the journalling prefix rule (7.2) ---- */

/* refreshServerClassesCollection: the names whose changes are not recorded at all. */
int omrs_class_unrecorded(const omrs_class_lists *l, omrs_strlist *out);

/* shouldSynchronize for one class name: false when it starts with one of the names. */
const char *omrs_class_unrecorded_by(const omrs_strlist *unrecorded, const char *class_name);

/* Whether some class of a contained_classes value starts with prefix. */
bool omrs_classes_any_prefix(const char *contained, size_t len, const char *prefix);

bool omrs_strlist_contains(const omrs_strlist *l, const char *s);

#endif
