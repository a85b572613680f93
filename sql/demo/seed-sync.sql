-- Sync-module data and site settings for ONE database of the omrs-console demo federation:
-- a parent (district hospital) and two children (health centre A, rural clinic B) running the
-- OpenMRS Sync module. Sourced by tests/lib/demo.sh into a database that already holds the
-- OpenMRS master schema, the Sync module's tables, core data and liquibasechangelog.
--
-- Parameters: user variables set before this file is sourced. The federation's identities are
-- the same for all three databases; @site says which member this database is.
--   @site               'parent' | 'child_a' | 'child_b'
--   @parent_uuid        sync.server_uuid of the parent           (CHAR(36))
--   @parent_name        sync.server_name of the parent           (also the children's nickname for it)
--   @parent_address     webapp root the children post to, e.g. 'http://parent.example.org:8080/openmrs'
--   @child_a_uuid, @child_b_uuid          sync.server_uuid of each child
--   @child_a_name, @child_b_name          sync.server_name of each child (the parent's nickname for it)
--   @child_a_username, @child_b_username  the OpenMRS account each child logs in with on the parent
--                                         (sync_server.child_username on the parent, username of
--                                         the child's PARENT row)
--   @child_a_password, @child_b_password  its password (plaintext in the child's PARENT row, as the
--                                         module stores it; hashed in users on the parent)
--   @now                reference time 'YYYY-MM-DD HH:MM:SS' (NULL: NOW()); every timestamp is
--                       relative to it; give all three databases the same value
--   @database_version   core version string written to database_version (NULL: '3.0.0-4d92b4';
--                       CHAR(20) column, and receivers REJECT records whose version differs)
--
-- What it writes (sync-module.md is the reference for every value):
--   * global_property: sync.server_uuid/server_name, every GP the module's config.xml declares,
--     sync.started/mandatory/database_version, formentry.* and xforms.* module GPs;
--   * the rows the module's liquibase changesets insert (sync_class defaults, the two cleanup
--     scheduler tasks) and the module's three privileges; on children the SyncTask;
--   * sync_server/sync_server_class (parent: two CHILD rows; child: one PARENT row), on the parent
--     the two child accounts (person, person_name, users, user_role);
--   * sync_record/sync_server_record/sync_import/sync_transmission_log: this site's view of one
--     shared scenario (demo_change below), so uuids, original_uuids and states agree across the
--     three databases.
--
-- The scenario (times before @now; child A syncs every 2 h, child B every 30 min):
--   * Child A: a sync 15.5 h ago sent 8 records and the upload died with "Connection reset"
--     (records SEND_FAILED, transmission log row); the admin lowered sync.max_records.web to 5;
--     the clinic's server was then off overnight. The sync 90 min ago sent the 5 oldest: 2
--     COMMITTED, 1 FAILED at the parent (unknown local concept), 2 SENT_AGAIN (the parent stops at
--     the first failure); 3 are still SEND_FAILED and 4 newer ones NEW. In the same sync A failed
--     to apply the parent's "Maternity Ward" location, so the parent's later records for A are SENT.
--     A locally saved FormEntry XSN is NOT_SUPPOSED_TO_SYNC (A does not send org.openmrs.module.formentry).
--   * Child B: a patient registered 6.6 h ago carries an identifier already used at child A; the
--     parent failed it on each of 5 sends, the 6th round set it FAILED_AND_STOPPED (retry_count 5)
--     and since then nothing goes up: 3 records behind it are SENT/SENT_AGAIN, 6 newer ones NEW.
--     Downloads still run. Three days ago a response was lost (Read timed out): the records were
--     re-sent and the parent answered ALREADY_COMMITTED.
--   * Parent: its own records stay NEW in sync_record (it has no parent); per-child delivery is in
--     sync_server_record (COMMITTED, FAILED, SENT, NEW, NOT_SUPPOSED_TO_SYNC: it does not send
--     formentry classes to B). Records ingested from a child are re-journalled (new uuid,
--     original_uuid kept) and forwarded to the other child.

SET @database_version = COALESCE(@database_version, '3.0.0-4d92b4');
SET @now = CAST(COALESCE(@now, NOW()) AS DATETIME);

-- Refuse missing or malformed parameters with a message naming the column.
CREATE TEMPORARY TABLE demo_params (
  site VARCHAR(10) NOT NULL,
  parent_uuid CHAR(36) NOT NULL, parent_name VARCHAR(255) NOT NULL, parent_address VARCHAR(255) NOT NULL,
  child_a_uuid CHAR(36) NOT NULL, child_a_name VARCHAR(255) NOT NULL,
  child_a_username VARCHAR(50) NOT NULL, child_a_password VARCHAR(255) NOT NULL,
  child_b_uuid CHAR(36) NOT NULL, child_b_name VARCHAR(255) NOT NULL,
  child_b_username VARCHAR(50) NOT NULL, child_b_password VARCHAR(255) NOT NULL,
  now_ DATETIME NOT NULL, database_version VARCHAR(20) NOT NULL,
  CONSTRAINT site_must_be_parent_child_a_or_child_b CHECK (site IN ('parent', 'child_a', 'child_b')),
  CONSTRAINT server_uuids_must_be_36_chars_and_distinct CHECK (
    CHAR_LENGTH(parent_uuid) = 36 AND CHAR_LENGTH(child_a_uuid) = 36 AND CHAR_LENGTH(child_b_uuid) = 36
    AND parent_uuid <> child_a_uuid AND parent_uuid <> child_b_uuid AND child_a_uuid <> child_b_uuid)
);
INSERT INTO demo_params VALUES (@site, @parent_uuid, @parent_name, @parent_address,
  @child_a_uuid, @child_a_name, @child_a_username, @child_a_password,
  @child_b_uuid, @child_b_name, @child_b_username, @child_b_password, @now, @database_version);

SET @code = ELT(FIELD(@site, 'parent', 'child_a', 'child_b'), 'P', 'A', 'B');
SET @server_uuid = ELT(FIELD(@code, 'P', 'A', 'B'), @parent_uuid, @child_a_uuid, @child_b_uuid);
SET @server_name = ELT(FIELD(@code, 'P', 'A', 'B'), @parent_name, @child_a_name, @child_b_name);
SET @admin_uuid = (SELECT uuid FROM users WHERE user_id = 1);

-- A stable v4-shaped uuid for a key, so the three databases agree without sharing state.
DROP FUNCTION IF EXISTS demo_uuid;
CREATE FUNCTION demo_uuid(k VARCHAR(255)) RETURNS CHAR(36) DETERMINISTIC
  RETURN CONCAT(SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 1, 8), '-',
                SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 9, 4), '-4',
                SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 14, 3), '-',
                SUBSTR('89ab', 1 + CONV(SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 17, 1), 16, 10) % 4, 1),
                SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 18, 3), '-',
                SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 21, 12));

-- ---------------------------------------------------------------------------------------------
-- Global properties. sync.server_uuid as changeset sync_sqldiff_0.3 writes it; the rest as core
-- creates them from the module's config.xml (default value + description) and at module start.
-- sync.database_version 1.1.3 = last diff of the module's sqldiff.xml (the site ran sync <= 1.4.0
-- before the liquibase releases); formentry 2.8 and xforms 4.1.1.0 likewise from their sqldiff.xml.
-- ---------------------------------------------------------------------------------------------
SET @started_desc = 'DO NOT MODIFY. true/false whether or not the %s module has been started.  This is used to make sure modules that were running  prior to a restart are started again';
SET @mandatory_desc = 'true/false whether or not the %s module MUST start when openmrs starts.  This is used to make sure that mission critical modules are always running if openmrs is running.';
SET @dbversion_desc = 'DO NOT MODIFY.  Current database version number for the %s module.';

CREATE TEMPORARY TABLE demo_gp (
  property VARCHAR(255) NOT NULL PRIMARY KEY, property_value TEXT, description TEXT,
  date_changed DATETIME NULL, changed_by INT NULL);
