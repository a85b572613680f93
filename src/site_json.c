#include "site_json.h"

#include <stdlib.h>

#include "json_out.h"

static json_t *modules_json(const omrs_site *site)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < site->module_count; i++) {
        const omrs_module_gps *m = &site->modules[i];
        json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:o, s:o}",
            "id", m->id,
            "started", omrs_json_str(m->started),
            "mandatory", omrs_json_str(m->mandatory),
            "database_version", omrs_json_str(m->database_version),
            "version", omrs_json_str(m->version)));
    }
    return list;
}

static json_t *last_changeset_json(const omrs_changeset_ref *ref)
{
    if (!ref->id)
        return json_null();
    return json_pack("{s:s, s:o, s:o, s:o}", "id", ref->id, "author", omrs_json_str(ref->author),
                     "filename", omrs_json_str(ref->filename),
                     "date_executed", omrs_json_str(ref->date_executed));
}

json_t *omrs_site_to_json(const omrs_site *site)
{
    return json_pack(
        "{s:{s:o, s:s}, s:o, s:o, s:b,"
        " s:{s:o, s:o, s:I, s:I, s:o},"
        " s:o,"
        " s:{s:b, s:s, s:o, s:o, s:I, s:I},"
        " s:{s:b, s:b, s:o, s:o}}",
        "server", "version", omrs_json_str(site->server_version),
                  "flavor", site->is_mariadb ? "MariaDB" : "MySQL",
        "database", omrs_json_str(site->database),
        "account", omrs_json_str(site->account),
        "read_only", site->read_only,
        "openmrs", "core_version", omrs_json_str(site->core_version),
                   "core_version_basis", omrs_json_str(site->core_version_basis),
                   "core_changesets", (json_int_t)site->core_changesets,
                   "module_changesets", (json_int_t)site->module_changesets,
                   "last_core_changeset", last_changeset_json(&site->last_core_changeset),
        "modules", modules_json(site),
        "sync", "installed", site->sync_role != OMRS_SYNC_NOT_INSTALLED,
                "role", omrs_sync_role_name(site->sync_role),
                "server_uuid", omrs_json_str(site->sync_server_uuid),
                "server_name", omrs_json_str(site->sync_server_name),
                "parents", (json_int_t)site->sync_parents,
                "children", (json_int_t)site->sync_children,
        "liquibase_lock", "table", site->has_lock_table,
                          "locked", site->lock_held,
                          "locked_by", omrs_json_str(site->locked_by),
                          "granted", omrs_json_str(site->lock_granted));
}

static json_t *setting_json(const omrs_setting *s, int secret)
{
    json_t *value = secret ? json_boolean(s->value != NULL) : omrs_json_str(s->value);
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
        "runtime_properties", "path", omrs_json_str(s->runtime_props_path),
                              "source", omrs_source_name(s->runtime_props_source),
                              "passed_over", omrs_json_str(s->runtime_props_note),
        "defaults_file", omrs_json_str(s->defaults_file),
        "defaults_group_suffix", omrs_json_str(s->group_suffix),
        "read_only", s->read_only);
}
