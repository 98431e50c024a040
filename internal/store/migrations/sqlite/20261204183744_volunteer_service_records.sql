-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_points_entries" table
CREATE TABLE `new_points_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `points` integer NOT NULL, `reason` text NOT NULL, `occurred_on` datetime NOT NULL, `kind` text NOT NULL DEFAULT ('OTHER'), `quantity` integer NULL, `service_record_id` integer NULL, `rule_id` integer NULL, `reward_id` integer NULL, `volunteer_id` integer NOT NULL, CONSTRAINT `points_entries_service_records_service_record` FOREIGN KEY (`service_record_id`) REFERENCES `service_records` (`id`) ON DELETE SET NULL, CONSTRAINT `points_entries_points_rules_rule` FOREIGN KEY (`rule_id`) REFERENCES `points_rules` (`id`) ON DELETE SET NULL, CONSTRAINT `points_entries_rewards_reward` FOREIGN KEY (`reward_id`) REFERENCES `rewards` (`id`) ON DELETE SET NULL, CONSTRAINT `points_entries_volunteers_points` FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_points_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_points_entries", 64424509440);
-- copy rows from old table "points_entries" to new temporary table "new_points_entries"
INSERT INTO `new_points_entries` (`id`, `created_at`, `updated_at`, `points`, `reason`, `occurred_on`, `volunteer_id`) SELECT `id`, `created_at`, `updated_at`, `points`, `reason`, `occurred_on`, `volunteer_id` FROM `points_entries`;
-- drop "points_entries" table after copying rows
DROP TABLE `points_entries`;
-- rename temporary table "new_points_entries" to "points_entries"
ALTER TABLE `new_points_entries` RENAME TO `points_entries`;
-- create index "pointsentry_volunteer_id" to table: "points_entries"
CREATE INDEX `pointsentry_volunteer_id` ON `points_entries` (`volunteer_id`);
-- create index "pointsentry_service_record_id" to table: "points_entries"
CREATE INDEX `pointsentry_service_record_id` ON `points_entries` (`service_record_id`);
-- carry over: keep the titles of "social_workers", which its rebuild drops, to become talent records below
CREATE TABLE `carried_titles` (`social_worker_id` integer NOT NULL, `name` text NOT NULL, `year` integer NOT NULL);
-- one row a distinct title; the year of the worker's created_at
INSERT INTO `carried_titles` (`social_worker_id`, `name`, `year`) SELECT DISTINCT w.`id`, substr(trim(e.`value`), 1, 200), CASE WHEN CAST(substr(w.`created_at`, 1, 4) AS INTEGER) BETWEEN 1949 AND 2100 THEN CAST(substr(w.`created_at`, 1, 4) AS INTEGER) ELSE CAST(strftime('%Y', 'now') AS INTEGER) END FROM `social_workers` w, json_each(CASE WHEN json_valid(CAST(w.`titles` AS TEXT)) AND json_type(CAST(w.`titles` AS TEXT)) = 'array' THEN CAST(w.`titles` AS TEXT) ELSE '[]' END) e WHERE e.`type` = 'text' AND trim(e.`value`) <> '';
-- create "new_social_workers" table
CREATE TABLE `new_social_workers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `level` text NOT NULL DEFAULT ('NONE'), `certificate_no` text NULL, `full_time` bool NOT NULL DEFAULT (true), `phone` text NULL, `id_number` text NULL, `community_id` integer NULL, `employer_id` integer NULL, CONSTRAINT `social_workers_communities_stationed_workers` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE SET NULL, CONSTRAINT `social_workers_social_organizations_workers` FOREIGN KEY (`employer_id`) REFERENCES `social_organizations` (`id`) ON DELETE SET NULL);
-- set sequence for "new_social_workers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_social_workers", 94489280512);
-- copy rows from old table "social_workers" to new temporary table "new_social_workers"
INSERT INTO `new_social_workers` (`id`, `created_at`, `updated_at`, `name`, `level`, `certificate_no`, `full_time`, `phone`, `id_number`, `community_id`, `employer_id`) SELECT `id`, `created_at`, `updated_at`, `name`, `level`, `certificate_no`, `full_time`, `phone`, `id_number`, `community_id`, `employer_id` FROM `social_workers`;
-- drop "social_workers" table after copying rows
DROP TABLE `social_workers`;
-- rename temporary table "new_social_workers" to "social_workers"
ALTER TABLE `new_social_workers` RENAME TO `social_workers`;
-- create index "socialworker_employer_id_id_number" to table: "social_workers"
CREATE UNIQUE INDEX `socialworker_employer_id_id_number` ON `social_workers` (`employer_id`, `id_number`);
-- create index "socialworker_community_id" to table: "social_workers"
CREATE INDEX `socialworker_community_id` ON `social_workers` (`community_id`);
-- create index "socialworker_level" to table: "social_workers"
CREATE INDEX `socialworker_level` ON `social_workers` (`level`);
-- create "new_volunteers" table
CREATE TABLE `new_volunteers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `hours` real NOT NULL DEFAULT (0), `star_level` integer NOT NULL DEFAULT (0), `stars_reached` json NULL, `points_balance` integer NOT NULL DEFAULT (0), `registered_on` datetime NULL, `phone` text NULL, `id_number` text NULL, `birth_date` datetime NULL, `community_id` integer NULL, CONSTRAINT `volunteers_communities_volunteers` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE SET NULL);
-- set sequence for "new_volunteers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_volunteers", 120259084288);
-- copy rows from old table "volunteers" to new temporary table "new_volunteers"
INSERT INTO `new_volunteers` (`id`, `created_at`, `updated_at`, `name`, `kind`, `hours`, `registered_on`, `phone`, `id_number`, `birth_date`, `community_id`) SELECT `id`, `created_at`, `updated_at`, `name`, `kind`, `hours`, `registered_on`, `phone`, `id_number`, `birth_date`, `community_id` FROM `volunteers`;
-- drop "volunteers" table after copying rows
DROP TABLE `volunteers`;
-- rename temporary table "new_volunteers" to "volunteers"
ALTER TABLE `new_volunteers` RENAME TO `volunteers`;
-- create index "volunteer_community_id" to table: "volunteers"
CREATE INDEX `volunteer_community_id` ON `volunteers` (`community_id`);
-- create index "volunteer_community_id_id_number" to table: "volunteers"
CREATE UNIQUE INDEX `volunteer_community_id_id_number` ON `volunteers` (`community_id`, `id_number`);
-- create "new_accounts" table
CREATE TABLE `new_accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `display_name` text NULL, `role` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `volunteer_id` integer NULL, `agency_id` integer NOT NULL, CONSTRAINT `accounts_volunteers_volunteer` FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers` (`id`) ON DELETE SET NULL, CONSTRAINT `accounts_agencies_accounts` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE NO ACTION);
-- set sequence for "new_accounts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_accounts", 141733920768);
-- copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `username`, `display_name`, `role`, `active`, `agency_id`) SELECT `id`, `created_at`, `updated_at`, `username`, `display_name`, `role`, `active`, `agency_id` FROM `accounts`;
-- drop "accounts" table after copying rows
DROP TABLE `accounts`;
-- rename temporary table "new_accounts" to "accounts"
ALTER TABLE `new_accounts` RENAME TO `accounts`;
-- create index "accounts_username_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_username_key` ON `accounts` (`username`);
-- create index "account_agency_id" to table: "accounts"
CREATE INDEX `account_agency_id` ON `accounts` (`agency_id`);
-- create "certificates" table
CREATE TABLE `certificates` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `hours` real NOT NULL, `star_level` integer NOT NULL, `records` integer NOT NULL, `issued_at` datetime NOT NULL, `community_id` integer NOT NULL, `volunteer_id` integer NOT NULL, CONSTRAINT `certificates_communities_community` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `certificates_volunteers_certificates` FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers` (`id`) ON DELETE NO ACTION);
-- set sequence for "certificates" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("certificates", 150323855360);
-- create index "certificates_code_key" to table: "certificates"
CREATE UNIQUE INDEX `certificates_code_key` ON `certificates` (`code`);
-- create index "certificate_volunteer_id" to table: "certificates"
CREATE INDEX `certificate_volunteer_id` ON `certificates` (`volunteer_id`);
-- create "points_rules" table
CREATE TABLE `points_rules` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `points` integer NOT NULL, `active` bool NOT NULL DEFAULT (true), `community_id` integer NOT NULL, CONSTRAINT `points_rules_communities_community` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- set sequence for "points_rules" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("points_rules", 154618822656);
-- create index "pointsrule_community_id_kind" to table: "points_rules"
CREATE INDEX `pointsrule_community_id_kind` ON `points_rules` (`community_id`, `kind`);
-- create "rewards" table
CREATE TABLE `rewards` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `cost` integer NOT NULL, `stock` integer NOT NULL, `community_id` integer NOT NULL, CONSTRAINT `rewards_communities_community` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- set sequence for "rewards" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("rewards", 158913789952);
-- create index "reward_community_id" to table: "rewards"
CREATE INDEX `reward_community_id` ON `rewards` (`community_id`);
-- create "service_records" table
CREATE TABLE `service_records` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL DEFAULT ('SERVICE'), `started_at` datetime NULL, `ended_at` datetime NULL, `hours` real NOT NULL DEFAULT (0), `content` text NULL, `evaluation` text NULL, `status` text NOT NULL DEFAULT ('PENDING'), `source` text NOT NULL DEFAULT ('MANUAL'), `note` text NULL, `confirmed_by` text NULL, `confirmed_at` datetime NULL, `in_scan` text NULL, `out_scan` text NULL, `community_id` integer NOT NULL, `organizer_id` integer NULL, `activity_id` integer NULL, `service_team_id` integer NULL, `reverses_id` integer NULL, `volunteer_id` integer NOT NULL, CONSTRAINT `service_records_communities_community` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `service_records_agencies_organizer` FOREIGN KEY (`organizer_id`) REFERENCES `agencies` (`id`) ON DELETE SET NULL, CONSTRAINT `service_records_activities_activity` FOREIGN KEY (`activity_id`) REFERENCES `activities` (`id`) ON DELETE SET NULL, CONSTRAINT `service_records_service_teams_service_team` FOREIGN KEY (`service_team_id`) REFERENCES `service_teams` (`id`) ON DELETE SET NULL, CONSTRAINT `service_records_service_records_reversal` FOREIGN KEY (`reverses_id`) REFERENCES `service_records` (`id`) ON DELETE SET NULL, CONSTRAINT `service_records_volunteers_service_records` FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers` (`id`) ON DELETE NO ACTION);
-- set sequence for "service_records" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("service_records", 163208757248);
-- create index "service_records_in_scan_key" to table: "service_records"
CREATE UNIQUE INDEX `service_records_in_scan_key` ON `service_records` (`in_scan`);
-- create index "service_records_out_scan_key" to table: "service_records"
CREATE UNIQUE INDEX `service_records_out_scan_key` ON `service_records` (`out_scan`);
-- create index "service_records_reverses_id_key" to table: "service_records"
CREATE UNIQUE INDEX `service_records_reverses_id_key` ON `service_records` (`reverses_id`);
-- create index "servicerecord_volunteer_id_status" to table: "service_records"
CREATE INDEX `servicerecord_volunteer_id_status` ON `service_records` (`volunteer_id`, `status`);
-- create index "servicerecord_community_id_started_at" to table: "service_records"
CREATE INDEX `servicerecord_community_id_started_at` ON `service_records` (`community_id`, `started_at`);
-- create index "servicerecord_activity_id" to table: "service_records"
CREATE INDEX `servicerecord_activity_id` ON `service_records` (`activity_id`);
-- create "talent_records" table
CREATE TABLE `talent_records` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `granted_by` text NOT NULL, `year` integer NOT NULL, `social_worker_id` integer NOT NULL, CONSTRAINT `talent_records_social_workers_talents` FOREIGN KEY (`social_worker_id`) REFERENCES `social_workers` (`id`) ON DELETE NO ACTION);
-- set sequence for "talent_records" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("talent_records", 167503724544);
-- create index "talentrecord_social_worker_id" to table: "talent_records"
CREATE INDEX `talentrecord_social_worker_id` ON `talent_records` (`social_worker_id`);
-- create index "talentrecord_kind_year" to table: "talent_records"
CREATE INDEX `talentrecord_kind_year` ON `talent_records` (`kind`, `year`);
-- create "volunteer_codes" table
CREATE TABLE `volunteer_codes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `serial` text NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, `volunteer_id` integer NOT NULL, CONSTRAINT `volunteer_codes_volunteers_codes` FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers` (`id`) ON DELETE NO ACTION);
-- set sequence for "volunteer_codes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("volunteer_codes", 171798691840);
-- create index "volunteer_codes_serial_key" to table: "volunteer_codes"
CREATE UNIQUE INDEX `volunteer_codes_serial_key` ON `volunteer_codes` (`serial`);
-- create index "volunteercode_volunteer_id" to table: "volunteer_codes"
CREATE INDEX `volunteercode_volunteer_id` ON `volunteer_codes` (`volunteer_id`);
-- carry over: each title a social worker held becomes a talent record (placeholder body and year, see README "Upgrading")
INSERT INTO `talent_records` (`created_at`, `updated_at`, `kind`, `name`, `granted_by`, `year`, `social_worker_id`) SELECT strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'), strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'), CASE WHEN `name` LIKE '%住房%' OR `name` LIKE '%补贴%' THEN 'BENEFIT' ELSE 'TITLE' END, `name`, '（迁移前录入）', `year`, `social_worker_id` FROM `carried_titles` ORDER BY `social_worker_id`, `name`;
-- drop the titles kept above
DROP TABLE `carried_titles`;
-- carry over: a volunteer's typed-in hours become one confirmed opening record, so that the hours derived from records equal them
INSERT INTO `service_records` (`created_at`, `updated_at`, `kind`, `hours`, `content`, `status`, `source`, `confirmed_by`, `confirmed_at`, `community_id`, `volunteer_id`) SELECT strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'), strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'), 'SERVICE', v.`hours`, '升级前登记的累计服务时长，启用服务记录时结转为期初记录 / hours recorded before service records were kept, carried over as an opening record', 'CONFIRMED', 'MIGRATED', '（迁移前录入）', strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'), v.`community_id`, v.`id` FROM `volunteers` v WHERE v.`hours` > 0 AND v.`community_id` IS NOT NULL ORDER BY v.`id`;
-- carry over: star level by the thresholds of the nearest division above the community that sets them (else the default 100, 300, 600, 1000, 1500 hours), each level dated at the upgrade
UPDATE `volunteers` SET (`star_level`, `stars_reached`) = (SELECT count(*), json_group_array(strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) FROM json_each(COALESCE((SELECT CAST(d.`volunteer_star_hours` AS TEXT) FROM `divisions` d, `communities` c WHERE c.`id` = `volunteers`.`community_id` AND length(c.`code`) = 12 AND d.`code` IN (substr(c.`code`, 1, 9) || '000', substr(c.`code`, 1, 6) || '000000', substr(c.`code`, 1, 4) || '00000000', substr(c.`code`, 1, 2) || '0000000000') AND json_valid(CAST(d.`volunteer_star_hours` AS TEXT)) AND json_array_length(CAST(d.`volunteer_star_hours` AS TEXT)) > 0 ORDER BY CASE d.`code` WHEN substr(c.`code`, 1, 9) || '000' THEN 1 WHEN substr(c.`code`, 1, 6) || '000000' THEN 2 WHEN substr(c.`code`, 1, 4) || '00000000' THEN 3 ELSE 4 END LIMIT 1), '[100, 300, 600, 1000, 1500]')) t WHERE `volunteers`.`hours` >= CAST(t.`value` AS REAL)) WHERE `hours` > 0;
-- carry over: the points balance is the sum of the volunteer's ledger (never below zero)
UPDATE `volunteers` SET `points_balance` = max(0, (SELECT sum(p.`points`) FROM `points_entries` p WHERE p.`volunteer_id` = `volunteers`.`id`)) WHERE EXISTS (SELECT 1 FROM `points_entries` p WHERE p.`volunteer_id` = `volunteers`.`id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "volunteercode_volunteer_id" to table: "volunteer_codes"
DROP INDEX `volunteercode_volunteer_id`;
-- reverse: create index "volunteer_codes_serial_key" to table: "volunteer_codes"
DROP INDEX `volunteer_codes_serial_key`;
-- reverse: set sequence for "volunteer_codes" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "volunteer_codes";
-- reverse: create "volunteer_codes" table
DROP TABLE `volunteer_codes`;
-- reverse: create index "talentrecord_kind_year" to table: "talent_records"
DROP INDEX `talentrecord_kind_year`;
-- reverse: create index "talentrecord_social_worker_id" to table: "talent_records"
DROP INDEX `talentrecord_social_worker_id`;
-- reverse: set sequence for "talent_records" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "talent_records";
-- reverse: create "talent_records" table
DROP TABLE `talent_records`;
-- reverse: create index "servicerecord_activity_id" to table: "service_records"
DROP INDEX `servicerecord_activity_id`;
-- reverse: create index "servicerecord_community_id_started_at" to table: "service_records"
DROP INDEX `servicerecord_community_id_started_at`;
-- reverse: create index "servicerecord_volunteer_id_status" to table: "service_records"
DROP INDEX `servicerecord_volunteer_id_status`;
-- reverse: create index "service_records_reverses_id_key" to table: "service_records"
DROP INDEX `service_records_reverses_id_key`;
-- reverse: create index "service_records_out_scan_key" to table: "service_records"
DROP INDEX `service_records_out_scan_key`;
-- reverse: create index "service_records_in_scan_key" to table: "service_records"
DROP INDEX `service_records_in_scan_key`;
-- reverse: set sequence for "service_records" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "service_records";
-- reverse: create "service_records" table
DROP TABLE `service_records`;
-- reverse: create index "reward_community_id" to table: "rewards"
DROP INDEX `reward_community_id`;
-- reverse: set sequence for "rewards" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "rewards";
-- reverse: create "rewards" table
DROP TABLE `rewards`;
-- reverse: create index "pointsrule_community_id_kind" to table: "points_rules"
DROP INDEX `pointsrule_community_id_kind`;
-- reverse: set sequence for "points_rules" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "points_rules";
-- reverse: create "points_rules" table
DROP TABLE `points_rules`;
-- reverse: create index "certificate_volunteer_id" to table: "certificates"
DROP INDEX `certificate_volunteer_id`;
-- reverse: create index "certificates_code_key" to table: "certificates"
DROP INDEX `certificates_code_key`;
-- reverse: set sequence for "certificates" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "certificates";
-- reverse: create "certificates" table
DROP TABLE `certificates`;
-- reverse: create index "account_agency_id" to table: "accounts"
DROP INDEX `account_agency_id`;
-- reverse: create index "accounts_username_key" to table: "accounts"
DROP INDEX `accounts_username_key`;
-- reverse: set sequence for "new_accounts" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_accounts";
-- reverse: create "new_accounts" table
DROP TABLE `new_accounts`;
-- reverse: create index "volunteer_community_id_id_number" to table: "volunteers"
DROP INDEX `volunteer_community_id_id_number`;
-- reverse: create index "volunteer_community_id" to table: "volunteers"
DROP INDEX `volunteer_community_id`;
-- reverse: set sequence for "new_volunteers" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_volunteers";
-- reverse: create "new_volunteers" table
DROP TABLE `new_volunteers`;
-- reverse: create index "socialworker_level" to table: "social_workers"
DROP INDEX `socialworker_level`;
-- reverse: create index "socialworker_community_id" to table: "social_workers"
DROP INDEX `socialworker_community_id`;
-- reverse: create index "socialworker_employer_id_id_number" to table: "social_workers"
DROP INDEX `socialworker_employer_id_id_number`;
-- reverse: set sequence for "new_social_workers" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_social_workers";
-- reverse: create "new_social_workers" table
DROP TABLE `new_social_workers`;
-- reverse: create index "pointsentry_service_record_id" to table: "points_entries"
DROP INDEX `pointsentry_service_record_id`;
-- reverse: create index "pointsentry_volunteer_id" to table: "points_entries"
DROP INDEX `pointsentry_volunteer_id`;
-- reverse: set sequence for "new_points_entries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "new_points_entries";
-- reverse: create "new_points_entries" table
DROP TABLE `new_points_entries`;
