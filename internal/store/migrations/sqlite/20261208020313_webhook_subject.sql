-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_webhooks" table
CREATE TABLE `new_webhooks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `agency` text NOT NULL, `role` text NOT NULL, `url` text NOT NULL, `secret` text NOT NULL, `entities` text NOT NULL, `active` bool NOT NULL, `created_at` integer NOT NULL, `delivered_through` integer NOT NULL, `state` text NOT NULL, `attempts` integer NOT NULL, `next_attempt_at` integer NOT NULL, `last_status` integer NOT NULL, `last_error` text NOT NULL, `last_attempt_at` integer NOT NULL, `last_delivered_at` integer NOT NULL, `subject` text NOT NULL DEFAULT (''));
-- copy rows from old table "webhooks" to new temporary table "new_webhooks"
INSERT INTO `new_webhooks` (`id`, `agency`, `role`, `url`, `secret`, `entities`, `active`, `created_at`, `delivered_through`, `state`, `attempts`, `next_attempt_at`, `last_status`, `last_error`, `last_attempt_at`, `last_delivered_at`) SELECT `id`, `agency`, `role`, `url`, `secret`, `entities`, `active`, `created_at`, `delivered_through`, `state`, `attempts`, `next_attempt_at`, `last_status`, `last_error`, `last_attempt_at`, `last_delivered_at` FROM `webhooks`;
-- drop "webhooks" table after copying rows
DROP TABLE `webhooks`;
-- rename temporary table "new_webhooks" to "webhooks"
ALTER TABLE `new_webhooks` RENAME TO `webhooks`;
-- create index "webhooks_agency" to table: "webhooks"
CREATE INDEX `webhooks_agency` ON `webhooks` (`agency`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "webhooks_agency" to table: "webhooks"
DROP INDEX `webhooks_agency`;
-- reverse: create "new_webhooks" table
DROP TABLE `new_webhooks`;
