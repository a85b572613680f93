/* Upgrade scripts: core and module changelogs, each with how many changeSets it still has
 * to run (or, without a changelog source, how many ran). With --war or --search-path the
 * core rows are the changelogs OpenMRS would run here; without, what liquibasechangelog
 * says ran, file by file. Module rows are each .omod's liquibase.xml. Enter shows every
 * changeSet not yet ran with its state and the SQL Liquibase would send. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "history.h"
#include "inventory.h"
#include "openmrs_plan.h"
#include "pending_report.h"
#include "resources.h"
#include "strutil.h"
#include "textview.h"
#include "ui.h"

typedef struct upgrade_row {
    char *changelog, *last;
    const char *state;        /* "to run", "ran", "waits" (2.9+: module version unchanged) */
    size_t count;
    const omrs_module_row *module;   /* NULL: a core changelog */
} upgrade_row;

typedef struct upgrade {
    lb_resources *resources;  /* the core changelogs; NULL: no source given */
    upgrade_row *rows;
    size_t count;
    bool fresh;
    char snapshot[32];
    omrs_list list;
    omrs_textview detail;
    const char *dbms;
} upgrade;

static const omrs_list_column columns[] = {
    {.title = "Count", .width = 6, .numeric = true},
    {.title = "State", .width = 6},
    {.title = "Last run", .width = 19},
    {.title = "Changelog", .width = 0},
};

static size_t row_count(void *ctx)
{
    return ((upgrade *)ctx)->count;
}

static void cell(void *ctx, size_t row, size_t column, char *out, size_t size)
{
    const upgrade_row *r = &((upgrade *)ctx)->rows[row];
    switch (column) {
    case 0: snprintf(out, size, "%zu", r->count); return;
    case 1: snprintf(out, size, "%s", r->state); return;
    case 2: snprintf(out, size, "%s", r->last ? r->last : "-"); return;
    default: snprintf(out, size, "%s", r->changelog);
    }
}

static void key(void *ctx, size_t row, char *out, size_t size)
{
    snprintf(out, size, "%s", ((upgrade *)ctx)->rows[row].changelog);
}

static omrs_list_tone tone(void *ctx, size_t row)
{
    const upgrade_row *r = &((upgrade *)ctx)->rows[row];
    return strcmp(r->state, "to run") == 0 && r->count ? OMRS_TONE_WARN : OMRS_TONE_NORMAL;
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
    omrs_list_init(&u->list, columns, sizeof columns / sizeof *columns,
                   (omrs_list_source){.count = row_count, .cell = cell, .key = key, .tone = tone}, u);
    p->state = u;
    return 0;
}

static void free_rows(upgrade *u)
{
    for (size_t i = 0; i < u->count; i++)
        free(u->rows[i].changelog), free(u->rows[i].last);
    free(u->rows);
    u->rows = NULL;
    u->count = 0;
}

static upgrade_row *add_row(upgrade *u, const char *changelog, const char *state, size_t count)
{
    upgrade_row *r = omrs_array_push(&u->rows, &u->count, sizeof *r);
    if (!r || omrs_set_str(&r->changelog, changelog) < 0)
        return NULL;
    r->state = state;
    r->count = count;
    return r;
}

/* What OpenMRS would run of core, in its order. */
static int core_plan_rows(upgrade *u, omrs_ui *ui, omrs_error *err)
{
    lb_plan plan;
    if (lb_openmrs_plan(&ui->conn, u->resources, u->dbms, &plan, err) < 0)
        return -1;
    u->fresh = plan.fresh;
    snprintf(u->snapshot, sizeof u->snapshot, "%s", plan.snapshot);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < plan.count; i++)
        if (!add_row(u, plan.files[i].path, "to run", plan.files[i].due))
            rc = omrs_fail_nomem(err);
    lb_plan_free(&plan);
    return rc;
}

