/* Modules: each .omod beside what the database says (module inventory), the sqldiff
 * diffs and liquibase.xml changeSets OpenMRS would run, and `module apply` for the
 * selected one, behind the confirmation with the exact SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "audit.h"
#include "inventory.h"
#include "textview.h"
#include "ui.h"

typedef struct modules {
    const omrs_module_inventory *inv;   /* the console's (ui->modules); NULL until read */
    omrs_list list;
    omrs_textview detail;   /* the selected module's pending diffs, while open */
} modules;

static const omrs_list_column columns[] = {
    {.title = "Module", .width = 22},
    {.title = "File", .width = 12},
    {.title = "Database", .width = 10},
    {.title = "Started", .width = 7},
    {.title = "sqldiff", .width = 7, .numeric = true},
    {.title = "Liquibase", .width = 9, .numeric = true},
    {.title = "State", .width = 0},
};

/* Rows: the files, then modules the database knows that have no file here. */
static size_t unfiled_index(const modules *m, size_t row, bool *found)
{
    size_t k = row - m->inv->count;
    for (size_t i = 0; i < m->inv->site.module_count; i++)
        if (!omrs_module_inventory_has_file(m->inv, m->inv->site.modules[i].id) && k-- == 0) {
            *found = true;
            return i;
        }
    *found = false;
    return 0;
}

static size_t row_count(void *ctx)
{
    modules *m = ctx;
    if (!m->inv)
        return 0;
    size_t n = m->inv->count;
    for (size_t i = 0; i < m->inv->site.module_count; i++)
        n += !omrs_module_inventory_has_file(m->inv, m->inv->site.modules[i].id);
    return n;
}

static void state_text(const omrs_module_row *r, char *out, size_t size)
{
    if (!r->opened || !r->planned)
        snprintf(out, size, "ERROR %.200s", r->error.message);
    else if (r->plan.problems.count)
        snprintf(out, size, "will not start: %s", r->plan.problems.items[0]);
    else if (r->liquibase_error || r->liquibase_changed)
        snprintf(out, size, "liquibase.xml: %s", r->liquibase_error ? r->liquibase_error : "changed after it ran");
    else if (r->plan.pending_count || omrs_module_liquibase_to_run(r))
        snprintf(out, size, "changes pending%s%s", r->plan.final_version ? " -> " : "",
                 r->plan.final_version ? r->plan.final_version : "");
    else
        snprintf(out, size, "up to date");
}

static void file_cell(const omrs_module_row *r, size_t column, char *out, size_t size)
{
    const omrs_module_gps *g = r->gps;
    switch (column) {
    case 0: snprintf(out, size, "%s", r->opened ? r->omod.config.id : strrchr(r->path, '/') ? strrchr(r->path, '/') + 1 : r->path); return;
    case 1: snprintf(out, size, "%s", r->opened ? r->omod.config.version : "?"); return;
    case 2: snprintf(out, size, "%s", omrs_or_dash(g ? g->database_version : NULL)); return;
    case 3: snprintf(out, size, "%s", omrs_or_dash(g ? g->started : NULL)); return;
    case 4: snprintf(out, size, "%zu", r->planned ? r->plan.pending_count : 0); return;
    case 5: snprintf(out, size, r->liquibase_read ? "%zu" : "-", omrs_module_liquibase_to_run(r)); return;
    default: state_text(r, out, size);
    }
}

static void cell(void *ctx, size_t row, size_t column, char *out, size_t size)
{
    modules *m = ctx;
    if (row < m->inv->count) {
        file_cell(&m->inv->rows[row], column, out, size);
        return;
    }
    bool found;
    const omrs_module_gps *g = &m->inv->site.modules[unfiled_index(m, row, &found)];
    const char *texts[] = {g->id, "-", omrs_or_dash(g->database_version), omrs_or_dash(g->started), "-", "-",
                           "no .omod here"};
    snprintf(out, size, "%s", found && column < 7 ? texts[column] : "");
}

