/* `omrs-console info`: the site summary, as text or JSON, optionally with the
 * connection settings and where each came from. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json_out.h"
#include "session.h"
#include "site.h"
#include "site_json.h"
#include "site_text.h"
#include "strutil.h"

static void print_setting(FILE *out, const char *name, const omrs_setting *s, int secret)
{
    const char *value = secret ? (s->value ? "******** (set)" : "-") : omrs_or_dash(s->value);
    fprintf(out, "  %-10s %-32s %s\n", name, value, omrs_source_name(s->source));
}

static void print_settings(FILE *out, const omrs_settings *s)
{
    fputs("Connection settings (value, source):\n", out);
    print_setting(out, "host", &s->host, 0);
    print_setting(out, "port", &s->port, 0);
    print_setting(out, "socket", &s->socket, 0);
    print_setting(out, "user", &s->user, 0);
    print_setting(out, "password", &s->password, 1);
    print_setting(out, "database", &s->database, 0);
    fprintf(out, "  runtime properties: %s", omrs_or_dash(s->runtime_props_path));
    if (s->runtime_props_path)
        fprintf(out, " (%s)", omrs_source_name(s->runtime_props_source));
    if (s->runtime_props_note)
        fprintf(out, "\n  passed over: %s", s->runtime_props_note);
    fprintf(out, "\n  option files: %s, groups [client] and [%s%s]\n",
            s->defaults_file ? s->defaults_file : "the MariaDB defaults (~/.my.cnf, /etc/mysql/...)",
            s->group_suffix ? "client" : "omrs-console", s->group_suffix ? s->group_suffix : "");
    fprintf(out, "  read-only: %s\n\n", s->read_only ? "yes" : "no");
}

static int print_json(FILE *out, const omrs_site *site, const omrs_settings *s, omrs_error *err)
{
    json_t *doc = omrs_site_to_json(site);
    if (doc && s && json_object_set_new(doc, "connection", omrs_settings_to_json(s)) < 0) {
        json_decref(doc);
        doc = NULL;
    }
    return omrs_json_print(doc, out, err);
}

static int show_site(const omrs_cli_options *o, omrs_conn *c, omrs_settings *s, FILE *out, omrs_error *err)
{
    omrs_site site;
    if (omrs_site_load(c, &site, err) < 0)
        return -1;
    int rc = 0;
    if (o->json) {
        rc = print_json(out, &site, o->show_config ? s : NULL, err);
    } else {
        if (o->show_config)
            print_settings(out, s);
        omrs_site_print(out, &site);
    }
    omrs_site_free(&site);
    return rc;
}

int omrs_cmd_info(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count > 1)
        return omrs_fail(err, OMRS_ERR_USAGE, "info takes no arguments ('%s')", o->words[1]);
    omrs_settings s = {0};
    omrs_conn c = {0};
    int rc = omrs_session_settings(&o->conn, &s, err);
    if (rc == 0 && (rc = omrs_session_connect(&o->conn, &s, &c, err)) < 0 && o->show_config)
        print_settings(stderr, &s);
    if (rc == 0)
        rc = show_site(o, &c, &s, out, err);
    omrs_conn_close(&c);
    omrs_settings_free(&s);
    return rc;
}
