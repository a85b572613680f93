-- Scale data for the Sync tables of ONE database (the demo's parent): N more sync_record rows with
-- module-shaped payloads, one sync_server_record per record and non-parent server, sync_import
-- rows for the incoming ones, and sync_transmission_log FAILURE rows. Set-based (MariaDB's
-- SEQUENCE engine), so a million records takes minutes (about 4 on 2 cores). Sourced by tests/lib/demo.sh
-- demo_generate_records, which checks the parameters and that the Sync tables exist.
--
-- Parameters (user variables set before this file is sourced):
--   @gen_n         records to add (>= 1)
--   @gen_children  make sure at least this many CHILD rows exist in sync_server (adds "Demo Child
--                  C (Dispensary)", ... with their OpenMRS accounts, as the module's add-child
--                  form does); existing servers are never changed or removed
--   @now           reference time 'YYYY-MM-DD HH:MM:SS' (NULL: NOW()); everything is relative to
--                  it, and everything else is a function of the record's position i (1..N) and
--                  the database's current highest record_id, so a run is reproducible
--
-- The data (sync-module.md §1.2 columns, §3 states, §3.6 contained_classes, §4 payloads):
--   * Record i is made at age (N - i) * span / N seconds before @now, span = LEAST(180 days,
--     N minutes): oldest first, so record_id order is timestamp order. record_id = base + i
--     (base = the highest record_id before the run).
--   * Kind by i % 16: 0,8 new patient (Patient, PersonName, PatientIdentifier); 1,2,4,6,9,11,14
--     encounter with two obs; 3,7,13 one more obs in the previous encounter; 5 patient name
--     corrected; 10 obs voided; 12 new user (Person, PersonName, User, LoginCredential);
--     15 obs deleted. References point at the entities of the earlier records they belong to.
--   * Origin by i % 10: 0-5 made here (uuid = original_uuid); 6-9 ingested from the non-parent
--     server of rank 1 + (i % 10 - 6) % C (new uuid, original_uuid = the sender's, creator = that
--     child's account, and a sync_import row COMMITTED, or ALREADY_COMMITTED when i % 50 = 7).
--     Rank = position by server_id among the C servers whose type is not PARENT.
--   * The blocked queue: record b = the newest record at least 12 hours old (moved back to a local
--     one: i % 10 = 5) is FAILED_AND_STOPPED (retry 5) in sync_record and in the rank-1 server's
--     sync_server_record, with an error_message; every later record is still in that server's
--     queue (NEW, PENDING_SEND, SENT, SENT_AGAIN, SEND_FAILED, FAILED).
--   * States, with r = (i * 7919 + 331 * rank) % 1000 (rank 0 for sync_record):
--       queued part  r < 100 SENT, < 150 SENT_AGAIN, < 160 PENDING_SEND, < 200 SEND_FAILED,
--                    < 215 FAILED, else NEW
--       older part   r < 40 NOT_SUPPOSED_TO_SYNC, < 50 ALREADY_COMMITTED,
--                    < 55 COMMITTED_AND_CONFIRMATION_SENT, < 65 REJECTED, else COMMITTED
--     The queued part is i > b for sync_record and the rank-1 server, and the records younger
--     than 1800 * (2 * rank - 3) seconds for the other ranks (30 min, 90 min, ...). A server's
--     row for a record it sent itself is COMMITTED (retry 0). (A top-level parent really keeps
--     sync_record.state NEW, §3.2; the states are spread there too so that every screen and
--     filter has something to show at scale.)
--   * sync_import also gets one refused record per 500 (i % 500 = 250): FAILED, REJECTED,
--     NOT_SUPPOSED_TO_SYNC, FAILED in turn by i DIV 500, from rank 1 + (i DIV 500) % C.
--   * sync_transmission_log: GREATEST(1, N DIV 1000) FAILURE rows, spread over the span, the
--     servers taken in turn. (No non-parent server: no server, import or log rows at all.)
-- All rows are added in one transaction; the helper functions gen_* are dropped at the end.

-- utf8mb4 whatever the client's locale made the connection (LC_ALL=C gives latin1).
SET NAMES utf8mb4;
SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
SET @now = CAST(COALESCE(@now, NOW()) AS DATETIME);
SET @gen_span = LEAST(15552000, @gen_n * 60);
SET @gen_version = COALESCE((SELECT database_version FROM sync_record ORDER BY record_id DESC LIMIT 1), '3.0.0-4d92b4');
SET @gen_admin = (SELECT uuid FROM users WHERE user_id = 1);
SET @gen_site = COALESCE((SELECT property_value FROM global_property WHERE property = 'sync.server_name'), 'Demo Parent');

-- The uuid of a key, shaped as a version-4 uuid (variant 'a'); MD5 is evaluated once.
DROP FUNCTION IF EXISTS gen_uuid;
CREATE FUNCTION gen_uuid(k VARCHAR(255)) RETURNS CHAR(36) DETERMINISTIC
  RETURN INSERT(INSERT(INSERT(INSERT(INSERT(INSERT(MD5(CONCAT('omrs-console-gen:', k)),
         13, 1, '4'), 17, 1, 'a'), 9, 0, '-'), 14, 0, '-'), 19, 0, '-'), 24, 0, '-');
-- seed-sync.sql's demo_uuid, to point at the demo's locations and encounter types.
DROP FUNCTION IF EXISTS gen_demo_uuid;
CREATE FUNCTION gen_demo_uuid(k VARCHAR(255)) RETURNS CHAR(36) DETERMINISTIC
  RETURN CONCAT(SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 1, 8), '-',
                SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 9, 4), '-4',
                SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 14, 3), '-',
                SUBSTR('89ab', 1 + CONV(SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 17, 1), 16, 10) % 4, 1),
                SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 18, 3), '-',
                SUBSTR(MD5(CONCAT('omrs-console-demo:', k)), 21, 12));