static omrs_list_tone tone(void *ctx, size_t row)
{
    modules *m = ctx;
    if (row >= m->inv->count)
        return OMRS_TONE_DIM;
    const omrs_module_row *r = &m->inv->rows[row];
    if (!r->planned || r->plan.problems.count || r->liquibase_error || r->liquibase_changed)
        return OMRS_TONE_BAD;
    return r->plan.pending_count || omrs_module_liquibase_to_run(r) ? OMRS_TONE_WARN : OMRS_TONE_NORMAL;
}

static int create(omrs_pane *p, omrs_ui *ui)
{
    (void)ui;
    modules *m = calloc(1, sizeof *m);
    if (!m)
        return -1;
    omrs_list_init(&m->list, columns, sizeof columns / sizeof *columns,
                   (omrs_list_source){.count = row_count, .cell = cell, .tone = tone}, m);
    p->state = m;
    return 0;
}

static int load(omrs_pane *p, omrs_ui *ui, omrs_error *err)
{
    modules *m = p->state;
    m->inv = ui->have_modules ? &ui->modules : NULL;
    if (!ui->modules_fresh) {
        *err = ui->modules_error;
        return -1;
    }
    return omrs_list_reload(&m->list, p->loaded) < 0 ? omrs_fail_nomem(err) : 0;
}

static void draw(omrs_pane *p, omrs_ui *ui, int top, int height)
{
    (void)ui;
    modules *m = p->state;
    if (omrs_textview_is_open(&m->detail)) {
        omrs_textview_draw(&m->detail, top, 1, height, COLS - 2);
        return;
    }
    int note = m->inv && m->inv->dir_note ? 1 : 0;
    if (note)
        mvaddnstr(top + height - 1, 1, m->inv->dir_note, COLS - 2);
    omrs_list_draw(&m->list, top, 1, height - note, COLS - 2);
}

/* ---- the selected module ------------------------------------------------- */

static const omrs_module_row *selected_file(modules *m)
{
    size_t row;
    return omrs_list_selected(&m->list, &row) && row < m->inv->count ? &m->inv->rows[row] : NULL;
}

static void open_detail(modules *m)
{
    const omrs_module_row *r = selected_file(m);
    if (!r || !r->planned)
        return;
    char *text = NULL;
    size_t size;
    FILE *mem = open_memstream(&text, &size);
    if (!mem)
        return;
    fprintf(mem, "%s %s  (%s)   Esc: back\n\n", r->omod.config.id, r->omod.config.version, r->path);
    for (size_t i = 0; i < r->plan.problems.count; i++)
        fprintf(mem, "ERROR %s\n", r->plan.problems.items[i]);
    fprintf(mem, "sqldiff.xml: %s, %zu diff(s) pending\n", omrs_or_dash(r->omod.sqldiff_source), r->plan.pending_count);
    for (size_t i = 0; i < r->plan.pending_count; i++) {
        const omrs_sqldiff_entry *e = &r->plan.diffs.entries[r->plan.pending[i]];
        fprintf(mem, "  diff %s  %s %s\n", e->version, omrs_or_dash(e->author), omrs_or_dash(e->date));
    }
    fprintf(mem, "liquibase.xml: %s, %zu changeSet(s) to run\n", omrs_or_dash(r->omod.liquibase_source),
            omrs_module_liquibase_to_run(r));
    fclose(mem);
    omrs_textview_open(&m->detail, text);
}

typedef struct apply_progress {
    char title[160];
    time_t started;
} apply_progress;

static void show_step(void *ctx, size_t done, size_t total, const char *what)
{
    apply_progress *a = ctx;
    char line[200];
    snprintf(line, sizeof line, "diff %s", what);
    omrs_ui_progress(a->title, done, total, line, a->started);
}

static bool stop_asked(void *ctx)
{
    (void)ctx;
    return omrs_ui_cancel_requested();
}