INSERT INTO demo_gp (property, property_value, description) VALUES
('sync.server_uuid', @server_uuid, 'Universally unique server id used to identify a given data source in synchronization.'),
('sync.server_name', @server_name, 'Display name for this server, to distinguish it from other servers.'),
('sync.admin_email', IF(@code = 'P', 'sync-admin@parent.example.org', ''), 'Email address for administrator responsible for this server.'),
('sync.default_role', 'System Developer, Administrator', 'Server role for the synchronization scheduled task login.'),
('sync.max_retry_count', '5', 'Number of times to try to retry automatic synchronization before giving up.'),
('sync.max_page_records', '10', 'Number of sync items to be shown per page.'),
('sync.max_records.web', IF(@code = 'A', '5', '50'), 'Number of records to package up and send at a time via the web.'),
('sync.max_records.file', '50', 'Number of records to package up and send at a time via a file.'),
('sync.connection_timeout', '', 'Timeout before sync process gives up trying to connect to parent server.  If null, sync default formula is used.  Units are milliseconds (remember, 6000 represents a minute).'),
('sync.roleToReceiveAlerts', '', 'The role for the users to receive alerts generated when the Sync module sends out an email'),
('sync.date_pattern', 'MM/dd/yyyy HH:mm:ss', 'The date format'),
('sync.ignored_java_exceptions', 'javax.net.ssl.SSLHandshakeException, org.apache.commons.httpclient.ConnectTimeoutException', 'Comma separated list of exceptions that will not cause an increment of the retryCount on sync records. (exact matches on class names only, no child classes matched)'),
('sync.system_id_template', '{SYNCSERVERNAME}_{NEXTUSERID}{CHECKDIGIT}', 'The template used to generate new users'' system_id on this server. Available options: {SYNCSERVERNAME}, {SYNCSERVERUUID}, {NEXTUSERID}, {CHECKDIGIT}. Empty string will use core''s built-in algorithm (warning: this WILL produce duplicate system ids if user generation is done on multiple servers. Use empty string with caution) '),
('sync.transmission.log.enabled', 'true', 'Boolean value indicating whether or not create a transmission log in .OpenMRS/sync/recrd folder. Available options: true,false '),
('sync.cloned_database.log.enabled', 'true', 'Boolean value indicating whether or not create a backup file of the cloned database in .OpenMRS/sync folder. Available options: true,false '),
('sync.allow_selfsigned_certs', 'false', 'Boolean value indicating wheter allow the use of self-signed certificates in https connections. Available options:true,false '),
('sync.started', 'true', REPLACE(@started_desc, '%s', 'sync')),
('sync.mandatory', 'true', REPLACE(@mandatory_desc, '%s', 'sync')),
('sync.database_version', '1.1.3', REPLACE(@dbversion_desc, '%s', 'sync')),
('formentry.started', 'true', REPLACE(@started_desc, '%s', 'formentry')),
('formentry.mandatory', 'false', REPLACE(@mandatory_desc, '%s', 'formentry')),
('formentry.database_version', '2.8', REPLACE(@dbversion_desc, '%s', 'formentry')),
('xforms.started', IF(@code = 'B', 'false', 'true'), REPLACE(@started_desc, '%s', 'xforms')),
('xforms.mandatory', 'false', REPLACE(@mandatory_desc, '%s', 'xforms')),
('xforms.database_version', '4.1.1.0', REPLACE(@dbversion_desc, '%s', 'xforms'));
-- Child A's admin lowered the batch size after the upload that died (see the scenario).
UPDATE demo_gp SET date_changed = @now - INTERVAL 915 MINUTE, changed_by = 1
 WHERE @code = 'A' AND property = 'sync.max_records.web';

INSERT INTO global_property (property, property_value, description, uuid, date_changed, changed_by)
SELECT property, property_value, description, demo_uuid(CONCAT('gp:', @code, ':', property)), date_changed, changed_by
  FROM demo_gp ORDER BY property;

-- The module's privileges (config.xml), created by core when the module starts.
INSERT INTO privilege (privilege, description, uuid) VALUES
('View Synchronization Status', 'Enables one to see the status of the synchronization process', demo_uuid(CONCAT('privilege:', @code, ':status'))),
('View Synchronization Records', 'Enables one to see the synchronization record data', demo_uuid(CONCAT('privilege:', @code, ':records'))),
('Manage Synchronization', 'Enables one to do administrative duties for the synchronization module', demo_uuid(CONCAT('privilege:', @code, ':manage')));

-- ---------------------------------------------------------------------------------------------
-- Rows the module's liquibase.xml inserts: sync_class defaults (0.2_mod inserts 'GlobalProperty',
-- 0.4.1 prefixes it; 0.71_3 inserts ConceptWord as class 4 and 0.72 deletes it, hence the gap) and
-- the two cleanup tasks (0.7, 2018-06-01-16:40EAT) with their properties.
-- ---------------------------------------------------------------------------------------------
INSERT INTO sync_class (class_id, name, default_send_to, default_receive_from) VALUES
(1, 'org.openmrs.GlobalProperty', 0, 0),
(2, 'org.openmrs.scheduler', 0, 0),
(3, 'org.openmrs.hl7', 0, 0),
(5, 'org.openmrs.notification.Alert', 0, 0);

INSERT INTO scheduler_task_config (name, description, schedulable_class, start_time, start_time_pattern,
  repeat_interval, start_on_startup, started, created_by, date_created, changed_by, date_changed, uuid)
VALUES ('Cleanup Old Sync Records',
  'This task deletes old rows in the sync_record and sync_server_record tables.  The default settings work on all servers, but for advanced users, you can change the properties to suit your needs.',
  'org.openmrs.module.sync.scheduler.CleanupSyncTablesTask', '2009-12-18 17:26:31', 'MM/dd/yyyy HH:mm:ss',
  '604800', '1', '0', '1', '2009-12-18 17:28:39', NULL, NULL, 'd3122955-00d7-454c-b17f-e3f87206c74b');
SET @task_id = LAST_INSERT_ID();
INSERT INTO scheduler_task_config_property (name, value, task_config_id) VALUES
('delete_entries_files_older_than_x_days', '90', @task_id),
('sync_record_states_to_delete', '', @task_id);
INSERT INTO scheduler_task_config (name, description, schedulable_class, start_time, start_time_pattern,
  repeat_interval, start_on_startup, started, created_by, date_created, changed_by, date_changed, uuid)
VALUES ('Clean Old Transmission Logs Records',
  'This task deletes old sync_transmission_log rows. The default settings work on all servers, but for advanced users, you can change the properties to suit your needs.',
  'org.openmrs.module.sync.scheduler.SyncTransmissionLogTableCleanUpTask', '2018-06-01 16:50:30', 'yyyy-MM-dd HH:mm:ss',
  604800, 1, 0, 1, '2018-06-01 16:40:30', NULL, NULL, 'c3ae9a0d-65a4-11e8-860c-0242ac110002');
INSERT INTO scheduler_task_config_property (name, value, task_config_id)
VALUES ('delete_transmission_logs_older_than_x_days', '7', LAST_INSERT_ID());

-- ---------------------------------------------------------------------------------------------
-- Servers. Parent: the children were registered 6 days ago (A first), each with an account the
-- child logs in with (person "Synchronization Service <nickname>", gender M, birthdate = that day,
-- roles from sync.default_role: only 'System Developer' exists in core 2.x+, system_id from
-- sync.system_id_template). Child: one PARENT row with plaintext credentials and a SyncTask.
-- last_sync/last_sync_state are what the last round left (see the scenario).
-- ---------------------------------------------------------------------------------------------
CREATE TEMPORARY TABLE demo_child (
  code CHAR(1) PRIMARY KEY, server_id INT, user_id INT, person_id INT, check_digit CHAR(1),
  server_uuid CHAR(36), nickname VARCHAR(255), username VARCHAR(50), password VARCHAR(255),
  registered_min INT, last_sync_s INT, parent_view_state VARCHAR(50), child_view_state VARCHAR(50),
  sync_interval_s INT);
INSERT INTO demo_child VALUES
('A', 1, 3, 2, '4', @child_a_uuid, @child_a_name, @child_a_username, @child_a_password, 8641, 5400, 'FAILED', 'FAILED_RECORDS', 7200),
('B', 2, 4, 3, '2', @child_b_uuid, @child_b_name, @child_b_username, @child_b_password, 8601, 600, 'MAX_RETRY_REACHED', 'OK', 1800);

INSERT INTO person (person_id, gender, birthdate, birthdate_estimated, dead, creator, date_created, voided, uuid)
SELECT person_id, 'M', DATE(@now - INTERVAL registered_min MINUTE), 0, 0, 1, @now - INTERVAL registered_min MINUTE, 0,
       demo_uuid(CONCAT('person:', code))
  FROM demo_child WHERE @code = 'P' ORDER BY person_id;
