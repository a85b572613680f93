/* Upgrade scripts: with --war or --search-path, the core changelogs OpenMRS would run here
 * and how many changeSets each still has (Enter: each changeSet with its SQL); without,
 * what liquibasechangelog says ran, file by file. Module changelogs are on the Modules
 * pane. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "openmrs_plan.h"
#include "pending_report.h"
#include "resources.h"
#include "strutil.h"
#include "textview.h"
#include "ui.h"

typedef struct ran_file {
    char *filename, *last;
    size_t count;
} ran_file;

typedef struct upgrade {
    lb_resources *resources;   /* NULL: no changelog source given */
    lb_plan plan;
    ran_file *ran;
    size_t ran_count;
    omrs_list list;
    omrs_textview detail;
    const char *dbms;
} upgrade;

static const omrs_list_column plan_columns[] = {
    {.title = "To run", .width = 6, .numeric = true},
    {.title = "Core changelog OpenMRS would run, in order", .width = 0},
};
static const omrs_list_column ran_columns[] = {
    {.title = "Ran", .width = 6, .numeric = true},
    {.title = "Last run", .width = 19},
    {.title = "Changelog (from liquibasechangelog)", .width = 0},
};

static size_t row_count(void *ctx)
{
    upgrade *u = ctx;
    return u->resources ? u->plan.count : u->ran_count;
}

static void cell(void *ctx, size_t row, size_t column, char *out, size_t size)
{
    upgrade *u = ctx;
    if (u->resources) {
        const lb_plan_file *f = &u->plan.files[row];
        column == 0 ? snprintf(out, size, "%zu", f->due) : snprintf(out, size, "%s", f->path);
        return;
    }
    const ran_file *f = &u->ran[row];
    if (column == 0)
        snprintf(out, size, "%zu", f->count);
    else
        snprintf(out, size, "%s", column == 1 ? f->last : f->filename);
}

static void key(void *ctx, size_t row, char *out, size_t size)
{
    upgrade *u = ctx;
    snprintf(out, size, "%s", u->resources ? u->plan.files[row].path : u->ran[row].filename);
}

static omrs_list_tone tone(void *ctx, size_t row)
{
    upgrade *u = ctx;
    return u->resources && u->plan.files[row].due ? OMRS_TONE_WARN : OMRS_TONE_NORMAL;
}

static int open_source(const omrs_cli_options *o, lb_resources **r, omrs_error *err)
{
    *r = NULL;
    if (o->war)
        return lb_resources_open_war(o->war, r, err);
    if (!o->search_path)
        return 0;
    if (omrs_str_ends_with(o->search_path, ".jar") || omrs_str_ends_with(o->search_path, ".zip"))
        return lb_resources_open_zip(o->search_path, r, err);
    return lb_resources_open_dir(o->search_path, r, err);
}

static int create(omrs_pane *p, omrs_ui *ui)
{
    upgrade *u = calloc(1, sizeof *u);
    if (!u)
        return -1;
    omrs_error err = {0};
    if (open_source(ui->options, &u->resources, &err) < 0)
        omrs_ui_notice(ui, "%s", err.message);
    bool plan = u->resources != NULL;
    omrs_list_init(&u->list, plan ? plan_columns : ran_columns, plan ? 2 : 3,
                   (omrs_list_source){.count = row_count, .cell = cell, .key = key, .tone = tone}, u);
    p->state = u;
    return 0;
}

static void free_ran(upgrade *u)
{
    for (size_t i = 0; i < u->ran_count; i++)
        free(u->ran[i].filename), free(u->ran[i].last);
    free(u->ran);
    u->ran = NULL;
    u->ran_count = 0;
}

/* History rows, file by file in the order each file first ran. */
static int group_history(upgrade *u, const lb_history *h)
{
    for (size_t i = 0; i < h->count; i++) {
        const lb_ran *r = &h->rows[i];
        size_t k = 0;
        while (k < u->ran_count && strcmp(u->ran[k].filename, r->filename) != 0)
            k++;
        if (k == u->ran_count) {
            ran_file *grown = realloc(u->ran, (u->ran_count + 1) * sizeof *grown);
            if (!grown)
                return -1;
            u->ran = grown;
            u->ran[u->ran_count++] = (ran_file){0};
            if (omrs_set_str(&u->ran[k].filename, r->filename) < 0)
                return -1;
        }
        u->ran[k].count++;
        if (omrs_set_str(&u->ran[k].last, r->date_executed ? r->date_executed : "") < 0)
            return -1;
    }
    return 0;
}