static void apply_selected(modules *m, omrs_ui *ui)
{
    const omrs_module_row *r = selected_file(m);
    omrs_error err = {0};
    if (!r || omrs_module_apply_check(r, false, &err) < 0) {
        omrs_ui_notice(ui, "%s", r ? err.message : "select a module file first");
        return;
    }
    omrs_module_apply_options opt = {.checksum_version = 9, .wait = {.poll_seconds = 1, .timeout_seconds = 10}};
    char *script = NULL, title[160];
    size_t size;
    FILE *mem = open_memstream(&script, &size);
    int rc = mem ? omrs_module_apply_script(&ui->conn, m->inv, r, &opt, mem, &err) : -1;
    if (mem)
        fclose(mem);
    snprintf(title, sizeof title, " Apply module %s: %zu diff(s), %zu changeSet(s) ", r->omod.config.id,
             r->plan.pending_count, omrs_module_liquibase_to_run(r));
    if (rc == 0 && omrs_ui_confirm(ui, title, script && *script ? script : "(nothing to run)")) {
        char details[512];
        snprintf(details, sizeof details, "module apply %s %s (console)", r->omod.config.id, r->omod.config.version);
        omrs_module_apply_result res;
        apply_progress progress = {.started = time(NULL)};
        snprintf(progress.title, sizeof progress.title, " Applying module %s ", r->omod.config.id);
        opt.progress = (omrs_module_progress){.step = show_step, .cancelled = stop_asked, .ctx = &progress};
        rc = omrs_audit(&ui->conn, "start", details, &err);
        if (rc == 0)
            rc = omrs_module_apply(&ui->conn, m->inv, r, &opt, &res, &err);
        rc = omrs_audit_outcome(&ui->conn, rc, rc == 0 ? details : err.message, &err);
        omrs_ui_notice(ui, rc == 0 ? "module applied" : "%s", err.message);
        omrs_ui_reload(ui);
    } else if (rc < 0) {
        omrs_ui_notice(ui, "%s", err.message);
    }
    free(script);
}

static bool act(omrs_pane *p, omrs_ui *ui, omrs_action_id id, int key)
{
    modules *m = p->state;
    if (omrs_textview_act(&m->detail, id, key))
        return true;
    if (id == OMRS_ACT_OPEN) {
        open_detail(m);
        return true;
    }
    if (id == OMRS_ACT_MODULE_APPLY) {
        apply_selected(m, ui);
        return true;
    }
    return omrs_list_act(&m->list, ui, id, key);
}

static int health(omrs_pane *p, omrs_ui *ui, omrs_health_list *out)
{
    (void)ui;
    modules *m = p->state;
    size_t pending = 0;
    for (size_t i = 0; i < m->inv->count; i++) {
        const omrs_module_row *r = &m->inv->rows[i];
        char text[300];
        state_text(r, text, sizeof text);
        if (tone(m, i) == OMRS_TONE_BAD
            && omrs_health_add(out, OMRS_TONE_BAD, p->index, "module %s: %s",
                               r->opened ? r->omod.config.id : r->path, text) < 0)
            return -1;
        pending += tone(m, i) == OMRS_TONE_WARN;
    }
    if (pending && omrs_health_add(out, OMRS_TONE_WARN, p->index, "%zu module(s) with database changes pending",
                                   pending) < 0)
        return -1;
    if (!pending && m->inv->count && omrs_health_add(out, OMRS_TONE_GOOD, p->index, "modules: %zu file(s), nothing pending",
                                                    m->inv->count) < 0)
        return -1;
    return 0;
}

static void destroy(omrs_pane *p)
{
    modules *m = p->state;
    if (!m)
        return;
    omrs_list_free(&m->list);
    omrs_textview_close(&m->detail);
    free(m);
}

const omrs_pane_ops omrs_pane_modules = {
    .name = "Modules", .scope = OMRS_SCOPE_MODULES, .create = create, .load = load, .draw = draw, .act = act,
    .health = health, .destroy = destroy,
};
