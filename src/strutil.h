/* Small string helpers shared by the core. */
#ifndef OMRS_STRUTIL_H
#define OMRS_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>

/* A growable byte buffer; data is always NUL-terminated. */
typedef struct omrs_buf {
    char *data;
    size_t len, cap;
} omrs_buf;

int omrs_buf_append(omrs_buf *b, const char *s, size_t n);
int omrs_buf_putc(omrs_buf *b, char c);
int omrs_buf_printf(omrs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a MySQL quoted identifier: in backticks, a backtick inside doubled. */
int omrs_buf_quote_identifier(omrs_buf *b, const char *s);
void omrs_buf_free(omrs_buf *b);

/* A growable list of owned strings. */
typedef struct omrs_strlist {
    char **items;
    size_t count, cap;
} omrs_strlist;

/* Appends a copy of the first n bytes of s; returns -1 on allocation failure. */
int omrs_strlist_push(omrs_strlist *l, const char *s, size_t n);
void omrs_strlist_free(omrs_strlist *l);

/* Replaces *slot with a copy of value (NULL allowed); returns -1 on allocation failure. */
int omrs_set_str(char **slot, const char *value);

/* Grows the array whose pointer is at items_address (a T **, passed as void *) by one
 * element of size bytes and returns that new element, zeroed, after incrementing *count;
 * NULL (nothing changed) when memory runs out. The one way arrays here grow by a row. */
void *omrs_array_push(void *items_address, size_t *count, size_t size);

/* s, or "-" when it is NULL or empty: how text output shows a missing value. */
const char *omrs_or_dash(const char *s);

/* Equal ignoring ASCII case only (Java's equalsIgnoreCase on the ASCII words Liquibase
 * compares, unaffected by the locale as strcasecmp is not). */
bool omrs_ascii_ieq(const char *a, const char *b);

bool omrs_str_ends_with(const char *s, const char *suffix);

/* Reads a whole file into memory (NUL-terminated); returns -1 and sets errno on failure. */
int omrs_read_file(const char *path, char **data, size_t *len);

#endif
