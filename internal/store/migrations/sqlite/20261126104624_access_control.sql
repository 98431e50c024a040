-- +goose Up
-- create "api_keys" table
CREATE TABLE `api_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `prefix` text NOT NULL, `hash` text NOT NULL, `role` text NOT NULL, `scope` text NOT NULL DEFAULT ('READ'), `expires_at` datetime NULL, `revoked_at` datetime NULL, `last_used_at` datetime NULL, `agency_id` integer NOT NULL, CONSTRAINT `api_keys_agencies_api_keys` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE NO ACTION);
-- set sequence for "api_keys" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("api_keys", 124554051584);
-- create index "api_keys_prefix_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_prefix_key` ON `api_keys` (`prefix`);
-- create index "api_keys_hash_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_hash_key` ON `api_keys` (`hash`);
-- create index "apikey_agency_id" to table: "api_keys"
CREATE INDEX `apikey_agency_id` ON `api_keys` (`agency_id`);
-- create "agencies" table
CREATE TABLE `agencies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `active` bool NOT NULL DEFAULT (true));
-- set sequence for "agencies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("agencies", 128849018880);
-- create index "agencies_code_key" to table: "agencies"
CREATE UNIQUE INDEX `agencies_code_key` ON `agencies` (`code`);
-- create "audit_entries" table
CREATE TABLE `audit_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `seq` integer NOT NULL, `at` datetime NOT NULL, `subject` text NULL, `agency` text NULL, `role` text NOT NULL, `purpose` text NULL, `operation` text NULL, `document_hash` text NULL, `action` text NOT NULL, `entity` text NOT NULL, `entity_id` integer NULL, `fields` json NULL, `prev_hash` text NOT NULL, `hash` text NOT NULL);
-- set sequence for "audit_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_entries", 133143986176);
-- create index "audit_entries_seq_key" to table: "audit_entries"
CREATE UNIQUE INDEX `audit_entries_seq_key` ON `audit_entries` (`seq`);
-- create index "auditentry_entity_entity_id" to table: "audit_entries"
CREATE INDEX `auditentry_entity_entity_id` ON `audit_entries` (`entity`, `entity_id`);
-- create index "auditentry_agency" to table: "audit_entries"
CREATE INDEX `auditentry_agency` ON `audit_entries` (`agency`);
-- create index "auditentry_at" to table: "audit_entries"
CREATE INDEX `auditentry_at` ON `audit_entries` (`at`);
-- create "sharing_agreements" table
CREATE TABLE `sharing_agreements` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `entity` text NOT NULL, `fields` json NOT NULL, `purpose` text NOT NULL, `legal_basis` text NOT NULL, `valid_from` datetime NOT NULL, `valid_until` datetime NOT NULL, `revoked_at` datetime NULL, `revoked_reason` text NULL, `grantor_id` integer NOT NULL, `grantee_id` integer NOT NULL, CONSTRAINT `sharing_agreements_agencies_granted` FOREIGN KEY (`grantor_id`) REFERENCES `agencies` (`id`) ON DELETE NO ACTION, CONSTRAINT `sharing_agreements_agencies_received` FOREIGN KEY (`grantee_id`) REFERENCES `agencies` (`id`) ON DELETE NO ACTION);
-- set sequence for "sharing_agreements" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sharing_agreements", 137438953472);
-- create index "sharingagreement_grantor_id" to table: "sharing_agreements"
CREATE INDEX `sharingagreement_grantor_id` ON `sharing_agreements` (`grantor_id`);
-- create index "sharingagreement_grantee_id" to table: "sharing_agreements"
CREATE INDEX `sharingagreement_grantee_id` ON `sharing_agreements` (`grantee_id`);

-- +goose Down
-- reverse: create index "sharingagreement_grantee_id" to table: "sharing_agreements"
DROP INDEX `sharingagreement_grantee_id`;
-- reverse: create index "sharingagreement_grantor_id" to table: "sharing_agreements"
DROP INDEX `sharingagreement_grantor_id`;
-- reverse: set sequence for "sharing_agreements" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "sharing_agreements";
-- reverse: create "sharing_agreements" table
DROP TABLE `sharing_agreements`;
-- reverse: create index "auditentry_at" to table: "audit_entries"
DROP INDEX `auditentry_at`;
-- reverse: create index "auditentry_agency" to table: "audit_entries"
DROP INDEX `auditentry_agency`;
-- reverse: create index "auditentry_entity_entity_id" to table: "audit_entries"
DROP INDEX `auditentry_entity_entity_id`;
-- reverse: create index "audit_entries_seq_key" to table: "audit_entries"
DROP INDEX `audit_entries_seq_key`;
-- reverse: set sequence for "audit_entries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "audit_entries";
-- reverse: create "audit_entries" table
DROP TABLE `audit_entries`;
-- reverse: create index "agencies_code_key" to table: "agencies"
DROP INDEX `agencies_code_key`;
-- reverse: set sequence for "agencies" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "agencies";
-- reverse: create "agencies" table
DROP TABLE `agencies`;
-- reverse: create index "apikey_agency_id" to table: "api_keys"
DROP INDEX `apikey_agency_id`;
-- reverse: create index "api_keys_hash_key" to table: "api_keys"
DROP INDEX `api_keys_hash_key`;
-- reverse: create index "api_keys_prefix_key" to table: "api_keys"
DROP INDEX `api_keys_prefix_key`;
-- reverse: set sequence for "api_keys" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "api_keys";
-- reverse: create "api_keys" table
DROP TABLE `api_keys`;
