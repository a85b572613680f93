/* Overview: one line per thing that matters, worst first, from every other pane's health;
 * Enter goes to the pane that tells more. Below, the site summary `info` prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site_text.h"
#include "ui.h"

typedef struct overview {
    const omrs_ui *ui;   /* for the panes' names */
    omrs_health_list health;
    char *summary;
    omrs_list list;
} overview;

static const omrs_list_column columns[] = {
    {.title = "State", .width = 8},
    {.title = "What", .width = 0},
    {.title = "Pane", .width = 16},
};

static const char *tone_word(omrs_list_tone t)
{
    return t == OMRS_TONE_BAD ? "ERROR" : t == OMRS_TONE_WARN ? "WARNING" : t == OMRS_TONE_GOOD ? "ok" : "info";
}

static size_t row_count(void *ctx)
{
    return ((overview *)ctx)->health.count;
}

static void cell(void *ctx, size_t row, size_t column, char *out, size_t size)
{
    const overview *o = ctx;
    const omrs_health *h = &o->health.items[row];
    if (column == 0)
        snprintf(out, size, "%s", tone_word(h->tone));
    else if (column == 1)
        snprintf(out, size, "%s", h->text);
    else
        snprintf(out, size, "%d %s", h->pane + 1, o->ui->panes[h->pane].ops->name);
}

static void key(void *ctx, size_t row, char *out, size_t size)
{
    const omrs_health *h = &((overview *)ctx)->health.items[row];
    snprintf(out, size, "%d:%.*s", h->pane, (int)strcspn(h->text, ":0123456789"), h->text);
}

static omrs_list_tone tone(void *ctx, size_t row)
{
    return ((overview *)ctx)->health.items[row].tone;
}

static int create(omrs_pane *p, omrs_ui *ui)
{
    overview *o = calloc(1, sizeof *o);
    if (!o)
        return -1;
    o->ui = ui;
    omrs_list_init(&o->list, columns, sizeof columns / sizeof *columns,
                   (omrs_list_source){.count = row_count, .cell = cell, .key = key, .tone = tone}, o);
    p->state = o;
    return 0;
}

static int rank(omrs_list_tone t)
{
    return t == OMRS_TONE_BAD ? 0 : t == OMRS_TONE_WARN ? 1 : t == OMRS_TONE_NORMAL ? 2 : 3;
}

static int worst_first(const void *a, const void *b)
{
    const omrs_health *x = a, *y = b;
    int d = rank(x->tone) - rank(y->tone);
    return d ? d : x->pane - y->pane;
}

static int gather(overview *o, omrs_ui *ui, omrs_error *err)
{
    free(o->health.items);
    o->health = (omrs_health_list){0};
    for (int i = 1; i < OMRS_PANE_COUNT; i++) {
        omrs_pane *p = &ui->panes[i];
        if (p->stale && omrs_health_add(&o->health, OMRS_TONE_WARN, i, "%s: not read: %s", p->ops->name, p->error) < 0)
            return omrs_fail_nomem(err);
        if (p->loaded && p->ops->health && p->ops->health(p, ui, &o->health) < 0)
            return omrs_fail_nomem(err);
    }
    if (o->health.count > 1)   /* a stable sort: insertion keeps each pane's own order */
        for (size_t i = 1; i < o->health.count; i++)
            for (size_t j = i; j > 0 && worst_first(&o->health.items[j - 1], &o->health.items[j]) > 0; j--) {
                omrs_health t = o->health.items[j];
                o->health.items[j] = o->health.items[j - 1];
                o->health.items[j - 1] = t;
            }
    return 0;
}

static int load(omrs_pane *p, omrs_ui *ui, omrs_error *err)
{
    overview *o = p->state;
    if (gather(o, ui, err) < 0)
        return -1;
    free(o->summary);
    o->summary = NULL;
    size_t size;
    FILE *mem = open_memstream(&o->summary, &size);
    if (!mem)
        return omrs_fail_nomem(err);
    omrs_site_print(mem, &ui->site);
    fclose(mem);
    return omrs_list_reload(&o->list, p->loaded) < 0 ? omrs_fail_nomem(err) : 0;
}

static void draw(omrs_pane *p, omrs_ui *ui, int top, int height)
{
    (void)ui;
    overview *o = p->state;
    int list_height = (int)o->list.shown + 2 < height / 2 ? (int)o->list.shown + 2 : height / 2;
    if (list_height < 3)
        list_height = 3;
    omrs_list_draw(&o->list, top, 1, list_height, COLS - 2);
    omrs_look_hline(top + list_height, 1, COLS - 2);
    omrs_ui_text(o->summary, top + list_height + 1, 1, height - list_height - 1, COLS - 2);
}

static bool act(omrs_pane *p, omrs_ui *ui, omrs_action_id id, int key)
{
    overview *o = p->state;
    size_t row;
    if (id == OMRS_ACT_OPEN && omrs_list_selected(&o->list, &row)) {
        ui->current = o->health.items[row].pane;
        return true;
    }
    return omrs_list_act(&o->list, ui, id, key);
}

static void destroy(omrs_pane *p)
{
    overview *o = p->state;
    if (!o)
        return;
    omrs_list_free(&o->list);
    free(o->health.items);
    free(o->summary);
    free(o);
}

const omrs_pane_ops omrs_pane_overview = {
    .name = "Overview", .scope = OMRS_SCOPE_GLOBAL, .create = create, .load = load, .draw = draw, .act = act,
    .destroy = destroy,
};
