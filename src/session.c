#include "session.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "password.h"

static const char *home_directory(void)
{
    const char *home = getenv("HOME");
    if (home && home[0])
        return home;
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_dir : "/";
}

void omrs_env_system(omrs_env *env)
{
    *env = (omrs_env){.get = omrs_env_getenv, .home = home_directory(), .root = ""};
}

int omrs_session_settings(const omrs_conn_flags *flags, omrs_settings *s, omrs_error *err)
{
    omrs_env env;
    omrs_env_system(&env);
    return omrs_settings_resolve(s, flags, &env, err);
}

static int ask_password(omrs_settings *s, omrs_error *err)
{
    char *typed = NULL;
    if (omrs_password_prompt("Enter password: ", &typed, err) < 0)
        return -1;
    int rc = omrs_setting_offer(&s->password, typed, OMRS_SRC_PROMPT);
    omrs_secret_free(typed);
    return rc < 0 ? omrs_fail_nomem(err) : 0;
}

int omrs_session_connect(const omrs_conn_flags *flags, omrs_settings *s, omrs_conn *c, omrs_error *err)
{
    if (flags->prompt_password && ask_password(s, err) < 0)
        return -1;
    return omrs_conn_open(c, s, err);
}

int omrs_session_open(const omrs_conn_flags *flags, omrs_session *s, omrs_error *err)
{
    memset(s, 0, sizeof *s);
    if (omrs_session_settings(flags, &s->settings, err) < 0)
        return -1;
    return omrs_session_connect(flags, &s->settings, &s->conn, err);
}

void omrs_session_close(omrs_session *s)
{
    omrs_conn_close(&s->conn);
    omrs_settings_free(&s->settings);
}