-- Locations of the parent, child A, child B; encounter types Adult Return / Antenatal Visit.
SET @gen_loc_p = gen_demo_uuid('ent:P:3:1'), @gen_loc_a = gen_demo_uuid('ent:P:4:1'),
    @gen_loc_b = gen_demo_uuid('ent:P:5:1'),
    @gen_et_adult = gen_demo_uuid('ent:P:6:1'), @gen_et_anc = gen_demo_uuid('ent:P:7:1');

-- The rules of the header, once each. r is the position's pseudo-random number 0..999.
DROP FUNCTION IF EXISTS gen_state;
CREATE FUNCTION gen_state(queued BOOL, blocked BOOL, r INT) RETURNS VARCHAR(32) DETERMINISTIC
  RETURN CASE WHEN blocked THEN 'FAILED_AND_STOPPED'
              WHEN queued THEN CASE WHEN r < 100 THEN 'SENT' WHEN r < 150 THEN 'SENT_AGAIN'
                                    WHEN r < 160 THEN 'PENDING_SEND' WHEN r < 200 THEN 'SEND_FAILED'
                                    WHEN r < 215 THEN 'FAILED' ELSE 'NEW' END
              ELSE CASE WHEN r < 40 THEN 'NOT_SUPPOSED_TO_SYNC' WHEN r < 50 THEN 'ALREADY_COMMITTED'
                        WHEN r < 55 THEN 'COMMITTED_AND_CONFIRMATION_SENT' WHEN r < 65 THEN 'REJECTED'
                        ELSE 'COMMITTED' END END;
-- retry_count counts send attempts (§3.4): none yet for NEW, given back after SEND_FAILED.
DROP FUNCTION IF EXISTS gen_retry;
CREATE FUNCTION gen_retry(state VARCHAR(32), r INT) RETURNS INT DETERMINISTIC
  RETURN CASE state WHEN 'NEW' THEN 0 WHEN 'PENDING_SEND' THEN 0 WHEN 'NOT_SUPPOSED_TO_SYNC' THEN 0
                    WHEN 'SENT' THEN 1 WHEN 'SENT_AGAIN' THEN 2 + r % 3 WHEN 'SEND_FAILED' THEN r % 3
                    WHEN 'FAILED' THEN 1 + r % 4 WHEN 'FAILED_AND_STOPPED' THEN 5
                    WHEN 'ALREADY_COMMITTED' THEN 2 WHEN 'COMMITTED' THEN IF(r % 9 = 0, 2, 1) ELSE 1 END;
-- What a receiver says when it cannot apply a record of that kind (slot = i % 16).
DROP FUNCTION IF EXISTS gen_error;
CREATE FUNCTION gen_error(slot INT, r INT) RETURNS TEXT DETERMINISTIC
  RETURN CASE
    WHEN slot IN (0, 8) THEN CONCAT('org.openmrs.api.IdentifierNotUniqueException: Identifier ',
         LPAD(100000 + r * 37, 7, '0'), ' already in use by another patient')
    WHEN slot = 12 THEN 'org.hibernate.exception.ConstraintViolationException: Duplicate entry for key ''username'''
    WHEN slot = 5 THEN 'org.openmrs.api.ValidationException: ''PersonName'' failed to validate with reason: familyName: Name cannot be blank'
    WHEN r % 2 = 0 THEN 'org.openmrs.api.APIException: Unable to find object of type org.openmrs.Concept (property concept of org.openmrs.Obs)'
    ELSE 'org.hibernate.exception.ConstraintViolationException: could not insert: [org.openmrs.Obs]' END;