INSERT INTO person_name (preferred, person_id, given_name, family_name, creator, date_created, voided, uuid)
SELECT 1, person_id, 'Synchronization Service', LEFT(nickname, 50), 1, @now - INTERVAL registered_min MINUTE, 0,
       demo_uuid(CONCAT('person_name:', code))
  FROM demo_child WHERE @code = 'P' ORDER BY person_id;
INSERT INTO users (user_id, system_id, username, password, salt, creator, date_created, person_id, retired, uuid)
SELECT user_id, LEFT(CONCAT(@parent_name, '_', user_id, check_digit), 50), username,
       SHA2(CONCAT(password, SHA2(CONCAT('salt:', code), 512)), 512), SHA2(CONCAT('salt:', code), 512),
       1, @now - INTERVAL registered_min MINUTE, person_id, 0, demo_uuid(CONCAT('user:', code))
  FROM demo_child WHERE @code = 'P' ORDER BY user_id;
INSERT INTO user_role (user_id, role) SELECT user_id, 'System Developer' FROM demo_child WHERE @code = 'P';

INSERT INTO sync_server (server_id, uuid, nickname, address, server_type, username, password,
  last_sync, last_sync_state, disabled, child_username)
SELECT server_id, server_uuid, nickname, 'N/A', 'CHILD', 'N/A', 'N/A',
       @now - INTERVAL (last_sync_s - 33) SECOND, parent_view_state, 0, username
  FROM demo_child WHERE @code = 'P' ORDER BY server_id;
INSERT INTO sync_server (server_id, uuid, nickname, address, server_type, username, password,
  last_sync, last_sync_state, disabled, child_username)
SELECT 1, @parent_uuid, @parent_name, @parent_address, 'PARENT', username, password,
       @now - INTERVAL last_sync_s SECOND, child_view_state, 0, ''
  FROM demo_child WHERE code = @code;

-- Per-server class lists: the defaults copied when the server was saved, then the admins'
-- exclusions (a new name also creates sync_class(name, 1, 1)): the parent does not send
-- formentry classes to B (XSNs are large, B does not use FormEntry); A does not send its local
-- formentry forms up.
INSERT INTO sync_class (class_id, name, default_send_to, default_receive_from)
SELECT 6, 'org.openmrs.module.formentry', 1, 1 FROM DUAL WHERE @code IN ('P', 'A');
INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from)
SELECT c.class_id, s.server_id, c.default_send_to, c.default_receive_from
  FROM sync_server s JOIN sync_class c ON c.class_id <> 6 ORDER BY s.server_id, c.class_id;
INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from)
SELECT 6, IF(@code = 'P', 2, 1), 0, 1 FROM DUAL WHERE @code IN ('P', 'A');

INSERT INTO scheduler_task_config (name, description, schedulable_class, start_time, start_time_pattern,
  repeat_interval, start_on_startup, started, created_by, date_created, last_execution_time, uuid)
SELECT CONCAT(@parent_name, ' Data Synchronization'), 'Synchronizes data with the parent server',
       'org.openmrs.module.sync.SyncTask', @now - INTERVAL (registered_min + 5) MINUTE, 'MM/dd/yyyy HH:mm:ss',
       sync_interval_s, 1, 1, 1, @now - INTERVAL (registered_min + 5) MINUTE, @now - INTERVAL last_sync_s SECOND,
       demo_uuid(CONCAT('synctask:', code))
  FROM demo_child WHERE code = @code;
INSERT INTO scheduler_task_config_property (name, value, task_config_id)
SELECT 'serverId', '1', LAST_INSERT_ID() FROM DUAL WHERE @code <> 'P';

-- ---------------------------------------------------------------------------------------------
-- The shared scenario: one row per change made somewhere in the federation, and its fate on
-- every site (made by simulating the module's rules, sync-module.md §3.3-3.4 and §8.4, over the
-- rounds described at the top). Times are seconds before @now.
--   origin, seq     where the change was made ('P','A','B') and its number there
--   created_s       its sync_record.timestamp at the origin
--   kind, ref, label  payload template; ref = seq of the record (same origin) it refers to
--   o_state, o_retry  the origin's own sync_record (a parent's stays NEW: it has no parent)
--   p_copy_s        child changes: when the parent ingested it (its re-journalled copy); NULL = never
--   p_imp_*         child changes: the parent's sync_import row (state, retry_count)
--   a_*, b_*        the parent's sync_server_record for child A / B of its own or copied record
--   a_copy_s, a_imp_*, b_copy_s, b_imp_*   the copy and sync_import row on child A / B
--   err             failure text key for the one FAILED import of that change
-- ---------------------------------------------------------------------------------------------
CREATE TEMPORARY TABLE demo_change (
  origin CHAR(1) NOT NULL, seq INT NOT NULL, created_s INT NOT NULL, kind VARCHAR(20) NOT NULL,
  ref INT NOT NULL, label VARCHAR(64) NOT NULL, o_state VARCHAR(32) NOT NULL, o_retry INT NOT NULL,
  p_copy_s INT NULL, p_imp_state VARCHAR(32) NULL, p_imp_retry INT NULL,
  a_state VARCHAR(32) NULL, a_retry INT NULL, b_state VARCHAR(32) NULL, b_retry INT NULL,
  a_copy_s INT NULL, a_imp_state VARCHAR(32) NULL, a_imp_retry INT NULL,
  b_copy_s INT NULL, b_imp_state VARCHAR(32) NULL, b_imp_retry INT NULL,
  err VARCHAR(20) NULL,
  PRIMARY KEY (origin, seq));
