-- +goose Up
-- create "accounts" table
CREATE TABLE `accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `display_name` text NULL, `role` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `agency_id` integer NOT NULL, CONSTRAINT `accounts_agencies_accounts` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE NO ACTION);
-- set sequence for "accounts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("accounts", 141733920768);
-- create index "accounts_username_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_username_key` ON `accounts` (`username`);
-- create index "account_agency_id" to table: "accounts"
CREATE INDEX `account_agency_id` ON `accounts` (`agency_id`);

-- +goose Down
-- reverse: create index "account_agency_id" to table: "accounts"
DROP INDEX `account_agency_id`;
-- reverse: create index "accounts_username_key" to table: "accounts"
DROP INDEX `accounts_username_key`;
-- reverse: set sequence for "accounts" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "accounts";
-- reverse: create "accounts" table
DROP TABLE `accounts`;
