#include "strutil.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int buf_reserve(omrs_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int omrs_buf_append(omrs_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int omrs_buf_putc(omrs_buf *b, char c)
{
    return omrs_buf_append(b, &c, 1);
}

int omrs_buf_printf(omrs_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_reserve(b, (size_t)n) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int omrs_buf_quote_identifier(omrs_buf *b, const char *s)
{
    int rc = omrs_buf_putc(b, '`');
    for (; rc == 0 && *s; s++)
        rc = *s == '`' ? omrs_buf_append(b, "``", 2) : omrs_buf_putc(b, *s);
    return rc == 0 ? omrs_buf_putc(b, '`') : rc;
}

void omrs_buf_free(omrs_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int omrs_strlist_push(omrs_strlist *l, const char *s, size_t n)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **grown = realloc(l->items, cap * sizeof *grown);
        if (!grown)
            return -1;
        l->items = grown;
        l->cap = cap;
    }
    char *copy = strndup(s, n);
    if (!copy)
        return -1;
    l->items[l->count++] = copy;
    return 0;
}

void omrs_strlist_free(omrs_strlist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    *l = (omrs_strlist){0};
}

int omrs_set_str(char **slot, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = strdup(value)))
        return -1;
    free(*slot);
    *slot = copy;
    return 0;
}

bool omrs_str_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

int omrs_read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    omrs_buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (omrs_buf_append(&b, chunk, n) < 0) {
            fclose(f);
            omrs_buf_free(&b);
            errno = ENOMEM;
            return -1;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        omrs_buf_free(&b);
        errno = EIO;
        return -1;
    }
    if (!b.data && omrs_buf_append(&b, "", 0) < 0) {
        errno = ENOMEM;
        return -1;
    }
    *data = b.data;
    *len = b.len;
    return 0;
}

void *omrs_array_push(void *items_address, size_t *count, size_t size)
{
    void *items;
    memcpy(&items, items_address, sizeof items);   /* a T * read through void *, portably */
    unsigned char *grown = realloc(items, (*count + 1) * size);
    if (!grown)
        return NULL;
    memcpy(items_address, &grown, sizeof grown);
    unsigned char *slot = grown + *count * size;
    memset(slot, 0, size);
    (*count)++;
    return slot;
}

const char *omrs_or_dash(const char *s)
{
    return s && *s ? s : "-";
}

bool omrs_ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}
