/* Opening a session the same way for the CLI and the console: resolve settings,
 * ask for the password when -p was given, connect. */
#ifndef OMRS_SESSION_H
#define OMRS_SESSION_H

#include "conn.h"
#include "runtime_props.h"
#include "settings.h"

/* The real environment: getenv and the user's home directory. */
void omrs_env_system(omrs_env *env);

/* Resolves the settings (without connecting). */
int omrs_session_settings(const omrs_conn_flags *flags, omrs_settings *s, omrs_error *err);

/* Prompts for the password if asked, then connects. */
int omrs_session_connect(const omrs_conn_flags *flags, omrs_settings *s, omrs_conn *c, omrs_error *err);

/* A command's session: the settings it resolved and the connection made with them. */
typedef struct omrs_session {
    omrs_settings settings;
    omrs_conn conn;
} omrs_session;

/* Settings, password prompt if asked, connection; on failure the session is still safe to
 * close. */
int omrs_session_open(const omrs_conn_flags *flags, omrs_session *s, omrs_error *err);
void omrs_session_close(omrs_session *s);

#endif
