/* `sync check`: turns a status model into OK / WARNING / CRITICAL with one reason per
 * finding, the way monitoring plugins report (first line "SYNC LEVEL - worst reasons").
 * Pure: no database, so every rule is unit-tested on hand-made models. */
#ifndef OMRS_SYNC_CHECK_H
#define OMRS_SYNC_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "status.h"

/* Levels are the exit statuses of monitoring plugins; a note is shown but never alarms. */
typedef enum omrs_sync_level {
    OMRS_SYNC_NOTE = -1,
    OMRS_SYNC_OK = 0,
    OMRS_SYNC_WARNING = 1,
    OMRS_SYNC_CRITICAL = 2
} omrs_sync_level;

/* Every threshold is a whole number >= 0; 0 turns that test off. */
typedef struct omrs_sync_thresholds {
    long long backlog_warn, backlog_crit;        /* records waiting to go to one server */
    long long age_warn, age_crit;                /* hours the oldest of them has waited */
    long long last_sync_warn, last_sync_crit;    /* hours since a server's last sync */
    long long retry_warn;                        /* records one failed round from FAILED_AND_STOPPED */
    long long import_failed_warn;                /* incoming records FAILED here, per source server */
    long long import_growth_warn;                /* sync_import rows added in the last 24 hours */
    long long transmission_fail_warn;            /* failed transmissions in the last 24 hours */
} omrs_sync_thresholds;

typedef struct omrs_sync_threshold_def {
    const char *name;
    size_t offset;                               /* into omrs_sync_thresholds */
    long long default_value;
    const char *meaning;
} omrs_sync_threshold_def;

const omrs_sync_threshold_def *omrs_sync_threshold_defs(size_t *count);
void omrs_sync_thresholds_default(omrs_sync_thresholds *t);

/* Applies "NAME=VALUE,..." over what t holds. A bad item is an OMRS_ERR_USAGE error naming
 * it; a warn level above its crit level (both on) is one too. t is unchanged on error. */
int omrs_sync_thresholds_parse(const char *text, omrs_sync_thresholds *t, omrs_error *err);

typedef struct omrs_sync_reason {
    omrs_sync_level level;
    char text[384];
} omrs_sync_reason;

typedef struct omrs_sync_check {
    omrs_sync_level level;                       /* the worst: OK, WARNING or CRITICAL */
    omrs_sync_reason *reasons;                   /* critical first, then warnings, then notes */
    size_t count;
} omrs_sync_check;

int omrs_sync_check_run(const omrs_sync_status *st, const omrs_sync_thresholds *t, omrs_sync_check *out,
                        omrs_error *err);
void omrs_sync_check_free(omrs_sync_check *c);

const char *omrs_sync_level_name(omrs_sync_level level);   /* "OK", "WARNING", "CRITICAL", "NOTE" */

/* "SYNC LEVEL - the worst reasons joined by '; '", then "LEVEL: reason" one a line. */
void omrs_sync_check_print(const omrs_sync_check *c, FILE *out);

#endif
