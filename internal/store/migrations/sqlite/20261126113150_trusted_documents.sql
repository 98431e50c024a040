-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_api_keys" table
CREATE TABLE `new_api_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `prefix` text NOT NULL, `hash` text NOT NULL, `role` text NOT NULL, `scope` text NOT NULL DEFAULT ('READ'), `trusted_only` bool NOT NULL DEFAULT (false), `expires_at` datetime NULL, `revoked_at` datetime NULL, `last_used_at` datetime NULL, `agency_id` integer NOT NULL, CONSTRAINT `api_keys_agencies_api_keys` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_api_keys" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_api_keys", 124554051584);
-- copy rows from old table "api_keys" to new temporary table "new_api_keys"
INSERT INTO `new_api_keys` (`id`, `created_at`, `updated_at`, `name`, `prefix`, `hash`, `role`, `scope`, `expires_at`, `revoked_at`, `last_used_at`, `agency_id`) SELECT `id`, `created_at`, `updated_at`, `name`, `prefix`, `hash`, `role`, `scope`, `expires_at`, `revoked_at`, `last_used_at`, `agency_id` FROM `api_keys`;
-- drop "api_keys" table after copying rows
DROP TABLE `api_keys`;
-- rename temporary table "new_api_keys" to "api_keys"
ALTER TABLE `new_api_keys` RENAME TO `api_keys`;
-- create index "api_keys_prefix_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_prefix_key` ON `api_keys` (`prefix`);
-- create index "api_keys_hash_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_hash_key` ON `api_keys` (`hash`);
-- create index "apikey_agency_id" to table: "api_keys"
CREATE INDEX `apikey_agency_id` ON `api_keys` (`agency_id`);
-- create "new_agencies" table
CREATE TABLE `new_agencies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `trusted_documents_only` bool NOT NULL DEFAULT (false));
-- set sequence for "new_agencies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_agencies", 128849018880);
-- copy rows from old table "agencies" to new temporary table "new_agencies"
INSERT INTO `new_agencies` (`id`, `created_at`, `updated_at`, `code`, `name`, `kind`, `active`) SELECT `id`, `created_at`, `updated_at`, `code`, `name`, `kind`, `active` FROM `agencies`;
-- drop "agencies" table after copying rows
DROP TABLE `agencies`;
-- rename temporary table "new_agencies" to "agencies"
ALTER TABLE `new_agencies` RENAME TO `agencies`;
-- create index "agencies_code_key" to table: "agencies"
CREATE UNIQUE INDEX `agencies_code_key` ON `agencies` (`code`);
-- create "persisted_documents" table
CREATE TABLE `persisted_documents` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `hash` text NOT NULL, `document` text NOT NULL, `name` text NULL, `agency_id` integer NOT NULL, CONSTRAINT `persisted_documents_agencies_documents` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE NO ACTION);
-- set sequence for "persisted_documents" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("persisted_documents", 146028888064);
-- create index "persisteddocument_agency_id_hash" to table: "persisted_documents"
CREATE UNIQUE INDEX `persisteddocument_agency_id_hash` ON `persisted_documents` (`agency_id`, `hash`);
-- create index "persisteddocument_hash" to table: "persisted_documents"
CREATE INDEX `persisteddocument_hash` ON `persisted_documents` (`hash`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "persisteddocument_hash" to table: "persisted_documents"
DROP INDEX `persisteddocument_hash`;
-- reverse: create index "persisteddocument_agency_id_hash" to table: "persisted_documents"
DROP INDEX `persisteddocument_agency_id_hash`;
-- reverse: set sequence for "persisted_documents" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "persisted_documents";
-- reverse: create "persisted_documents" table
DROP TABLE `persisted_documents`;
-- reverse: create index "agencies_code_key" to table: "agencies"
DROP INDEX `agencies_code_key`;
-- reverse: set sequence for "new_agencies" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_agencies";
-- reverse: create "new_agencies" table
DROP TABLE `new_agencies`;
-- reverse: create index "apikey_agency_id" to table: "api_keys"
DROP INDEX `apikey_agency_id`;
-- reverse: create index "api_keys_hash_key" to table: "api_keys"
DROP INDEX `api_keys_hash_key`;
-- reverse: create index "api_keys_prefix_key" to table: "api_keys"
DROP INDEX `api_keys_prefix_key`;
-- reverse: set sequence for "new_api_keys" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_api_keys";
-- reverse: create "new_api_keys" table
DROP TABLE `new_api_keys`;