/* History rows, file by file in the order each file first ran. */
static int history_rows(upgrade *u, omrs_ui *ui, omrs_error *err)
{
    lb_history h;
    if (lb_history_load(&ui->conn, &h, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < h.count; i++) {
        const lb_ran *ran = &h.rows[i];
        size_t k = 0;
        while (k < u->count && strcmp(u->rows[k].changelog, ran->filename) != 0)
            k++;
        upgrade_row *r = k < u->count ? &u->rows[k] : add_row(u, ran->filename, "ran", 0);
        if (!r || omrs_set_str(&r->last, ran->date_executed ? ran->date_executed : "") < 0)
            rc = omrs_fail_nomem(err);
        else
            r->count++;
    }
    lb_history_free(&h);
    return rc;
}

/* One row per module whose liquibase.xml could be read, from the console's inventory. */
static int module_rows(upgrade *u, omrs_ui *ui, omrs_error *err)
{
    if (!ui->modules_fresh) {
        *err = ui->modules_error;
        return -1;
    }
    for (size_t i = 0; i < ui->modules.count; i++) {
        const omrs_module_row *m = &ui->modules.rows[i];
        if (!m->liquibase_read)
            continue;
        char name[300];
        snprintf(name, sizeof name, "module %s: liquibase.xml (%s)", m->omod.config.id, m->omod.liquibase_source);
        upgrade_row *r = add_row(u, name, m->liquibase_due ? "to run" : "waits", m->liquibase_pending);
        if (!r)
            return omrs_fail_nomem(err);
        r->module = m;
    }
    return 0;
}

static int load(omrs_pane *p, omrs_ui *ui, omrs_error *err)
{
    upgrade *u = p->state;
    u->dbms = ui->site.is_mariadb ? "mariadb" : "mysql";
    free_rows(u);
    if ((u->resources ? core_plan_rows(u, ui, err) : history_rows(u, ui, err)) < 0 || module_rows(u, ui, err) < 0)
        return -1;
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
                 u->fresh ? "new installation" : "installed", u->snapshot[0] ? u->snapshot : "-");
    else
        snprintf(line, sizeof line, "Liquibase lock: %s. Start with --war openmrs.war to see what an upgrade runs.",
                 ui->site.lock_held ? "HELD" : "free");
    mvaddnstr(top, 1, line, COLS - 2);
    omrs_list_draw(&u->list, top + 1, 1, height - 1, COLS - 2);
}

static void open_detail(upgrade *u, omrs_ui *ui)
{
    size_t row;
    if (!omrs_list_selected(&u->list, &row) || (!u->resources && !u->rows[row].module))
        return;
    const upgrade_row *r = &u->rows[row];
    char *text = NULL;
    size_t size;
    FILE *mem = open_memstream(&text, &size);
    if (!mem)
        return;
    omrs_error err = {0};
    lb_resources *res = u->resources;
    int rc = r->module ? omrs_omod_liquibase_resources(&r->module->omod, &res, &err) : 0;
    fprintf(mem, "%s   (Esc: back)\n\n", r->changelog);
    if (rc == 0)   /* modules run with no contexts, core with "core" */
        rc = lb_pending_report(&ui->conn, res, r->module ? "liquibase.xml" : r->changelog, u->dbms,
                               r->module ? NULL : LB_OPENMRS_CORE_CONTEXT, mem, &err);
    if (rc < 0)
        fprintf(mem, "cannot read it: %s\n", err.message);
    if (r->module && res)
        lb_resources_free(res);
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
    size_t core = 0, modules = 0;
    for (size_t i = 0; i < u->count; i++)
        if (strcmp(u->rows[i].state, "to run") == 0)
            *(u->rows[i].module ? &modules : &core) += u->rows[i].count;
    if (u->resources && omrs_health_add(out, core ? OMRS_TONE_WARN : OMRS_TONE_GOOD, p->index,
                                        core ? "core upgrade: %zu changeSet(s) to run" : "core: up to date (%zu)",
                                        core) < 0)
        return -1;
    return modules ? omrs_health_add(out, OMRS_TONE_WARN, p->index, "module changelogs: %zu changeSet(s) to run",
                                     modules) : 0;
}

static void destroy(omrs_pane *p)
{
    upgrade *u = p->state;
    if (!u)
        return;
    free_rows(u);
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