INSERT INTO demo_change VALUES
('P', 1,   518411,  'sync_user',     0,   'A',                          'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    NULL,                  NULL, 516595,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('P', 2,   516048,  'sync_user',     0,   'B',                          'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    509395,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    515395,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 3,   515552,  'location',      0,   'Demo District Hospital',     'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    509394,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    515394,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 4,   515116,  'location',      0,   'Demo Health Centre A',       'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    509393,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    513595,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 5,   514800,  'location',      0,   'Demo Rural Clinic B',        'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    509392,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    513594,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 6,   509857,  'encounter_type',0,   'Adult Return Visit',         'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    509391,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    508195,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 7,   509721,  'encounter_type',0,   'Antenatal Visit',            'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    509390,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    508194,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 8,   432005,  'provider',      0,   'Grace Achieng',              'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    430195,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    430795,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 9,   348402,  'concept_upd',   0,   'Weight (kg)',                'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    343795,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    347995,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 10,  258326,  'xsn',           0,   'Adult Return Form',          'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'NOT_SUPPOSED_TO_SYNC',0,    257393,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('P', 11,  180010,  'patient',       0,   '',                           'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    178195,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    178795,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 12,  176687,  'encounter',     11,  '',                           'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    170995,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    175195,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 13,  90031,   'concept_upd',   0,   'Temperature (c)',            'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           1,    'COMMITTED',           1,    84595,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    88795,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 14,  57015,   'concept_upd',   0,   'Systolic blood pressure',    'NEW',                0,    NULL,    NULL,              NULL, 'COMMITTED',           2,    'COMMITTED',           1,    55795,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    56395,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 15,  42352,   'location',      0,   'Maternity Ward',             'NEW',                0,    NULL,    NULL,              NULL, 'FAILED',              1,    'COMMITTED',           1,    NULL,    'FAILED',                          1,    41995,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    'err_location'),
('P', 16,  24276,   'patient',       0,   '',                           'NEW',                0,    NULL,    NULL,              NULL, 'SENT',                1,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 23995,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 17,  18020,   'encounter',     16,  '',                           'NEW',                0,    NULL,    NULL,              NULL, 'SENT',                1,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 16795,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 18,  3604,    'provider',      0,   'Joseph Otieno',              'NEW',                0,    NULL,    NULL,              NULL, 'NEW',                 0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 2395,    'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('P', 19,  341,     'obs_void',      12,  '',                           'NEW',                0,    NULL,    NULL,              NULL, 'NEW',                 0,    'NEW',                 0,    NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 1,   504049,  'patient',       0,   '',                           'COMMITTED',          1,    502165,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 500995,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 2,   503433,  'encounter',     1,   '',                           'COMMITTED',          1,    502164,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 500994,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 3,   420017,  'patient',       0,   '',                           'COMMITTED',          1,    415765,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 414595,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 4,   419401,  'encounter',     3,   '',                           'COMMITTED',          1,    415764,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 414594,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 5,   354038,  'attr',          3,   '',                           'COMMITTED',          1,    350965,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 349795,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 6,   300022,  'patient',       0,   '',                           'COMMITTED',          1,    293365,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 292195,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 7,   299406,  'program',       6,   '',                           'COMMITTED',          1,    293364,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 292194,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 8,   252043,  'xsn',           0,   'Child Welfare Form (local)', 'NOT_SUPPOSED_TO_SYNC',0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 9,   222027,  'encounter',     1,   '',                           'COMMITTED',          1,    221365,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 220195,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 10,  168011,  'patient',       0,   '',                           'COMMITTED',          1,    163765,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 162595,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 11,  167448,  'encounter',     10,  '',                           'COMMITTED',          1,    163764,  'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 162594,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 12,  102032,  'obs_void',      9,   '',                           'COMMITTED',          1,    98965,   'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 97795,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 13,  72016,   'encounter',     6,   '',                           'COMMITTED',          1,    70165,   'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 68995,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 14,  62700,   'patient',       0,   '',                           'COMMITTED',          1,    5365,    'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 4195,    'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 15,  62317,   'encounter',     14,  '',                           'COMMITTED',          1,    5364,    'COMMITTED',       1,    'COMMITTED',           0,    'COMMITTED',           1,    NULL,    NULL,                              NULL, 4194,    'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL),
('A', 16,  61821,   'encounter',     10,  'local concept',              'FAILED',             1,    NULL,    'FAILED',          1,    NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, 'err_concept'),
('A', 17,  61205,   'attr',          14,  '',                           'SENT_AGAIN',         1,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 18,  60342,   'patient',       0,   '',                           'SENT_AGAIN',         1,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 19,  59726,   'encounter',     18,  '',                           'SEND_FAILED',        0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 20,  58810,   'program',       18,  '',                           'SEND_FAILED',        0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 21,  57047,   'encounter',     3,   '',                           'SEND_FAILED',        0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 22,  4831,    'patient',       0,   '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 23,  4215,    'encounter',     22,  '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 24,  2452,    'attr_del',      5,   '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('A', 25,  756,     'encounter',     6,   '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 1,   498050,  'patient',       0,   '',                           'COMMITTED',          1,    497365,  'COMMITTED',       1,    'COMMITTED',           1,    'COMMITTED',           0,    494995,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 2,   497314,  'encounter',     1,   '',                           'COMMITTED',          1,    495565,  'COMMITTED',       1,    'COMMITTED',           1,    'COMMITTED',           0,    494994,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 3,   450018,  'patient',       0,   '',                           'COMMITTED',          1,    448765,  'COMMITTED',       1,    'COMMITTED',           1,    'COMMITTED',           0,    444595,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 4,   360002,  'encounter',     3,   '',                           'COMMITTED',          1,    358765,  'COMMITTED',       1,    'COMMITTED',           1,    'COMMITTED',           0,    358195,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 5,   312219,  'patient',       0,   '',                           'COMMITTED',          1,    311965,  'COMMITTED',       1,    'COMMITTED',           1,    'COMMITTED',           0,    307795,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 6,   260423,  'encounter',     5,   '',                           'COMMITTED',          1,    259765,  'ALREADY_COMMITTED',1,    'COMMITTED',           1,    'COMMITTED',           0,    257395,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 7,   260107,  'attr',          5,   '',                           'COMMITTED',          1,    259764,  'ALREADY_COMMITTED',1,    'COMMITTED',           1,    'COMMITTED',           0,    257394,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 8,   210044,  'program',       5,   '',                           'COMMITTED',          1,    209365,  'COMMITTED',       1,    'COMMITTED',           1,    'COMMITTED',           0,    206995,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 9,   156028,  'patient',       0,   '',                           'COMMITTED',          1,    155365,  'COMMITTED',       1,    'COMMITTED',           1,    'COMMITTED',           0,    149395,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 10,  120012,  'encounter',     9,   '',                           'COMMITTED',          1,    119365,  'COMMITTED',       1,    'COMMITTED',           1,    'COMMITTED',           0,    113395,  'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 11,  77809,   'attr',          9,   '',                           'COMMITTED',          1,    76165,   'COMMITTED',       1,    'COMMITTED',           1,    'COMMITTED',           0,    70195,   'COMMITTED_AND_CONFIRMATION_SENT', 1,    NULL,    NULL,                              NULL, NULL),
('B', 12,  42153,   'encounter',     3,   '',                           'COMMITTED',          1,    41965,   'COMMITTED',       1,    'SENT',                1,    'COMMITTED',           0,    NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 13,  23717,   'patient',       0,   'duplicate id',               'FAILED_AND_STOPPED', 5,    NULL,    'FAILED',          5,    NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, 'err_identifier'),
('B', 14,  18001,   'encounter',     9,   '',                           'SENT_AGAIN',         3,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 15,  15638,   'attr',          3,   '',                           'SENT_AGAIN',         2,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 16,  14122,   'encounter',     1,   '',                           'SENT',               1,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 17,  12006,   'patient',       0,   '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 18,  9043,    'encounter',     17,  '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 19,  5427,    'obs_void',      10,  '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 20,  2711,    'encounter',     9,   '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 21,  1248,    'attr',          17,  '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL),
('B', 22,  212,     'encounter',     5,   '',                           'NEW',                0,    NULL,    NULL,              NULL, NULL,                  NULL, NULL,                  NULL, NULL,    NULL,                              NULL, NULL,    NULL,                              NULL, NULL);

-- Per-change values the payload templates use. u1..u4 are the entities the change creates,
-- ref_u1/ref_u2 those of the record it refers to; pat is the patient concerned.
CREATE TEMPORARY TABLE demo_ref AS SELECT origin, seq, kind, ref FROM demo_change;
CREATE TEMPORARY TABLE demo_item AS
SELECT c.origin, c.seq, c.kind, c.label, c.err,
       @now - INTERVAL c.created_s SECOND AS ts,
       CONCAT(DATE_FORMAT(@now - INTERVAL c.created_s SECOND, '%Y-%m-%dT%H:%i:%s.'),
              LPAD((c.seq * 137 + ASCII(c.origin)) % 1000, 3, '0'), '+0300') AS tsj,
       demo_uuid(CONCAT('rec:', c.origin, ':', c.seq)) AS rec_uuid,
       IF(c.kind = 'sync_user', demo_uuid(CONCAT('user:', c.label)), demo_uuid(CONCAT('ent:', c.origin, ':', c.seq, ':1'))) AS u1,
       IF(c.kind = 'sync_user', demo_uuid(CONCAT('person_name:', c.label)), demo_uuid(CONCAT('ent:', c.origin, ':', c.seq, ':2'))) AS u2,
       IF(c.kind = 'sync_user', demo_uuid(CONCAT('person:', c.label)), demo_uuid(CONCAT('ent:', c.origin, ':', c.seq, ':3'))) AS u3,
       demo_uuid(CONCAT('ent:', c.origin, ':', c.seq, ':4')) AS u4,
       demo_uuid(CONCAT('ent:', c.origin, ':', c.ref, ':1')) AS ref_u1,
       demo_uuid(CONCAT('ent:', c.origin, ':', c.ref, ':2')) AS ref_u2,
       demo_uuid(CONCAT('ent:', c.origin, ':', IF(c.kind = 'obs_void', r.ref, c.ref), ':1')) AS pat,
       demo_uuid(CONCAT('ent:P:', FIELD(c.origin, 'P', 'A', 'B') + 2, ':1')) AS loc,
       demo_uuid(CONCAT('ent:P:', IF(c.seq % 3 = 0, 7, 6), ':1')) AS enc_type,
       IF(c.label = 'local concept', demo_uuid('concept:A-local'), '5089AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') AS weight_concept,
       ELT(1 + (c.seq * 7 + ASCII(c.origin)) % 12, 'Amina', 'Baraka', 'Neema', 'Juma', 'Zawadi', 'Imani',
           'Halima', 'Otieno', 'Wanjiku', 'Kamau', 'Akinyi', 'Mwangi') AS given,
       ELT(1 + (c.seq * 7 + ASCII(c.origin)) % 12, 'F', 'M', 'F', 'M', 'F', 'F', 'F', 'M', 'F', 'M', 'F', 'M') AS gender,
       ELT(1 + (c.seq * 3 + ASCII(c.origin) * 5) % 10, 'Ochieng', 'Njoroge', 'Mutua', 'Wambui', 'Kiprono',
           'Chebet', 'Omondi', 'Mwakasege', 'Nyambura', 'Kariuki') AS family,
       ELT(1 + (c.seq * 5 + ASCII(c.origin)) % 6, 'Mary', 'Fatuma', 'Esther', 'Rehema', 'Agnes', 'Mercy') AS mother,
       CONCAT(ELT(FIELD(c.origin, 'P', 'A', 'B'), 'Kisumu Central', 'Nyalenda', 'Ahero'), ' ',
              ELT(1 + c.seq % 3, 'East', 'West', 'North')) AS village,
       DATE_FORMAT(DATE(@now) - INTERVAL (18 + c.seq * 13 % 50) YEAR - INTERVAL (c.seq * 37 % 365) DAY,
                   '%Y-%m-%dT00:00:00.000+0300') AS birthdate,
       CONCAT(45 + (c.seq * 7) % 40, '.', c.seq % 10) AS weight,
       CONCAT(36 + (c.seq * 3) % 3, '.', (c.seq * 7) % 10) AS temperature,
       -- OpenMRS ID: 6-digit base + '-' + Luhn check digit; B's "duplicate id" patient reuses the
       -- number of A's 10th change, a patient registered at A (the real cause of such failures).
       FIELD(IF(c.label = 'duplicate id', 'A', c.origin), 'P', 'A', 'B') * 100000 + 1000
         + IF(c.label = 'duplicate id', 10, c.seq) * 37 AS id_base
  FROM demo_change c LEFT JOIN demo_ref r ON r.origin = c.origin AND r.seq = c.ref;

ALTER TABLE demo_item ADD COLUMN ident VARCHAR(20), ADD COLUMN payload LONGTEXT, ADD COLUMN classes VARCHAR(1000),
  ADD PRIMARY KEY (origin, seq);
UPDATE demo_item SET ident = CONCAT(id_base, '-', (10 - (
    IF(id_base % 10 * 2 > 9, id_base % 10 * 2 - 9, id_base % 10 * 2) + FLOOR(id_base / 10) % 10
  + IF(FLOOR(id_base / 100) % 10 * 2 > 9, FLOOR(id_base / 100) % 10 * 2 - 9, FLOOR(id_base / 100) % 10 * 2)
  + FLOOR(id_base / 1000) % 10
  + IF(FLOOR(id_base / 10000) % 10 * 2 > 9, FLOOR(id_base / 10000) % 10 * 2 - 9, FLOOR(id_base / 10000) % 10 * 2)
  + FLOOR(id_base / 100000) % 10) % 10) % 10);

-- Payload templates (sync-module.md §4): <items> of <SyncItem containedType key state> with the
-- entity as CDATA XML, references as uuids, collection changes keyed "<owner uuid>|<property>"
-- (the module really writes the attribute "properyName"). classes = contained_classes: owners'
-- classes, comma-separated, in HashSet (arbitrary) order.
CREATE TEMPORARY TABLE demo_kind (kind VARCHAR(20) PRIMARY KEY, classes VARCHAR(1000), tpl TEXT);
INSERT INTO demo_kind VALUES
('patient', 'org.openmrs.PersonName,org.openmrs.PatientIdentifier,org.openmrs.Patient,org.openmrs.PersonAddress',
 '<items><SyncItem containedType="org.openmrs.Patient" key="{U1}" state="NEW"><content><![CDATA[<org.openmrs.Patient>'
 '<gender type="string">{GENDER}</gender><birthdate type="timestamp">{BIRTHDATE}</birthdate><birthdateEstimated type="boolean">false</birthdateEstimated>'
 '<dead type="boolean">false</dead><deathdateEstimated type="boolean">false</deathdateEstimated><voided type="boolean">false</voided>'
 '<personVoided type="boolean">false</personVoided><allergyStatus type="string">Unknown</allergyStatus>'
 '<creator type="org.openmrs.User">{CRE}</creator><personCreator type="org.openmrs.User">{CRE}</personCreator>'
 '<dateCreated type="timestamp">{TS}</dateCreated><personDateCreated type="timestamp">{TS}</personDateCreated>'
 '<uuid type="string">{U1}</uuid></org.openmrs.Patient>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.PersonName" key="{U2}" state="NEW"><content><![CDATA[<org.openmrs.PersonName>'
 '<creator type="org.openmrs.User">{CRE}</creator><voided type="boolean">false</voided><uuid type="string">{U2}</uuid>'
 '<person type="org.openmrs.Person">{U1}</person><preferred type="boolean">true</preferred><dateCreated type="timestamp">{TS}</dateCreated>'
 '<givenName type="string">{GIVEN}</givenName><familyName type="string">{FAMILY}</familyName></org.openmrs.PersonName>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.PatientIdentifier" key="{U3}" state="NEW"><content><![CDATA[<org.openmrs.PatientIdentifier>'
 '<identifier type="string">{IDENT}</identifier><identifierType type="org.openmrs.PatientIdentifierType">8d793bee-c2cc-11de-8d13-0010c6dffd0f</identifierType>'
 '<location type="org.openmrs.Location">{LOC}</location><patient type="org.openmrs.Patient">{U1}</patient><preferred type="boolean">true</preferred>'
 '<voided type="boolean">false</voided><creator type="org.openmrs.User">{CRE}</creator><dateCreated type="timestamp">{TS}</dateCreated>'
 '<uuid type="string">{U3}</uuid></org.openmrs.PatientIdentifier>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.PersonAddress" key="{U4}" state="NEW"><content><![CDATA[<org.openmrs.PersonAddress>'
 '<cityVillage type="string">{VILLAGE}</cityVillage><country type="string">Kenya</country><preferred type="boolean">true</preferred>'
 '<person type="org.openmrs.Person">{U1}</person><voided type="boolean">false</voided><creator type="org.openmrs.User">{CRE}</creator>'
 '<dateCreated type="timestamp">{TS}</dateCreated><uuid type="string">{U4}</uuid></org.openmrs.PersonAddress>]]></content></SyncItem>'
 '<SyncItem containedType="org.hibernate.collection.internal.PersistentSortedSet" key="{U1}|names" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSortedSet>'
 '<owner action="recreate" properyName="names" type="org.openmrs.Patient" uuid="{U1}"/><entry action="update" type="org.openmrs.PersonName" uuid="{U2}"/>'
 '</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem>'
 '<SyncItem containedType="org.hibernate.collection.internal.PersistentSortedSet" key="{U1}|identifiers" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSortedSet>'
 '<owner action="recreate" properyName="identifiers" type="org.openmrs.Patient" uuid="{U1}"/><entry action="update" type="org.openmrs.PatientIdentifier" uuid="{U3}"/>'
 '</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem>'
 '<SyncItem containedType="org.hibernate.collection.internal.PersistentSortedSet" key="{U1}|addresses" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSortedSet>'
 '<owner action="recreate" properyName="addresses" type="org.openmrs.Patient" uuid="{U1}"/><entry action="update" type="org.openmrs.PersonAddress" uuid="{U4}"/>'
 '</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem></items>'),
('encounter', 'org.openmrs.Obs,org.openmrs.Encounter',
 '<items><SyncItem containedType="org.openmrs.Encounter" key="{U1}" state="NEW"><content><![CDATA[<org.openmrs.Encounter>'
 '<encounterDatetime type="timestamp">{TS}</encounterDatetime><patient type="org.openmrs.Patient">{PAT}</patient>'
 '<location type="org.openmrs.Location">{LOC}</location><encounterType type="org.openmrs.EncounterType">{ENCTYPE}</encounterType>'
 '<voided type="boolean">false</voided><creator type="org.openmrs.User">{CRE}</creator><dateCreated type="timestamp">{TS}</dateCreated>'
 '<uuid type="string">{U1}</uuid></org.openmrs.Encounter>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.Obs" key="{U2}" state="NEW"><content><![CDATA[<org.openmrs.Obs>'
 '<person type="org.openmrs.Person">{PAT}</person><concept type="org.openmrs.Concept">{WEIGHTCONCEPT}</concept>'
 '<encounter type="org.openmrs.Encounter">{U1}</encounter><obsDatetime type="timestamp">{TS}</obsDatetime>'
 '<location type="org.openmrs.Location">{LOC}</location><valueNumeric type="double">{WEIGHT}</valueNumeric>'
 '<status type="string">FINAL</status><voided type="boolean">false</voided><creator type="org.openmrs.User">{CRE}</creator>'
 '<dateCreated type="timestamp">{TS}</dateCreated><uuid type="string">{U2}</uuid></org.openmrs.Obs>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.Obs" key="{U3}" state="NEW"><content><![CDATA[<org.openmrs.Obs>'
 '<person type="org.openmrs.Person">{PAT}</person><concept type="org.openmrs.Concept">5088AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</concept>'
 '<encounter type="org.openmrs.Encounter">{U1}</encounter><obsDatetime type="timestamp">{TS}</obsDatetime>'
 '<location type="org.openmrs.Location">{LOC}</location><valueNumeric type="double">{TEMPERATURE}</valueNumeric>'
 '<status type="string">FINAL</status><voided type="boolean">false</voided><creator type="org.openmrs.User">{CRE}</creator>'
 '<dateCreated type="timestamp">{TS}</dateCreated><uuid type="string">{U3}</uuid></org.openmrs.Obs>]]></content></SyncItem>'
 '<SyncItem containedType="org.hibernate.collection.internal.PersistentSet" key="{U1}|obs" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSet>'
 '<owner action="recreate" properyName="obs" type="org.openmrs.Encounter" uuid="{U1}"/><entry action="update" type="org.openmrs.Obs" uuid="{U2}"/>'
 '<entry action="update" type="org.openmrs.Obs" uuid="{U3}"/></org.hibernate.collection.internal.PersistentSet>]]></content></SyncItem></items>'),
('obs_void', 'org.openmrs.Obs',
 '<items><SyncItem containedType="org.openmrs.Obs" key="{REF2}" state="UPDATED"><content><![CDATA[<org.openmrs.Obs>'
 '<person type="org.openmrs.Person">{PAT}</person><concept type="org.openmrs.Concept">5089AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</concept>'
 '<encounter type="org.openmrs.Encounter">{REF1}</encounter><status type="string">FINAL</status>'
 '<voided type="boolean">true</voided><voidedBy type="org.openmrs.User">{CRE}</voidedBy><dateVoided type="timestamp">{TS}</dateVoided>'
 '<voidReason type="string">Entered in error</voidReason><uuid type="string">{REF2}</uuid></org.openmrs.Obs>]]></content></SyncItem></items>'),
('attr', 'org.openmrs.PersonAttribute,org.openmrs.Patient',
 '<items><SyncItem containedType="org.openmrs.PersonAttribute" key="{U1}" state="NEW"><content><![CDATA[<org.openmrs.PersonAttribute>'
 '<attributeType type="org.openmrs.PersonAttributeType">8d871d18-c2cc-11de-8d13-0010c6dffd0f</attributeType>'
 '<person type="org.openmrs.Person">{PAT}</person><value type="string">{MOTHER}</value><voided type="boolean">false</voided>'
 '<creator type="org.openmrs.User">{CRE}</creator><dateCreated type="timestamp">{TS}</dateCreated><uuid type="string">{U1}</uuid>'
 '</org.openmrs.PersonAttribute>]]></content></SyncItem>'
 '<SyncItem containedType="org.hibernate.collection.internal.PersistentSortedSet" key="{PAT}|attributes" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSortedSet>'
 '<owner action="update" properyName="attributes" type="org.openmrs.Patient" uuid="{PAT}"/><entry action="update" type="org.openmrs.PersonAttribute" uuid="{U1}"/>'
 '</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem></items>'),
('attr_del', 'org.openmrs.PersonAttribute',
 '<items><SyncItem containedType="org.openmrs.PersonAttribute" key="{REF1}" state="DELETED"><content><![CDATA[<org.openmrs.PersonAttribute>'
 '<uuid type="string">{REF1}</uuid></org.openmrs.PersonAttribute>]]></content></SyncItem></items>'),
('program', 'org.openmrs.PatientState,org.openmrs.PatientProgram',
 '<items><SyncItem containedType="org.openmrs.PatientProgram" key="{U1}" state="NEW"><content><![CDATA[<org.openmrs.PatientProgram>'
 '<patient type="org.openmrs.Patient">{PAT}</patient><program type="org.openmrs.Program">{PROGRAM}</program>'
 '<dateEnrolled type="timestamp">{TS}</dateEnrolled><location type="org.openmrs.Location">{LOC}</location>'
 '<voided type="boolean">false</voided><creator type="org.openmrs.User">{CRE}</creator><dateCreated type="timestamp">{TS}</dateCreated>'
 '<uuid type="string">{U1}</uuid></org.openmrs.PatientProgram>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.PatientState" key="{U2}" state="NEW"><content><![CDATA[<org.openmrs.PatientState>'
 '<patientProgram type="org.openmrs.PatientProgram">{U1}</patientProgram><state type="org.openmrs.ProgramWorkflowState">{PROGSTATE}</state>'
 '<startDate type="timestamp">{TS}</startDate><voided type="boolean">false</voided><creator type="org.openmrs.User">{CRE}</creator>'
 '<dateCreated type="timestamp">{TS}</dateCreated><uuid type="string">{U2}</uuid></org.openmrs.PatientState>]]></content></SyncItem>'
 '<SyncItem containedType="org.hibernate.collection.internal.PersistentSet" key="{U1}|states" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSet>'
 '<owner action="recreate" properyName="states" type="org.openmrs.PatientProgram" uuid="{U1}"/><entry action="update" type="org.openmrs.PatientState" uuid="{U2}"/>'
 '</org.hibernate.collection.internal.PersistentSet>]]></content></SyncItem></items>'),
('location', 'org.openmrs.Location',
 '<items><SyncItem containedType="org.openmrs.Location" key="{U1}" state="NEW"><content><![CDATA[<org.openmrs.Location>'
 '<name type="string">{LABEL}</name><description type="string">{LABEL} (demo site)</description><cityVillage type="string">{VILLAGE}</cityVillage>'
 '<country type="string">Kenya</country>{PARENTLOC}<retired type="boolean">false</retired><creator type="org.openmrs.User">{CRE}</creator>'
 '<dateCreated type="timestamp">{TS}</dateCreated><uuid type="string">{U1}</uuid></org.openmrs.Location>]]></content></SyncItem></items>'),
('encounter_type', 'org.openmrs.EncounterType',
 '<items><SyncItem containedType="org.openmrs.EncounterType" key="{U1}" state="NEW"><content><![CDATA[<org.openmrs.EncounterType>'
 '<name type="string">{LABEL}</name><description type="string">{LABEL} (shared by all demo sites)</description>'
 '<retired type="boolean">false</retired><creator type="org.openmrs.User">{CRE}</creator><dateCreated type="timestamp">{TS}</dateCreated>'
 '<uuid type="string">{U1}</uuid></org.openmrs.EncounterType>]]></content></SyncItem></items>'),
('provider', 'org.openmrs.Person,org.openmrs.PersonName,org.openmrs.Provider',
 '<items><SyncItem containedType="org.openmrs.Person" key="{U2}" state="NEW"><content><![CDATA[<org.openmrs.Person>'
 '<gender type="string">{GENDER}</gender><birthdateEstimated type="boolean">false</birthdateEstimated><dead type="boolean">false</dead>'
 '<deathdateEstimated type="boolean">false</deathdateEstimated><voided type="boolean">false</voided><creator type="org.openmrs.User">{CRE}</creator>'
 '<dateCreated type="timestamp">{TS}</dateCreated><uuid type="string">{U2}</uuid></org.openmrs.Person>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.PersonName" key="{U3}" state="NEW"><content><![CDATA[<org.openmrs.PersonName>'
 '<creator type="org.openmrs.User">{CRE}</creator><voided type="boolean">false</voided><uuid type="string">{U3}</uuid>'
 '<person type="org.openmrs.Person">{U2}</person><preferred type="boolean">true</preferred><dateCreated type="timestamp">{TS}</dateCreated>'
 '<givenName type="string">{LABELGIVEN}</givenName><familyName type="string">{LABELFAMILY}</familyName></org.openmrs.PersonName>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.Provider" key="{U1}" state="NEW"><content><![CDATA[<org.openmrs.Provider>'
 '<person type="org.openmrs.Person">{U2}</person><identifier type="string">PRV-{IDENT}</identifier><retired type="boolean">false</retired>'
 '<creator type="org.openmrs.User">{CRE}</creator><dateCreated type="timestamp">{TS}</dateCreated><uuid type="string">{U1}</uuid>'
 '</org.openmrs.Provider>]]></content></SyncItem>'
 '<SyncItem containedType="org.hibernate.collection.internal.PersistentSortedSet" key="{U2}|names" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSortedSet>'
 '<owner action="recreate" properyName="names" type="org.openmrs.Person" uuid="{U2}"/><entry action="update" type="org.openmrs.PersonName" uuid="{U3}"/>'
 '</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem></items>'),
('concept_upd', 'org.openmrs.ConceptDescription,org.openmrs.ConceptNumeric',
 '<items><SyncItem containedType="org.openmrs.ConceptNumeric" key="{CONCEPT}" state="UPDATED"><content><![CDATA[<org.openmrs.ConceptNumeric>'
 '<changedBy type="org.openmrs.User">{CRE}</changedBy><creator type="org.openmrs.User">{CRE}</creator><retired type="boolean">false</retired>'
 '<set type="boolean">false</set><uuid type="string">{CONCEPT}</uuid><datatype type="org.openmrs.ConceptDatatype">8d4a4488-c2cc-11de-8d13-0010c6dffd0f</datatype>'
 '<dateCreated type="timestamp">2004-01-01T00:00:00.000+0300</dateCreated><dateChanged type="timestamp">{TS}</dateChanged>'
 '<conceptClass type="org.openmrs.ConceptClass">8d4907b2-c2cc-11de-8d13-0010c6dffd0f</conceptClass><allowDecimal type="boolean">true</allowDecimal>'
 '<version type="string"></version></org.openmrs.ConceptNumeric>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.ConceptDescription" key="{U1}" state="UPDATED"><content><![CDATA[<org.openmrs.ConceptDescription>'
 '<locale type="locale">en</locale><changedBy type="org.openmrs.User">{CRE}</changedBy><creator type="org.openmrs.User">{CRE}</creator>'
 '<uuid type="string">{U1}</uuid><concept type="org.openmrs.Concept">{CONCEPT}</concept>'
 '<description type="string">{LABEL}: ranges reviewed by the district team</description>'
 '<dateCreated type="timestamp">2004-01-01T00:00:00.000+0300</dateCreated><dateChanged type="timestamp">{TS}</dateChanged>'
 '</org.openmrs.ConceptDescription>]]></content></SyncItem></items>'),
('xsn', 'org.openmrs.module.formentry.FormEntryXsn',
 '<items><SyncItem containedType="org.openmrs.module.formentry.FormEntryXsn" key="{U1}" state="NEW"><content><![CDATA[<org.openmrs.module.formentry.FormEntryXsn>'
 '<form type="org.openmrs.Form">{U2}</form><xsnData type="binary">TVNDRgAAAAB7pQAAAAAAACwAAAAAAAAAAwEBAAgAAAAAAAAAkQAAAAIAAQA=</xsnData>'
 '<archived type="boolean">false</archived><creator type="org.openmrs.User">{CRE}</creator><dateCreated type="timestamp">{TS}</dateCreated>'
 '<uuid type="string">{U1}</uuid></org.openmrs.module.formentry.FormEntryXsn>]]></content></SyncItem></items>'),
('sync_user', 'org.openmrs.PersonName,org.openmrs.api.db.LoginCredential,org.openmrs.User,org.openmrs.Person',
 '<items><SyncItem containedType="org.openmrs.Person" key="{U3}" state="NEW"><content><![CDATA[<org.openmrs.Person>'
 '<gender type="string">M</gender><birthdate type="timestamp">{TODAY}</birthdate><birthdateEstimated type="boolean">false</birthdateEstimated>'
 '<dead type="boolean">false</dead><deathdateEstimated type="boolean">false</deathdateEstimated><voided type="boolean">false</voided>'
 '<creator type="org.openmrs.User">{CRE}</creator><dateCreated type="timestamp">{TS}</dateCreated><uuid type="string">{U3}</uuid></org.openmrs.Person>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.PersonName" key="{U2}" state="NEW"><content><![CDATA[<org.openmrs.PersonName>'
 '<creator type="org.openmrs.User">{CRE}</creator><voided type="boolean">false</voided><uuid type="string">{U2}</uuid>'
 '<person type="org.openmrs.Person">{U3}</person><preferred type="boolean">true</preferred><dateCreated type="timestamp">{TS}</dateCreated>'
 '<givenName type="string">Synchronization Service</givenName><familyName type="string">{NICKNAME}</familyName></org.openmrs.PersonName>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.User" key="{U1}" state="NEW"><content><![CDATA[<org.openmrs.User>'
 '<systemId type="string">{SYSTEMID}</systemId><username type="string">{USERNAME}</username><person type="org.openmrs.Person">{U3}</person>'
 '<retired type="boolean">false</retired><creator type="org.openmrs.User">{CRE}</creator><dateCreated type="timestamp">{TS}</dateCreated>'
 '<uuid type="string">{U1}</uuid></org.openmrs.User>]]></content></SyncItem>'
 '<SyncItem containedType="org.openmrs.api.db.LoginCredential" key="{U1}" state="UPDATED"><content><![CDATA[<org.openmrs.api.db.LoginCredential>'
 '<changedBy type="org.openmrs.User">{CRE}</changedBy><salt type="string">{SALT}</salt><uuid type="string">{U1}</uuid>'
 '<hashedPassword type="string">{HASH}</hashedPassword><dateChanged type="timestamp">{TS}</dateChanged></org.openmrs.api.db.LoginCredential>]]></content></SyncItem>'
 '<SyncItem containedType="org.hibernate.collection.internal.PersistentSortedSet" key="{U3}|names" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSortedSet>'
 '<owner action="recreate" properyName="names" type="org.openmrs.Person" uuid="{U3}"/><entry action="update" type="org.openmrs.PersonName" uuid="{U2}"/>'
 '</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem>'
 '<SyncItem containedType="org.hibernate.collection.internal.PersistentSet" key="{U1}|roles" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSet>'
 '<owner action="recreate" properyName="roles" type="org.openmrs.User" uuid="{U1}"/><entry action="update" type="org.openmrs.Role" uuid="8d94f852-c2cc-11de-8d13-0010c6dffd0f"/>'
 '</org.hibernate.collection.internal.PersistentSet>]]></content></SyncItem></items>');

UPDATE demo_item i JOIN demo_kind k ON k.kind = i.kind
  LEFT JOIN demo_child ch ON i.kind = 'sync_user' AND ch.code = i.label
   SET i.classes = k.classes,
       i.payload =
  REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(
  REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(
  REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(k.tpl,
    '{U1}', i.u1), '{U2}', i.u2), '{U3}', i.u3), '{U4}', i.u4), '{REF1}', i.ref_u1), '{REF2}', i.ref_u2),
    '{PAT}', i.pat), '{LOC}', i.loc), '{ENCTYPE}', i.enc_type), '{WEIGHTCONCEPT}', i.weight_concept),
    '{CRE}', @admin_uuid), '{TS}', i.tsj), '{GENDER}', i.gender), '{GIVEN}', i.given), '{FAMILY}', i.family),
    '{MOTHER}', i.mother), '{VILLAGE}', i.village), '{BIRTHDATE}', i.birthdate), '{WEIGHT}', i.weight),
    '{TEMPERATURE}', i.temperature), '{IDENT}', i.ident), '{LABEL}', i.label),
    '{LABELGIVEN}', SUBSTRING_INDEX(i.label, ' ', 1)), '{LABELFAMILY}', SUBSTRING_INDEX(i.label, ' ', -1)),
    '{CONCEPT}', CASE i.label WHEN 'Weight (kg)' THEN '5089AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
                               WHEN 'Temperature (c)' THEN '5088AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
                               ELSE '5085AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' END),
    '{PARENTLOC}', IF(i.label = 'Maternity Ward',
                      CONCAT('<parentLocation type="org.openmrs.Location">', demo_uuid('ent:P:3:1'), '</parentLocation>'), '')),
    '{PROGRAM}', demo_uuid('program:antenatal')), '{PROGSTATE}', demo_uuid('program:antenatal:state:enrolled')),
    '{TODAY}', CONCAT(LEFT(i.tsj, 10), 'T00:00:00.000+0300')),
    '{NICKNAME}', COALESCE(ch.nickname, ''));
