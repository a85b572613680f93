#include "site_json.h"

#include <stdlib.h>

/* json_string(NULL) is NULL, which json_object_set_new treats as failure; map it to null. */
static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *modules_json(const omrs_site *site)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < site->module_count; i++) {
        const omrs_module_gps *m = &site->modules[i];
        json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:o, s:o}",
            "id", m->id,
            "started", string_or_null(m->started),
            "mandatory", string_or_null(m->mandatory),
            "database_version", string_or_null(m->database_version),
            "version", string_or_null(m->version)));
    }
    return list;
}

static json_t *last_changeset_json(const omrs_changeset_ref *ref)
{
    if (!ref->id)
        return json_null();
    return json_pack("{s:s, s:o, s:o, s:o}", "id", ref->id, "author", string_or_null(ref->author),
                     "filename", string_or_null(ref->filename),
                     "date_executed", string_or_null(ref->date_executed));
}

json_t *omrs_site_to_json(const omrs_site *site)
{
    return json_pack(
        "{s:{s:o, s:s}, s:o, s:o, s:b,"
        " s:{s:o, s:o, s:I, s:I, s:o},"
        " s:o,"
        " s:{s:b, s:s, s:o, s:o, s:I, s:I},"
        " s:{s:b, s:b, s:o, s:o}}",
        "server", "version", string_or_null(site->server_version),
                  "flavor", site->is_mariadb ? "MariaDB" : "MySQL",
        "database", string_or_null(site->database),
        "account", string_or_null(site->account),
        "read_only", site->read_only,
        "openmrs", "core_version", string_or_null(site->core_version),
                   "core_version_basis", string_or_null(site->core_version_basis),
                   "core_changesets", (json_int_t)site->core_changesets,
                   "module_changesets", (json_int_t)site->module_changesets,
                   "last_core_changeset", last_changeset_json(&site->last_core_changeset),
        "modules", modules_json(site),
        "sync", "installed", site->sync_role != OMRS_SYNC_NOT_INSTALLED,
                "role", omrs_sync_role_name(site->sync_role),
                "server_uuid", string_or_null(site->sync_server_uuid),
                "server_name", string_or_null(site->sync_server_name),
                "parents", (json_int_t)site->sync_parents,
                "children", (json_int_t)site->sync_children,
        "liquibase_lock", "table", site->has_lock_table,
                          "locked", site->lock_held,
                          "locked_by", string_or_null(site->locked_by),
                          "granted", string_or_null(site->lock_granted));
}

static json_t *setting_json(const omrs_setting *s, int secret)
{
    json_t *value = secret ? json_boolean(s->value != NULL) : string_or_null(s->value);
    return json_pack("{s:o, s:s}", secret ? "set" : "value", value, "source", omrs_source_name(s->source));
}

json_t *omrs_settings_to_json(const omrs_settings *s)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:s, s:o}, s:o, s:o, s:b}",
        "host", setting_json(&s->host, 0),
        "port", setting_json(&s->port, 0),
        "socket", setting_json(&s->socket, 0),
        "user", setting_json(&s->user, 0),
        "password", setting_json(&s->password, 1),
        "database", setting_json(&s->database, 0),
        "runtime_properties", "path", string_or_null(s->runtime_props_path),
                              "source", omrs_source_name(s->runtime_props_source),
                              "passed_over", string_or_null(s->runtime_props_note),
        "defaults_file", string_or_null(s->defaults_file),
        "defaults_group_suffix", string_or_null(s->group_suffix),
        "read_only", s->read_only);
}
