-- Removes the OpenMRS Sync module (module id "sync") from an OpenMRS database.
--
-- The same statements, in the same order, as `omrs-console sync uninstall` runs (it prints
-- them with --dry-run; its test checks that this file and the command agree). Behaviour
-- and order follow sync-module.md section 9; the wiki's shorter list fails on foreign keys
-- and misses the transmission-log tables, the second cleanup task and the changelog rows.
--
-- BEFORE running it:
--   1. take a backup:  mysqldump --single-transaction --routines openmrs > openmrs-before-sync-uninstall.sql
--   2. stop OpenMRS and delete the sync-*.omod from its modules folder. The module is
--      mandatory, and once its liquibasechangelog rows are gone a module that starts again
--      re-creates its tables.
--   3. run it against the right database:  mysql -u ADMIN -p openmrs < sync-uninstall.sql
--
-- DROP TABLE commits by itself (MySQL DDL) and cannot be rolled back; the DELETEs after it
-- run in one transaction. Every statement is idempotent: if one fails, fix the cause and run
-- the whole file again, it finishes what is left.
--
-- Left alone on purpose: the OpenMRS accounts the children logged in with on a parent
-- (sync_server.child_username; they own data, retire them in OpenMRS), and the files under
-- the application data directory's sync/ folder.

-- The tables, referencing ones first: the transmission-log records point at sync_record and
-- the log; the log, sync_import, sync_server_record and sync_server_class point at sync_server;
-- sync_server_record at sync_record; sync_server_class at sync_class.
DROP TABLE IF EXISTS sync_transmission_log_record, sync_transmission_log;
DROP TABLE IF EXISTS sync_server_record, sync_server_class, sync_import;
DROP TABLE IF EXISTS sync_server, sync_class, sync_record;

START TRANSACTION;

-- The scheduler tasks "Cleanup Old Sync Records", "Clean Old Transmission Logs Records" and
-- "<parent nickname> Data Synchronization", by class: their names are localised and hold nicknames.
DELETE p FROM scheduler_task_config_property p JOIN scheduler_task_config t
    ON t.task_config_id = p.task_config_id
 WHERE t.schedulable_class IN ('org.openmrs.module.sync.scheduler.CleanupSyncTablesTask',
       'org.openmrs.module.sync.scheduler.SyncTransmissionLogTableCleanUpTask',
       'org.openmrs.module.sync.SyncTask');
DELETE FROM scheduler_task_config
 WHERE schedulable_class IN ('org.openmrs.module.sync.scheduler.CleanupSyncTablesTask',
       'org.openmrs.module.sync.scheduler.SyncTransmissionLogTableCleanUpTask',
       'org.openmrs.module.sync.SyncTask');

-- Its global properties (sync.started, sync.mandatory and sync.database_version included) and,
-- on OpenMRS 2.9+, the module version core stores.
DELETE FROM global_property WHERE property LIKE 'sync.%' OR property = 'module.sync.version';

-- The three privileges the module declares, and the roles' grants of them.
DELETE FROM role_privilege
 WHERE privilege IN ('View Synchronization Status', 'View Synchronization Records', 'Manage Synchronization');
DELETE FROM privilege
 WHERE privilege IN ('View Synchronization Status', 'View Synchronization Records', 'Manage Synchronization');

-- Its Liquibase history (ids sync_sqldiff_*, sync-20120327-*, sync_2018-*); ESCAPE keeps '_'
-- literal whatever the sql_mode.
DELETE FROM liquibasechangelog
 WHERE ID LIKE 'sync!_sqldiff!_%' ESCAPE '!' OR ID LIKE 'sync-20120327-%' OR ID LIKE 'sync!_2018-%' ESCAPE '!';

COMMIT;
