-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_pairings" table
CREATE TABLE `new_pairings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('PROPOSED'), `source` text NOT NULL DEFAULT ('MANUAL'), `since` datetime NULL, `until` datetime NULL, `score` real NULL, `reasons` json NULL, `community_response` text NOT NULL DEFAULT ('PENDING'), `university_response` text NOT NULL DEFAULT ('PENDING'), `community_note` text NULL, `university_note` text NULL, `end_reason` text NULL, `note` text NULL, `community_id` integer NOT NULL, `group_id` integer NOT NULL, CONSTRAINT `pairings_communities_pairings` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `pairings_student_groups_pairings` FOREIGN KEY (`group_id`) REFERENCES `student_groups` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_pairings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_pairings", 55834574848);
-- copy rows from old table "pairings" to new temporary table "new_pairings"
INSERT INTO `new_pairings` (`id`, `created_at`, `updated_at`, `status`, `source`, `since`, `until`, `score`, `reasons`, `end_reason`, `note`, `community_id`, `group_id`) SELECT `id`, `created_at`, `updated_at`, `status`, `source`, `since`, `until`, `score`, `reasons`, `end_reason`, `note`, `community_id`, `group_id` FROM `pairings`;
-- drop "pairings" table after copying rows
DROP TABLE `pairings`;
-- rename temporary table "new_pairings" to "pairings"
ALTER TABLE `new_pairings` RENAME TO `pairings`;
-- create index "pairing_community_id_status" to table: "pairings"
CREATE INDEX `pairing_community_id_status` ON `pairings` (`community_id`, `status`);
-- create index "pairing_group_id" to table: "pairings"
CREATE INDEX `pairing_group_id` ON `pairings` (`group_id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "pairing_group_id" to table: "pairings"
DROP INDEX `pairing_group_id`;
-- reverse: create index "pairing_community_id_status" to table: "pairings"
DROP INDEX `pairing_community_id_status`;
-- reverse: set sequence for "new_pairings" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_pairings";
-- reverse: create "new_pairings" table
DROP TABLE `new_pairings`;