-- One transaction from here on: a failed run (the client stops at the first error) leaves the
-- tables as they were.
START TRANSACTION;

-- ---------------------------------------------------------------------------------------------
-- Children: add CHILD rows up to @gen_children, each as the add-child form makes it (§5, §6.8):
-- an account on this site (person "Synchronization Service <nickname>", role System Developer),
-- address/username/password 'N/A', and one sync_server_class row per sync_class (defaults).
-- ---------------------------------------------------------------------------------------------
SET @gen_have = (SELECT COUNT(*) FROM sync_server WHERE server_type = 'CHILD');
SET @gen_person = (SELECT COALESCE(MAX(person_id), 0) FROM person);
SET @gen_user = (SELECT COALESCE(MAX(user_id), 0) FROM users);
SET @gen_server = (SELECT COALESCE(MAX(server_id), 0) FROM sync_server);
CREATE TEMPORARY TABLE gen_child (
  k INT PRIMARY KEY, server_id INT NOT NULL, person_id INT NOT NULL, user_id INT NOT NULL,
  nickname VARCHAR(255) NOT NULL, username VARCHAR(50) NOT NULL, registered DATETIME NOT NULL);
INSERT INTO gen_child
SELECT seq, @gen_server + seq - @gen_have, @gen_person + seq - @gen_have, @gen_user + seq - @gen_have,
       CONCAT('Demo Child ', SUBSTR('ABCDEFGHIJKLMNOPQRSTUVWXYZ', seq, 1), ' (',
              ELT(1 + seq % 4, 'Outreach Post', 'Mobile Clinic', 'Maternity Unit', 'Dispensary'), ')'),
       CONCAT('sync_child_', SUBSTR('abcdefghijklmnopqrstuvwxyz', seq, 1)), @now - INTERVAL (2 * 86400 + seq * 3607) SECOND
  FROM seq_1_to_26 WHERE seq > @gen_have AND seq <= @gen_children;
INSERT INTO person (person_id, gender, birthdate, birthdate_estimated, dead, creator, date_created, voided, uuid)
SELECT person_id, 'M', DATE(registered), 0, 0, 1, registered, 0, gen_uuid(CONCAT('person:', username))
  FROM gen_child ORDER BY k;
INSERT INTO person_name (preferred, person_id, given_name, family_name, creator, date_created, voided, uuid)
SELECT 1, person_id, 'Synchronization Service', LEFT(nickname, 50), 1, registered, 0,
       gen_uuid(CONCAT('person_name:', username))
  FROM gen_child ORDER BY k;
-- system_id as sync.system_id_template makes it: <site name>_<user id><Luhn check digit>.
INSERT INTO users (user_id, system_id, username, password, salt, creator, date_created, person_id, retired, uuid)
SELECT user_id,
       LEFT(CONCAT(@gen_site, '_', user_id, (10 - (IF(user_id % 10 * 2 > 9, user_id % 10 * 2 - 9, user_id % 10 * 2)
            + user_id DIV 10 % 10) % 10) % 10), 50),
       username, SHA2(CONCAT('NotARealPassword-', username, SHA2(CONCAT('salt:', username), 512)), 512),
       SHA2(CONCAT('salt:', username), 512), 1, registered, person_id, 0, gen_uuid(CONCAT('user:', username))
  FROM gen_child ORDER BY k;
INSERT INTO user_role (user_id, role) SELECT user_id, 'System Developer' FROM gen_child ORDER BY k;
INSERT INTO sync_server (server_id, uuid, nickname, address, server_type, username, password,
  last_sync, last_sync_state, disabled, child_username)
SELECT server_id, gen_uuid(CONCAT('server:', username)), nickname, 'N/A', 'CHILD', 'N/A', 'N/A',
       @now - INTERVAL (1500 + k * 1201) SECOND, 'OK', 0, username
  FROM gen_child ORDER BY k;
INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from)
SELECT c.class_id, g.server_id, c.default_send_to, c.default_receive_from
  FROM gen_child g JOIN sync_class c ORDER BY g.k, c.class_id;

-- The servers records are delivered to (every type but PARENT, §3.2), by rank, with the last
-- position that is settled for it (tail; rank 1: the blocked record) and the account it uses here.
SET @gen_c = (SELECT COUNT(*) FROM sync_server WHERE server_type IS NULL OR server_type <> 'PARENT');
SET @gen_b0 = @gen_n - (43200 * @gen_n + @gen_span - 1) DIV @gen_span;
SET @gen_block = IF(@gen_b0 < 1, 1, @gen_b0 - IF(@gen_b0 % 10 >= 6, @gen_b0 % 10 - 5, 0));
CREATE TEMPORARY TABLE gen_server (
  rnk INT PRIMARY KEY, server_id INT NOT NULL, tail INT NOT NULL, user_uuid CHAR(38) NOT NULL);
