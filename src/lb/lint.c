#include "lint.h"

#include <string.h>

/* Children of a changeSet that are not changes. */
static bool is_change(xmlNodePtr n)
{
    static const char *const not_changes[] = {"comment", "preConditions", "validCheckSum", "rollback", "modifySql"};
    if (n->type != XML_ELEMENT_NODE)
        return false;
    for (size_t i = 0; i < sizeof not_changes / sizeof *not_changes; i++)
        if (lb_is_element(n, not_changes[i]))
            return false;
    return true;
}

static bool has_child(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr c = node->children; c; c = c->next)
        if (lb_is_element(c, name))
            return true;
    return false;
}

static size_t count_changes(xmlNodePtr node)
{
    size_t n = 0;
    for (xmlNodePtr c = node->children; c; c = c->next)
        n += is_change(c);
    return n;
}

static void finding(FILE *out, const lb_changeset *cs, const char *rule, const char *why)
{
    fprintf(out, "%s:%u: %s::%s: %s: %s\n", cs->source, cs->line, cs->id, cs->author, rule, why);
}

static size_t lint_one(const lb_changeset *cs, FILE *out)
{
    size_t found = 0;
    size_t changes = count_changes(cs->node);
    if (changes > 0 && !has_child(cs->node, "preConditions")) {
        finding(out, cs, "no-precondition", "no <preConditions>: a rerun after a partial failure, or a database "
                                            "that already has the change, will fail");
        found++;
    }
    if (changes > 1) {
        char why[128];
        snprintf(why, sizeof why, "%zu changes in one changeSet: split it so each has one precondition and "
                 "recovers cleanly", changes);
        finding(out, cs, "several-changes", why);
        found++;
    }
    if (!has_child(cs->node, "comment")) {
        finding(out, cs, "no-comment", "no <comment>: OpenMRS shows it to the admin who runs the update");
        found++;
    }
    return found;
}

size_t lb_lint(const lb_changelog *cl, const lb_status *status, FILE *out)
{
    size_t found = 0;
    for (size_t i = 0; i < cl->count; i++)
        found += lint_one(&cl->changesets[i], out);
    for (size_t i = 0; status && i < status->count; i++) {
        const lb_status_entry *e = &status->entries[i];
        if (e->state != LB_CHANGED && e->state != LB_RUN_ON_CHANGE)
            continue;
        char why[256];
        snprintf(why, sizeof why, "edited after it ran (stored %s, now %s): add a new changeSet instead",
                 e->row->md5sum, e->computed);
        finding(out, e->cs, "edited-after-run", why);
        found++;
    }
    return found;
}
