-- A SELECT-only account for omrs-console's monitoring mode (omrs-console -R).
-- Run as a MariaDB/MySQL administrator after replacing the three placeholders:
--   openmrs             the OpenMRS database
--   omrs_monitor        the account name
--   CHANGE-ME           its password (keep it out of shell history: use an option file)
-- The console then works fully with:  omrs-console -R -u omrs_monitor -p
CREATE USER IF NOT EXISTS 'omrs_monitor'@'localhost' IDENTIFIED BY 'CHANGE-ME';
GRANT SELECT ON `openmrs`.* TO 'omrs_monitor'@'localhost';