INSERT INTO gen_server
SELECT rnk, server_id,
       IF(rnk = 1, @gen_block, @gen_n - (1800 * (2 * rnk - 3) * @gen_n + @gen_span - 1) DIV @gen_span),
       COALESCE(user_uuid, @gen_admin)
  FROM (SELECT ROW_NUMBER() OVER (ORDER BY s.server_id) AS rnk, s.server_id, u.uuid AS user_uuid
          FROM sync_server s LEFT JOIN users u ON u.username = s.child_username AND s.child_username <> ''
         WHERE s.server_type IS NULL OR s.server_type <> 'PARENT') ranked;

-- ---------------------------------------------------------------------------------------------
-- sync_record. p: per position its slot (kind), origin rank, r and timestamp; g adds its state,
-- display values and the uuids it makes (u_r this record, u_o the sender's, e1..e3 its entities)
-- or refers to (pat the patient, pname its name, ref the encounter or obs it changes). g is
-- materialized (derived_merge off) so that each uuid is computed once, not once per use.
-- ---------------------------------------------------------------------------------------------
SET @gen_base = (SELECT COALESCE(MAX(record_id), 0) FROM sync_record);
SET @gen_given = 'Amina,Baraka,Neema,Juma,Zawadi,Imani,Halima,Otieno,Wanjiku,Kamau,Akinyi,Mwangi,Faith,Brian,Mercy,Kevin';
SET @gen_family = 'Ochieng,Njoroge,Mutua,Wambui,Kiprono,Chebet,Omondi,Mwakasege,Nyambura,Kariuki,Atieno,Kimani,Mohamed';
SET @gen_optimizer = @@optimizer_switch;
SET SESSION optimizer_switch = 'derived_merge=off', foreign_key_checks = 0;

INSERT INTO sync_record (record_id, uuid, creator, database_version, timestamp, retry_count, state,
  payload, contained_classes, original_uuid)
SELECT g.rid, g.u_r, g.cre, @gen_version, g.ts, gen_retry(g.state, g.r), g.state,
  CASE
  WHEN g.slot IN (0, 8) THEN CONCAT(
    '<items><SyncItem containedType="org.openmrs.Patient" key="', g.e1, '" state="NEW"><content><![CDATA[<org.openmrs.Patient>',
    '<gender type="string">', g.gender, '</gender><birthdate type="timestamp">', g.birthdate, '</birthdate>',
    '<birthdateEstimated type="boolean">false</birthdateEstimated><dead type="boolean">false</dead>',
    '<voided type="boolean">false</voided><creator type="org.openmrs.User">', g.cre, '</creator>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><uuid type="string">', g.e1, '</uuid></org.openmrs.Patient>]]></content></SyncItem>',
    '<SyncItem containedType="org.openmrs.PersonName" key="', g.e2, '" state="NEW"><content><![CDATA[<org.openmrs.PersonName>',
    '<creator type="org.openmrs.User">', g.cre, '</creator><voided type="boolean">false</voided><uuid type="string">', g.e2, '</uuid>',
    '<person type="org.openmrs.Person">', g.e1, '</person><preferred type="boolean">true</preferred>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><givenName type="string">', g.given, '</givenName>',
    '<familyName type="string">', g.family, '</familyName></org.openmrs.PersonName>]]></content></SyncItem>',
    '<SyncItem containedType="org.openmrs.PatientIdentifier" key="', g.e3, '" state="NEW"><content><![CDATA[<org.openmrs.PatientIdentifier>',
    '<identifier type="string">', g.site, '-', LPAD(g.rid, 8, '0'), '</identifier>',
    '<identifierType type="org.openmrs.PatientIdentifierType">8d793bee-c2cc-11de-8d13-0010c6dffd0f</identifierType>',
    '<location type="org.openmrs.Location">', g.loc, '</location><patient type="org.openmrs.Patient">', g.e1, '</patient>',
    '<preferred type="boolean">true</preferred><voided type="boolean">false</voided><creator type="org.openmrs.User">', g.cre, '</creator>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><uuid type="string">', g.e3, '</uuid></org.openmrs.PatientIdentifier>]]></content></SyncItem>',
    '<SyncItem containedType="org.hibernate.collection.internal.PersistentSortedSet" key="', g.e1, '|names" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSortedSet>',
    '<owner action="recreate" properyName="names" type="org.openmrs.Patient" uuid="', g.e1, '"/><entry action="update" type="org.openmrs.PersonName" uuid="', g.e2, '"/>',
    '</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem>',
    '<SyncItem containedType="org.hibernate.collection.internal.PersistentSortedSet" key="', g.e1, '|identifiers" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSortedSet>',
    '<owner action="recreate" properyName="identifiers" type="org.openmrs.Patient" uuid="', g.e1, '"/><entry action="update" type="org.openmrs.PatientIdentifier" uuid="', g.e3, '"/>',
    '</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem></items>')
  WHEN g.slot IN (1, 2, 4, 6, 9, 11, 14) THEN CONCAT(
    '<items><SyncItem containedType="org.openmrs.Encounter" key="', g.e1, '" state="NEW"><content><![CDATA[<org.openmrs.Encounter>',
    '<encounterDatetime type="timestamp">', g.tsj, '</encounterDatetime><patient type="org.openmrs.Patient">', g.pat, '</patient>',
    '<location type="org.openmrs.Location">', g.loc, '</location><encounterType type="org.openmrs.EncounterType">', g.enc_type, '</encounterType>',
    '<voided type="boolean">false</voided><creator type="org.openmrs.User">', g.cre, '</creator>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><uuid type="string">', g.e1, '</uuid></org.openmrs.Encounter>]]></content></SyncItem>',
    '<SyncItem containedType="org.openmrs.Obs" key="', g.e2, '" state="NEW"><content><![CDATA[<org.openmrs.Obs>',
    '<person type="org.openmrs.Person">', g.pat, '</person><concept type="org.openmrs.Concept">5089AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</concept>',
    '<encounter type="org.openmrs.Encounter">', g.e1, '</encounter><obsDatetime type="timestamp">', g.tsj, '</obsDatetime>',
    '<location type="org.openmrs.Location">', g.loc, '</location><valueNumeric type="double">', g.weight, '</valueNumeric>',
    '<status type="string">FINAL</status><voided type="boolean">false</voided><creator type="org.openmrs.User">', g.cre, '</creator>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><uuid type="string">', g.e2, '</uuid></org.openmrs.Obs>]]></content></SyncItem>',
    '<SyncItem containedType="org.openmrs.Obs" key="', g.e3, '" state="NEW"><content><![CDATA[<org.openmrs.Obs>',
    '<person type="org.openmrs.Person">', g.pat, '</person><concept type="org.openmrs.Concept">5088AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</concept>',
    '<encounter type="org.openmrs.Encounter">', g.e1, '</encounter><obsDatetime type="timestamp">', g.tsj, '</obsDatetime>',
    '<location type="org.openmrs.Location">', g.loc, '</location><valueNumeric type="double">', g.temperature, '</valueNumeric>',
    '<status type="string">FINAL</status><voided type="boolean">false</voided><creator type="org.openmrs.User">', g.cre, '</creator>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><uuid type="string">', g.e3, '</uuid></org.openmrs.Obs>]]></content></SyncItem>',
    '<SyncItem containedType="org.hibernate.collection.internal.PersistentSet" key="', g.e1, '|obs" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSet>',
    '<owner action="recreate" properyName="obs" type="org.openmrs.Encounter" uuid="', g.e1, '"/><entry action="update" type="org.openmrs.Obs" uuid="', g.e2, '"/>',
    '<entry action="update" type="org.openmrs.Obs" uuid="', g.e3, '"/></org.hibernate.collection.internal.PersistentSet>]]></content></SyncItem></items>')
  WHEN g.slot IN (3, 7, 13) THEN CONCAT(
    '<items><SyncItem containedType="org.openmrs.Obs" key="', g.e1, '" state="NEW"><content><![CDATA[<org.openmrs.Obs>',
    '<person type="org.openmrs.Person">', g.pat, '</person><concept type="org.openmrs.Concept">5085AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</concept>',
    '<encounter type="org.openmrs.Encounter">', g.ref, '</encounter><obsDatetime type="timestamp">', g.tsj, '</obsDatetime>',
    '<location type="org.openmrs.Location">', g.loc, '</location><valueNumeric type="double">', g.systolic, '</valueNumeric>',
    '<status type="string">FINAL</status><voided type="boolean">false</voided><creator type="org.openmrs.User">', g.cre, '</creator>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><uuid type="string">', g.e1, '</uuid></org.openmrs.Obs>]]></content></SyncItem>',
    '<SyncItem containedType="org.hibernate.collection.internal.PersistentSet" key="', g.ref, '|obs" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSet>',
    '<owner action="update" properyName="obs" type="org.openmrs.Encounter" uuid="', g.ref, '"/><entry action="update" type="org.openmrs.Obs" uuid="', g.e1, '"/>',
    '</org.hibernate.collection.internal.PersistentSet>]]></content></SyncItem></items>')
  WHEN g.slot = 5 THEN CONCAT(
    '<items><SyncItem containedType="org.openmrs.PersonName" key="', g.pname, '" state="UPDATED"><content><![CDATA[<org.openmrs.PersonName>',
    '<creator type="org.openmrs.User">', g.cre, '</creator><changedBy type="org.openmrs.User">', g.cre, '</changedBy>',
    '<voided type="boolean">false</voided><uuid type="string">', g.pname, '</uuid><person type="org.openmrs.Person">', g.pat, '</person>',
    '<preferred type="boolean">true</preferred><dateChanged type="timestamp">', g.tsj, '</dateChanged>',
    '<givenName type="string">', g.given, '</givenName><familyName type="string">', g.family, '</familyName></org.openmrs.PersonName>]]></content></SyncItem></items>')
  WHEN g.slot = 10 THEN CONCAT(
    '<items><SyncItem containedType="org.openmrs.Obs" key="', g.ref, '" state="UPDATED"><content><![CDATA[<org.openmrs.Obs>',
    '<person type="org.openmrs.Person">', g.pat, '</person><concept type="org.openmrs.Concept">5085AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</concept>',
    '<status type="string">FINAL</status><voided type="boolean">true</voided><voidedBy type="org.openmrs.User">', g.cre, '</voidedBy>',
    '<dateVoided type="timestamp">', g.tsj, '</dateVoided><voidReason type="string">Entered in error</voidReason>',
    '<uuid type="string">', g.ref, '</uuid></org.openmrs.Obs>]]></content></SyncItem></items>')
  WHEN g.slot = 12 THEN CONCAT(
    '<items><SyncItem containedType="org.openmrs.Person" key="', g.e3, '" state="NEW"><content><![CDATA[<org.openmrs.Person>',
    '<gender type="string">', g.gender, '</gender><birthdateEstimated type="boolean">false</birthdateEstimated><dead type="boolean">false</dead>',
    '<voided type="boolean">false</voided><creator type="org.openmrs.User">', g.cre, '</creator>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><uuid type="string">', g.e3, '</uuid></org.openmrs.Person>]]></content></SyncItem>',
    '<SyncItem containedType="org.openmrs.PersonName" key="', g.e2, '" state="NEW"><content><![CDATA[<org.openmrs.PersonName>',
    '<creator type="org.openmrs.User">', g.cre, '</creator><voided type="boolean">false</voided><uuid type="string">', g.e2, '</uuid>',
    '<person type="org.openmrs.Person">', g.e3, '</person><preferred type="boolean">true</preferred>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><givenName type="string">', g.given, '</givenName>',
    '<familyName type="string">', g.family, '</familyName></org.openmrs.PersonName>]]></content></SyncItem>',
    '<SyncItem containedType="org.openmrs.User" key="', g.e1, '" state="NEW"><content><![CDATA[<org.openmrs.User>',
    '<systemId type="string">', g.site, '-U', g.rid, '</systemId>',
    '<username type="string">', LOWER(CONCAT(g.given, '.', g.family, g.rid % 100)), '</username>',
    '<person type="org.openmrs.Person">', g.e3, '</person><retired type="boolean">false</retired><creator type="org.openmrs.User">', g.cre, '</creator>',
    '<dateCreated type="timestamp">', g.tsj, '</dateCreated><uuid type="string">', g.e1, '</uuid></org.openmrs.User>]]></content></SyncItem>',
    '<SyncItem containedType="org.openmrs.api.db.LoginCredential" key="', g.e1, '" state="UPDATED"><content><![CDATA[<org.openmrs.api.db.LoginCredential>',
    '<changedBy type="org.openmrs.User">', g.cre, '</changedBy><salt type="string">', SHA2(CONCAT('salt:', g.e1), 512), '</salt>',
    '<uuid type="string">', g.e1, '</uuid><hashedPassword type="string">', SHA2(CONCAT('hash:', g.e1), 512), '</hashedPassword>',
    '<dateChanged type="timestamp">', g.tsj, '</dateChanged></org.openmrs.api.db.LoginCredential>]]></content></SyncItem>',
    '<SyncItem containedType="org.hibernate.collection.internal.PersistentSortedSet" key="', g.e3, '|names" state="UPDATED"><content><![CDATA[<org.hibernate.collection.internal.PersistentSortedSet>',
    '<owner action="recreate" properyName="names" type="org.openmrs.Person" uuid="', g.e3, '"/><entry action="update" type="org.openmrs.PersonName" uuid="', g.e2, '"/>',
    '</org.hibernate.collection.internal.PersistentSortedSet>]]></content></SyncItem></items>')
  ELSE CONCAT(
    '<items><SyncItem containedType="org.openmrs.Obs" key="', g.ref, '" state="DELETED"><content><![CDATA[<org.openmrs.Obs>',
    '<uuid type="string">', g.ref, '</uuid></org.openmrs.Obs>]]></content></SyncItem></items>')
  END,
  -- contained_classes: the entities' classes, owners for collection items (§3.6)
  CASE WHEN g.slot IN (0, 8) THEN 'org.openmrs.PersonName,org.openmrs.PatientIdentifier,org.openmrs.Patient'
       WHEN g.slot IN (5) THEN 'org.openmrs.PersonName'
       WHEN g.slot IN (10, 15) THEN 'org.openmrs.Obs'
       WHEN g.slot = 12 THEN 'org.openmrs.PersonName,org.openmrs.api.db.LoginCredential,org.openmrs.User,org.openmrs.Person'
       ELSE 'org.openmrs.Obs,org.openmrs.Encounter' END,
  IF(g.origin = 0, g.u_r, g.u_o)
FROM (
  SELECT p.i, p.rid, p.slot, p.origin, p.r, p.ts, p.cre,
         gen_state(p.i > @gen_block, p.i = @gen_block, p.r) AS state,
         CONCAT(DATE_FORMAT(p.ts, '%Y-%m-%dT%H:%i:%s.'), LPAD(p.i * 137 % 1000, 3, '0'), '+0300') AS tsj,
         SUBSTR('PABCDEFGHIJKLMNOPQRSTUVWXYZ', 1 + p.origin, 1) AS site,
         ELT(1 + IF(p.origin > 2, 0, p.origin), @gen_loc_p, @gen_loc_a, @gen_loc_b) AS loc,
         IF(p.i % 3 = 0, @gen_et_anc, @gen_et_adult) AS enc_type,
         SUBSTRING_INDEX(SUBSTRING_INDEX(@gen_given, ',', 1 + p.i * 7 % 16), ',', -1) AS given,
         SUBSTRING_INDEX(SUBSTRING_INDEX(@gen_family, ',', 1 + p.i * 5 % 13), ',', -1) AS family,
         IF(p.i * 7 % 16 % 2 = 0, 'F', 'M') AS gender,
         DATE_FORMAT(DATE(@now) - INTERVAL (1 + p.i * 13 % 80) YEAR - INTERVAL (p.i * 37 % 365) DAY,
                     '%Y-%m-%dT00:00:00.000+0300') AS birthdate,
         CONCAT(3 + p.i * 7 % 90, '.', p.i % 10) AS weight,
         CONCAT(36 + p.i * 3 % 4, '.', p.i * 7 % 10) AS temperature,
         CONCAT(95 + p.i * 11 % 70, '.0') AS systolic,
         gen_uuid(CONCAT('r:', p.rid)) AS u_r, gen_uuid(CONCAT('o:', p.rid)) AS u_o,
         gen_uuid(CONCAT('e:', p.rid, ':1')) AS e1, gen_uuid(CONCAT('e:', p.rid, ':2')) AS e2,
         gen_uuid(CONCAT('e:', p.rid, ':3')) AS e3,
         gen_uuid(CONCAT('e:', p.rid - IF(p.slot = 10, 10, p.i % 8), ':1')) AS pat,
         gen_uuid(CONCAT('e:', p.rid - p.i % 8, ':2')) AS pname,
         gen_uuid(CONCAT('e:', p.rid - CASE p.slot WHEN 3 THEN 1 WHEN 7 THEN 1 WHEN 13 THEN 2
                                                    WHEN 10 THEN 3 WHEN 15 THEN 2 ELSE 0 END, ':1')) AS ref
    FROM (SELECT q.*, COALESCE(s.user_uuid, @gen_admin) AS cre
            FROM (SELECT seq AS i, @gen_base + seq AS rid, seq % 16 AS slot,
                         IF(seq % 10 < 6 OR @gen_c = 0, 0, 1 + (seq % 10 - 6) % @gen_c) AS origin,
                         seq * 7919 % 1000 AS r,
                         @now - INTERVAL ((@gen_n - seq) * @gen_span DIV @gen_n) SECOND AS ts
                    FROM seq_1_to_100000000 WHERE seq <= @gen_n) q
            LEFT JOIN gen_server s ON s.rnk = q.origin) p
  ) g
 ORDER BY g.rid;

SET SESSION optimizer_switch = @gen_optimizer;

-- ---------------------------------------------------------------------------------------------
-- sync_server_record: one row per new record and server, in record order (§3.2).
-- ---------------------------------------------------------------------------------------------
INSERT INTO sync_server_record (server_id, record_id, state, retry_count, error_message)
SELECT x.server_id, x.rid, x.state, IF(x.own, 0, gen_retry(x.state, x.r)),
       IF(x.state IN ('FAILED', 'FAILED_AND_STOPPED'), gen_error(x.slot, x.r), NULL)
  FROM (SELECT s.server_id, @gen_base + q.seq AS rid, q.seq % 16 AS slot, (q.seq * 7919 + 331 * s.rnk) % 1000 AS r,
               q.origin = s.rnk AS own,
               IF(q.origin = s.rnk, 'COMMITTED',
                  gen_state(q.seq > s.tail, s.rnk = 1 AND q.seq = @gen_block, (q.seq * 7919 + 331 * s.rnk) % 1000)) AS state
          FROM (SELECT seq, IF(seq % 10 < 6, 0, 1 + (seq % 10 - 6) % @gen_c) AS origin
                  FROM seq_1_to_100000000 WHERE seq <= @gen_n) q
          STRAIGHT_JOIN gen_server s) x;

-- ---------------------------------------------------------------------------------------------
-- sync_import: what this site did with the records it received (§3.3 receiving): each ingested
-- one (uuid = its original_uuid, timestamp and creator the sender's), and the refused ones.
-- ---------------------------------------------------------------------------------------------
INSERT INTO sync_import (uuid, creator, database_version, timestamp, retry_count, state, payload,
  error_message, source_server_id)
SELECT x.uuid, @gen_admin, @gen_version, x.ts, x.retry, x.state, NULL,
       IF(x.state = 'FAILED', gen_error(x.i % 16, x.i * 7919 % 1000), NULL), s.server_id
  FROM (SELECT seq AS i, gen_uuid(CONCAT('o:', @gen_base + seq)) AS uuid,
               @now - INTERVAL ((@gen_n - seq) * @gen_span DIV @gen_n + 30 + seq * 13 % 1800) SECOND AS ts,
               1 AS retry, IF(seq % 50 = 7, 'ALREADY_COMMITTED', 'COMMITTED') AS state,
               1 + (seq % 10 - 6) % @gen_c AS rnk
          FROM seq_1_to_100000000 WHERE seq <= @gen_n AND seq % 10 >= 6
        UNION ALL
        SELECT seq, gen_uuid(CONCAT('x:', @gen_base + seq)),
               @now - INTERVAL ((@gen_n - seq) * @gen_span DIV @gen_n) SECOND,
               1 + seq DIV 500 % 3, ELT(1 + seq DIV 500 % 4, 'FAILED', 'REJECTED', 'NOT_SUPPOSED_TO_SYNC', 'FAILED'),
               1 + seq DIV 500 % @gen_c
          FROM seq_1_to_100000000 WHERE seq <= @gen_n AND seq % 500 = 250) x
  JOIN gen_server s ON s.rnk = x.rnk
 ORDER BY x.ts, x.i;

-- ---------------------------------------------------------------------------------------------
-- sync_transmission_log: failed HTTP transmissions (only FAILURE rows are written, §3.5).
-- ---------------------------------------------------------------------------------------------
SET @gen_logs = GREATEST(1, @gen_n DIV 1000);
INSERT INTO sync_transmission_log (run_by, run_at, status, error_message, detailed_error, server_id)
SELECT 1, @now - INTERVAL ((@gen_logs - seq) * @gen_span DIV @gen_logs + 1234 + seq * 17 % 600) SECOND, 'FAILURE',
       ELT(1 + seq % 4, 'java.net.SocketException: Connection reset', 'java.net.SocketTimeoutException: Read timed out',
           'java.net.ConnectException: Connection refused (Connection refused)', 'java.net.UnknownHostException: parent.example.org'),
       CONCAT(ELT(1 + seq % 4, 'java.net.SocketException: Connection reset', 'java.net.SocketTimeoutException: Read timed out',
                  'java.net.ConnectException: Connection refused (Connection refused)', 'java.net.UnknownHostException: parent.example.org'),
              '\n\tat org.apache.commons.httpclient.HttpMethodDirector.executeMethod(HttpMethodDirector.java)\n',
              '\tat org.openmrs.module.sync.server.ServerConnection.sendExportedData(ServerConnection.java)\n',
              '\tat org.openmrs.module.sync.SyncUtilTransmission.sendSyncTransmission(SyncUtilTransmission.java)\n'),
       s.server_id
  FROM seq_1_to_100000000 JOIN gen_server s ON s.rnk = 1 + seq % @gen_c
 WHERE seq <= @gen_logs
 ORDER BY seq;

COMMIT;
SET SESSION foreign_key_checks = 1;
DROP FUNCTION gen_uuid;
DROP FUNCTION gen_demo_uuid;
DROP FUNCTION gen_state;
DROP FUNCTION gen_retry;
DROP FUNCTION gen_error;
DROP TEMPORARY TABLE gen_child, gen_server;
