/* Indexes the Sync module lacks (shared/reference/sync-module.md 1.4) that make the status
 * model and the record browser cheap on large tables. They are ours: named omrs_*, created
 * and dropped only when an admin asks (`sync indexes add|drop`), never behind their back;
 * the module does not know them and works the same with or without them. */
#ifndef OMRS_SYNC_INDEXES_H
#define OMRS_SYNC_INDEXES_H

#include <stdbool.h>

#include "conn.h"
#include "error.h"
#include "strutil.h"

#define OMRS_SYNC_INDEX_COUNT 4
#define OMRS_SYNC_INDEX_MAX_COLUMNS 3

typedef struct omrs_sync_index {
    const char *name;                                  /* omrs_... */
    const char *table;
    const char *columns[OMRS_SYNC_INDEX_MAX_COLUMNS];  /* NULL-padded */
    const char *why;                                   /* one line: which queries it serves */
} omrs_sync_index;

/* What the database has for one suggestion. */
typedef struct omrs_sync_index_state {
    bool table_present;
    bool present;             /* an index with our name exists on the table */
    char equivalent[65];      /* else: another index that starts with the same columns ("" if none) */
    bool leading_pair;        /* some index starts with the suggestion's first two columns: a GROUP BY
                                 on those two reads only that index */
    long long table_rows;     /* information_schema estimate, for the preview */
} omrs_sync_index_state;

/* The suggestions, OMRS_SYNC_INDEX_COUNT of them. */
const omrs_sync_index *omrs_sync_indexes(void);

/* Reads information_schema (TABLES, STATISTICS) of the current database; SELECT only. */
int omrs_sync_indexes_load(omrs_conn *c, omrs_sync_index_state states[OMRS_SYNC_INDEX_COUNT], omrs_error *err);

/* A suggestion that would help here: its table exists and neither it nor an equivalent does. */
bool omrs_sync_index_missing(const omrs_sync_index_state *s);

/* An index as information_schema.STATISTICS describes it. */
#define OMRS_TABLE_INDEX_COLUMNS 8
typedef struct omrs_table_index {
    char table[65], name[65];
    char columns[OMRS_TABLE_INDEX_COLUMNS][65];   /* the first ones, in order */
    size_t column_count;                          /* all of them */
} omrs_table_index;

/* Calls fn once for every index of the given tables of the current database (tables: an
 * SQL list of string literals, "'sync_record', 'sync_server_record'"). SELECT only. */
typedef void (*omrs_table_index_fn)(const omrs_table_index *ix, void *ctx);
int omrs_sync_each_index(omrs_conn *c, const char *tables, omrs_table_index_fn fn, void *ctx, omrs_error *err);

/* The exact statement that creates (online, without blocking writers) or drops it. */
int omrs_sync_index_sql(const omrs_sync_index *ix, bool create, omrs_buf *sql);

#endif