UPDATE demo_item i JOIN demo_child ch ON i.kind = 'sync_user' AND ch.code = i.label
   SET i.payload = REPLACE(REPLACE(REPLACE(REPLACE(i.payload,
       '{SYSTEMID}', LEFT(CONCAT(@parent_name, '_', ch.user_id, ch.check_digit), 50)),
       '{USERNAME}', ch.username),
       '{SALT}', SHA2(CONCAT('salt:', ch.code), 512)),
       '{HASH}', SHA2(CONCAT(ch.password, SHA2(CONCAT('salt:', ch.code), 512)), 512));

-- Failure texts of the three changes that failed somewhere.
ALTER TABLE demo_item ADD COLUMN err_text TEXT;
UPDATE demo_item SET err_text = CASE err
  WHEN 'err_concept' THEN CONCAT('Unable to find object of type org.openmrs.Concept with uuid ',
       weight_concept, ' (property concept of org.openmrs.Obs ', u2, ')')
  WHEN 'err_identifier' THEN CONCAT('org.openmrs.api.IdentifierNotUniqueException: Identifier ', ident,
       ' already in use by another patient')
  WHEN 'err_location' THEN CONCAT('org.openmrs.api.ValidationException: ''Location: ', label,
       ''' failed to validate with reason: name: a location with this name already exists')
  END WHERE err IS NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- This site's sync_record rows: its own changes (uuid = original_uuid) and the copies it made
-- when it ingested other sites' changes (new uuid, original_uuid kept; on the parent state NEW
-- and created by the child's account, on a child COMMITTED and created by the scheduler user).
-- ---------------------------------------------------------------------------------------------
CREATE TEMPORARY TABLE demo_rec (
  rec_uuid CHAR(36) NOT NULL, original_uuid CHAR(36) NOT NULL, creator CHAR(36), ts DATETIME NOT NULL,
  retry INT NOT NULL, state VARCHAR(32) NOT NULL, origin CHAR(1) NOT NULL, seq INT NOT NULL, age_s INT NOT NULL);
INSERT INTO demo_rec
SELECT demo_uuid(CONCAT('rec:', origin, ':', seq)), demo_uuid(CONCAT('rec:', origin, ':', seq)), @admin_uuid,
       @now - INTERVAL created_s SECOND, o_retry, o_state, origin, seq, created_s
  FROM demo_change WHERE origin = @code;
INSERT INTO demo_rec
SELECT demo_uuid(CONCAT('rec:', origin, ':', seq, '@', @code)), demo_uuid(CONCAT('rec:', origin, ':', seq)),
       IF(@code = 'P', demo_uuid(CONCAT('user:', origin)), @admin_uuid),
       @now - INTERVAL ELT(FIELD(@code, 'P', 'A', 'B'), p_copy_s, a_copy_s, b_copy_s) SECOND,
       0, IF(@code = 'P', 'NEW', 'COMMITTED'), origin, seq, ELT(FIELD(@code, 'P', 'A', 'B'), p_copy_s, a_copy_s, b_copy_s)
  FROM demo_change
 WHERE origin <> @code AND ELT(FIELD(@code, 'P', 'A', 'B'), p_copy_s, a_copy_s, b_copy_s) IS NOT NULL;

INSERT INTO sync_record (uuid, creator, database_version, timestamp, retry_count, state, payload,
  contained_classes, original_uuid)
SELECT r.rec_uuid, r.creator, @database_version, r.ts, r.retry, r.state, i.payload, i.classes, r.original_uuid
  FROM demo_rec r JOIN demo_item i ON i.origin = r.origin AND i.seq = r.seq
 ORDER BY r.age_s DESC, r.origin, r.seq;

-- Parent only: delivery state per child (one row per record and CHILD server that existed when
-- the record was made; none for the child a copy came from other than its COMMITTED row).
INSERT INTO sync_server_record (server_id, record_id, state, retry_count, error_message)
SELECT s.server_id, sr.record_id,
       IF(s.server_id = 1, c.a_state, c.b_state), IF(s.server_id = 1, c.a_retry, c.b_retry),
       IF(IF(s.server_id = 1, c.a_state, c.b_state) = 'FAILED', i.err_text, NULL)
  FROM sync_record sr
  JOIN demo_rec r ON r.rec_uuid = sr.uuid
  JOIN demo_change c ON c.origin = r.origin AND c.seq = r.seq
  JOIN demo_item i ON i.origin = r.origin AND i.seq = r.seq
  JOIN sync_server s ON s.server_type = 'CHILD'
 WHERE @code = 'P' AND IF(s.server_id = 1, c.a_state, c.b_state) IS NOT NULL
 ORDER BY sr.record_id, s.server_id;

-- Incoming records this site processed, keyed by the original uuid; timestamp/creator are the
-- sender's record's; payload is never stored; source = the sending server.
INSERT INTO sync_import (uuid, creator, database_version, timestamp, retry_count, state, payload,
  error_message, source_server_id)
SELECT demo_uuid(CONCAT('rec:', c.origin, ':', c.seq)),
       IF(@code = 'P' OR c.origin = 'P', @admin_uuid, demo_uuid(CONCAT('user:', c.origin))),
       @database_version,
       @now - INTERVAL IF(@code = 'P' OR c.origin = 'P', c.created_s, c.p_copy_s) SECOND,
       ELT(FIELD(@code, 'P', 'A', 'B'), c.p_imp_retry, c.a_imp_retry, c.b_imp_retry),
       ELT(FIELD(@code, 'P', 'A', 'B'), c.p_imp_state, c.a_imp_state, c.b_imp_state),
       NULL,
       IF(ELT(FIELD(@code, 'P', 'A', 'B'), c.p_imp_state, c.a_imp_state, c.b_imp_state) = 'FAILED', i.err_text, NULL),
       IF(@code = 'P', FIELD(c.origin, 'A', 'B'), 1)
  FROM demo_change c JOIN demo_item i ON i.origin = c.origin AND i.seq = c.seq
 WHERE ELT(FIELD(@code, 'P', 'A', 'B'), c.p_imp_state, c.a_imp_state, c.b_imp_state) IS NOT NULL
 ORDER BY IF(@code = 'P' OR c.origin = 'P', c.created_s, c.p_copy_s) DESC, c.origin, c.seq;

-- Failed HTTP transmissions (only FAILURE rows are ever written; no record links).
INSERT INTO sync_transmission_log (run_by, run_at, status, error_message, detailed_error, server_id)
SELECT 1, @now - INTERVAL 55760 SECOND, 'FAILURE', 'java.net.SocketException: Connection reset',
       CONCAT('java.net.SocketException: Connection reset\n',
              '\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java)\n',
              '\tat org.apache.commons.httpclient.HttpMethodBase.readResponse(HttpMethodBase.java)\n',
              '\tat org.apache.commons.httpclient.HttpMethodDirector.executeMethod(HttpMethodDirector.java)\n',
              '\tat org.openmrs.module.sync.server.ServerConnection.sendExportedData(ServerConnection.java)\n',
              '\tat org.openmrs.module.sync.SyncUtilTransmission.sendSyncTransmission(SyncUtilTransmission.java)\n',
              '\tat org.openmrs.module.sync.SyncUtilTransmission.doFullSynchronize(SyncUtilTransmission.java)\n',
              '\tat org.openmrs.module.sync.SyncTask.execute(SyncTask.java)\n'), 1
  FROM DUAL WHERE @code = 'A'
UNION ALL
SELECT 1, @now - INTERVAL 259750 SECOND, 'FAILURE', 'java.net.SocketTimeoutException: Read timed out',
       CONCAT('java.net.SocketTimeoutException: Read timed out\n',
              '\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java)\n',
              '\tat org.apache.commons.httpclient.HttpMethodBase.readResponse(HttpMethodBase.java)\n',
              '\tat org.apache.commons.httpclient.HttpMethodDirector.executeMethod(HttpMethodDirector.java)\n',
              '\tat org.openmrs.module.sync.server.ServerConnection.sendExportedData(ServerConnection.java)\n',
              '\tat org.openmrs.module.sync.SyncUtilTransmission.sendSyncTransmission(SyncUtilTransmission.java)\n',
              '\tat org.openmrs.module.sync.SyncUtilTransmission.doFullSynchronize(SyncUtilTransmission.java)\n',
              '\tat org.openmrs.module.sync.SyncTask.execute(SyncTask.java)\n'), 1
  FROM DUAL WHERE @code = 'B';

DROP FUNCTION demo_uuid;
DROP TEMPORARY TABLE demo_params, demo_gp, demo_child, demo_change, demo_ref, demo_item, demo_kind, demo_rec;
