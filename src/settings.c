#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "javaprops.h"
#include "jdbcurl.h"
#include "strutil.h"

#define ENV_RUNTIME_PROPERTIES "OPENMRS_RUNTIME_PROPERTIES_FILE"
#define DEFAULT_DATABASE "openmrs"

int omrs_setting_offer(omrs_setting *s, const char *value, omrs_source source)
{
    if (!value || source < s->source)
        return 0;
    if (omrs_set_str(&s->value, value) < 0)
        return -1;
    s->source = source;
    return 0;
}

static int offer_jdbc_url(omrs_settings *s, const char *url, const char *path, omrs_source source,
                          omrs_error *err)
{
    omrs_jdbc_url parsed = {0};
    if (omrs_jdbc_url_parse(url, &parsed, err) < 0) {
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        return omrs_fail(err, OMRS_ERR_PARSE, "%s: connection.url: %s", path, why);
    }
    char port[16];
    snprintf(port, sizeof port, "%u", parsed.port);
    int rc = 0;
    if (omrs_setting_offer(&s->host, parsed.host, source) < 0
        || omrs_setting_offer(&s->port, port, source) < 0
        || (parsed.database && parsed.database[0]
            && omrs_setting_offer(&s->database, parsed.database, source) < 0))
        rc = omrs_fail_nomem(err);
    if (rc == 0 && s->host.source == source)
        s->jdbc_tcp = true;
    omrs_jdbc_url_free(&parsed);
    return rc;
}

int omrs_settings_load_runtime(omrs_settings *s, const char *path, omrs_source source, omrs_error *err)
{
    omrs_props props = {0};
    if (omrs_props_load(path, &props, err) < 0)
        return -1;
    int rc = 0;
    const char *url = omrs_props_get(&props, "connection.url");
    if (url && url[0])
        rc = offer_jdbc_url(s, url, path, source, err);
    if (rc == 0
        && (omrs_setting_offer(&s->user, omrs_props_get(&props, "connection.username"), source) < 0
            || omrs_setting_offer(&s->password, omrs_props_get(&props, "connection.password"), source) < 0
            || omrs_set_str(&s->runtime_props_path, path) < 0))
        rc = omrs_fail_nomem(err);
    if (rc == 0)
        s->runtime_props_source = source;
    omrs_props_free(&props);
    return rc;
}

/* Picks the one runtime properties file to read: a flag beats the environment, which
 * beats OpenMRS's search. A file that was named but cannot be read is an error. */
static int load_runtime_layer(omrs_settings *s, const omrs_conn_flags *flags, const omrs_env *env,
                              omrs_error *err)
{
    if (flags->runtime_props)
        return omrs_settings_load_runtime(s, flags->runtime_props, OMRS_SRC_RUNTIME_FLAG, err);
    const char *named = env->get(ENV_RUNTIME_PROPERTIES, env->ctx);
    if (named && named[0])
        return omrs_settings_load_runtime(s, named, OMRS_SRC_RUNTIME_ENV, err);
    char *found = NULL;
    if (omrs_runtime_props_find(env, &found, err) < 0) {
        /* A file we merely came across (often the Tomcat user's, mode 0600) must not stop
         * an admin whose option files say everything; keep the reason for --show-config. */
        if (err->code != OMRS_ERR_IO)
            return -1;
        int rc = omrs_set_str(&s->runtime_props_note, err->message);
        omrs_error_clear(err);
        return rc < 0 ? omrs_fail_nomem(err) : 0;
    }
    if (!found)
        return 0;
    int rc = omrs_settings_load_runtime(s, found, OMRS_SRC_RUNTIME_SEARCHED, err);
    free(found);
    return rc;
}

static int apply_flags(omrs_settings *s, const omrs_conn_flags *f)
{
    if (omrs_setting_offer(&s->host, f->host, OMRS_SRC_FLAG) < 0
        || omrs_setting_offer(&s->port, f->port, OMRS_SRC_FLAG) < 0
        || omrs_setting_offer(&s->socket, f->socket, OMRS_SRC_FLAG) < 0
        || omrs_setting_offer(&s->user, f->user, OMRS_SRC_FLAG) < 0
        || omrs_setting_offer(&s->database, f->database, OMRS_SRC_FLAG) < 0
        || omrs_set_str(&s->defaults_file, f->defaults_file) < 0
        || omrs_set_str(&s->group_suffix, f->group_suffix) < 0)
        return -1;
    /* An explicit -h or -S means the admin chose the transport. */
    if (f->host || f->socket)
        s->jdbc_tcp = false;
    s->read_only = f->read_only;
    return 0;
}

static int check_port(const omrs_setting *port, omrs_error *err)
{
    if (!port->value)
        return 0;
    char *end;
    errno = 0;
    long n = strtol(port->value, &end, 10);
    if (errno || *end || end == port->value || n <= 0 || n > 65535)
        return omrs_fail(err, OMRS_ERR_USAGE, "invalid port '%s' (from %s): expected 1-65535",
                         port->value, omrs_source_name(port->source));
    return 0;
}

int omrs_settings_resolve(omrs_settings *s, const omrs_conn_flags *flags, const omrs_env *env,
                          omrs_error *err)
{
    if (omrs_setting_offer(&s->database, DEFAULT_DATABASE, OMRS_SRC_DEFAULT) < 0)
        return omrs_fail_nomem(err);
    if (load_runtime_layer(s, flags, env, err) < 0)
        return -1;
    if (apply_flags(s, flags) < 0)
        return omrs_fail_nomem(err);
    return check_port(&s->port, err);
}

bool omrs_setting_beats_option_files(const omrs_setting *s)
{
    return s->source > OMRS_SRC_OPTION_FILE;
}

const char *omrs_source_name(omrs_source source)
{
    switch (source) {
    case OMRS_SRC_NONE: return "not set";
    case OMRS_SRC_DEFAULT: return "default";
    case OMRS_SRC_RUNTIME_SEARCHED: return "runtime properties (found)";
    case OMRS_SRC_CLIENT: return "option file or client default";
    case OMRS_SRC_OPTION_FILE: return "option file";
    case OMRS_SRC_RUNTIME_ENV: return "runtime properties (" ENV_RUNTIME_PROPERTIES ")";
    case OMRS_SRC_RUNTIME_FLAG: return "runtime properties (--runtime-properties)";
    case OMRS_SRC_PROMPT: return "prompt";
    case OMRS_SRC_FLAG: return "command line";
    }
    return "?";
}

static void setting_free(omrs_setting *s)
{
    if (s->value)
        explicit_bzero(s->value, strlen(s->value));
    free(s->value);
    s->value = NULL;
    s->source = OMRS_SRC_NONE;
}

void omrs_settings_free(omrs_settings *s)
{
    setting_free(&s->host);
    setting_free(&s->port);
    setting_free(&s->socket);
    setting_free(&s->user);
    setting_free(&s->password);
    setting_free(&s->database);
    free(s->defaults_file);
    free(s->group_suffix);
    free(s->runtime_props_path);
    free(s->runtime_props_note);
    memset(s, 0, sizeof *s);
}
