#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "resources.h"
#include "strutil.h"

typedef struct loader {
    lb_history *h;
    size_t cap;
} loader;

static int take_row(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len; (void)n;
    loader *ld = ctx;
    lb_history *h = ld->h;
    if (h->count == ld->cap) {
        size_t cap = ld->cap ? ld->cap * 2 : 1024;
        lb_ran *grown = realloc(h->rows, cap * sizeof *grown);
        if (!grown)
            return -1;
        h->rows = grown;
        ld->cap = cap;
    }
    lb_ran *r = &h->rows[h->count];
    memset(r, 0, sizeof *r);
    h->count++;
    r->order_executed = row[6] ? strtol(row[6], NULL, 10) : 0;
    r->filename = lb_normalize_path(row[2] ? row[2] : "");
    if (!r->filename)
        r->filename = strdup(row[2] ? row[2] : "");   /* unnormalisable: keep as stored */
    return !r->filename || omrs_set_str(&r->id, row[0]) || omrs_set_str(&r->author, row[1])
        || omrs_set_str(&r->md5sum, row[3]) || omrs_set_str(&r->exectype, row[4])
        || omrs_set_str(&r->date_executed, row[5]) || omrs_set_str(&r->liquibase, row[7]);
}

int lb_history_load(omrs_conn *c, lb_history *h, omrs_error *err)
{
    memset(h, 0, sizeof *h);
    if (omrs_conn_table_exists(c, LB_HISTORY_TABLE, &h->table_exists, err) < 0)
        return -1;
    if (!h->table_exists)
        return 0;
    loader ld = {.h = h};
    if (omrs_conn_each_row(c,
            "SELECT ID, AUTHOR, FILENAME, MD5SUM, EXECTYPE, DATE_FORMAT(DATEEXECUTED, '%Y-%m-%d %H:%i:%s'), "
            "ORDEREXECUTED, LIQUIBASE FROM " LB_HISTORY_TABLE " ORDER BY DATEEXECUTED ASC, ORDEREXECUTED ASC",
            take_row, &ld, err) < 0 || lb_history_index(h, err) < 0) {
        lb_history_free(h);
        return -1;
    }
    return 0;
}

static int compare_key(const lb_ran *a, const char *filename, const char *id, const char *author)
{
    int c = strcmp(a->filename, filename);
    if (c == 0)
        c = strcmp(a->id, id);
    return c ? c : strcmp(a->author, author);
}

static int compare_by_key(const void *pa, const void *pb)
{
    const lb_ran *a = *(lb_ran *const *)pa, *b = *(lb_ran *const *)pb;
    int c = compare_key(a, b->filename, b->id, b->author);
    if (c)
        return c;
    /* equal keys: the winner first (latest date; on a tie the lower order) */
    c = strcmp(b->date_executed ? b->date_executed : "", a->date_executed ? a->date_executed : "");
    return c ? c : (a->order_executed > b->order_executed) - (a->order_executed < b->order_executed);
}

int lb_history_index(lb_history *h, omrs_error *err)
{
    free(h->by_key);
    h->by_key = malloc((h->count ? h->count : 1) * sizeof *h->by_key);
    if (!h->by_key)
        return omrs_fail_nomem(err);
    for (size_t i = 0; i < h->count; i++)
        h->by_key[i] = &h->rows[i];
    if (h->count)
        qsort(h->by_key, h->count, sizeof *h->by_key, compare_by_key);
    return 0;
}

lb_ran *lb_history_find(const lb_history *h, const char *filename, const char *id, const char *author)
{
    size_t lo = 0, hi = h->count;
    while (lo < hi) {   /* first entry whose key is >= the wanted key */
        size_t mid = lo + (hi - lo) / 2;
        if (compare_key(h->by_key[mid], filename, id, author) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < h->count && compare_key(h->by_key[lo], filename, id, author) == 0)
        return h->by_key[lo];
    return NULL;
}

int lb_history_add(lb_history *h, const char *filename, const char *id, const char *author, const char *md5sum,
                   const char *exectype, omrs_error *err)
{
    lb_ran *grown = realloc(h->rows, (h->count + 1) * sizeof *grown);
    if (!grown)
        return omrs_fail_nomem(err);
    h->rows = grown;
    lb_ran *r = &h->rows[h->count++];
    memset(r, 0, sizeof *r);
    r->filename = lb_normalize_path(filename);
    if (!r->filename || omrs_set_str(&r->id, id) || omrs_set_str(&r->author, author)
        || omrs_set_str(&r->md5sum, md5sum) || omrs_set_str(&r->exectype, exectype))
        return omrs_fail_nomem(err);
    r->matched = true;
    return lb_history_index(h, err);   /* the rows moved: the index is rebuilt */
}

void lb_history_free(lb_history *h)
{
    for (size_t i = 0; i < h->count; i++) {
        lb_ran *r = &h->rows[i];
        free(r->id); free(r->author); free(r->filename); free(r->md5sum); free(r->exectype);
        free(r->date_executed); free(r->liquibase);
    }
    free(h->rows);
    free(h->by_key);
    memset(h, 0, sizeof *h);
}