static int load(omrs_pane *p, omrs_ui *ui, omrs_error *err)
{
    upgrade *u = p->state;
    u->dbms = ui->site.is_mariadb ? "mariadb" : "mysql";
    if (u->resources) {
        lb_plan fresh;
        if (lb_openmrs_plan(&ui->conn, u->resources, u->dbms, &fresh, err) < 0)
            return -1;
        lb_plan_free(&u->plan);
        u->plan = fresh;
    } else {
        lb_history h;
        if (lb_history_load(&ui->conn, &h, err) < 0)
            return -1;
        free_ran(u);
        int rc = group_history(u, &h);
        lb_history_free(&h);
        if (rc < 0)
            return omrs_fail_nomem(err);
    }
    return omrs_list_reload(&u->list, p->loaded) < 0 ? omrs_fail_nomem(err) : 0;
}

static void draw(omrs_pane *p, omrs_ui *ui, int top, int height)
{
    upgrade *u = p->state;
    if (omrs_textview_is_open(&u->detail)) {
        omrs_textview_draw(&u->detail, top, 1, height, COLS - 2);
        return;
    }
    char line[256];
    if (u->resources)
        snprintf(line, sizeof line, "%s; snapshot %s; Enter: the changeSets to run with their SQL",
                 u->plan.fresh ? "new installation" : "installed", u->plan.snapshot[0] ? u->plan.snapshot : "-");
    else
        snprintf(line, sizeof line, "Liquibase lock: %s. Start with --war openmrs.war to see what an upgrade runs.",
                 ui->site.lock_held ? "HELD" : "free");
    mvaddnstr(top, 1, line, COLS - 2);
    omrs_list_draw(&u->list, top + 1, 1, height - 1, COLS - 2);
}

static void open_detail(upgrade *u, omrs_ui *ui)
{
    size_t row;
    if (!u->resources || !omrs_list_selected(&u->list, &row))
        return;
    char *text = NULL;
    size_t size;
    FILE *mem = open_memstream(&text, &size);
    if (!mem)
        return;
    omrs_error err = {0};
    fprintf(mem, "%s   (Esc: back)\n\n", u->plan.files[row].path);
    if (lb_pending_report(&ui->conn, u->resources, u->plan.files[row].path, u->dbms, LB_OPENMRS_CORE_CONTEXT, mem,
                          &err) < 0)
        fprintf(mem, "cannot read it: %s\n", err.message);
    fclose(mem);
    omrs_textview_open(&u->detail, text);
}

static bool act(omrs_pane *p, omrs_ui *ui, omrs_action_id id, int key)
{
    upgrade *u = p->state;
    if (omrs_textview_act(&u->detail, id, key))
        return true;
    if (id == OMRS_ACT_OPEN) {
        open_detail(u, ui);
        return true;
    }
    return omrs_list_act(&u->list, ui, id, key);
}

static int health(omrs_pane *p, omrs_ui *ui, omrs_health_list *out)
{
    upgrade *u = p->state;
    if (ui->site.lock_held && omrs_health_add(out, OMRS_TONE_BAD, p->index, "Liquibase lock held since %s by %s",
                                              ui->site.lock_granted ? ui->site.lock_granted : "?",
                                              ui->site.locked_by ? ui->site.locked_by : "?") < 0)
        return -1;
    if (!u->resources)
        return 0;
    size_t due = 0;
    for (size_t i = 0; i < u->plan.count; i++)
        due += u->plan.files[i].due;
    return omrs_health_add(out, due ? OMRS_TONE_WARN : OMRS_TONE_GOOD, p->index,
                           due ? "core upgrade: %zu changeSet(s) to run" : "core: up to date (%zu)", due);
}

static void destroy(omrs_pane *p)
{
    upgrade *u = p->state;
    if (!u)
        return;
    lb_plan_free(&u->plan);
    free_ran(u);
    if (u->resources)
        lb_resources_free(u->resources);
    omrs_list_free(&u->list);
    omrs_textview_close(&u->detail);
    free(u);
}

const omrs_pane_ops omrs_pane_upgrade = {
    .name = "Upgrade scripts", .scope = OMRS_SCOPE_UPGRADE, .create = create, .load = load, .draw = draw,
    .act = act, .health = health, .destroy = destroy,
};
