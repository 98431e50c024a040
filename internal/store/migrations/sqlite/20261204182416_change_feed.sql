-- +goose Up
-- create "change_events" table
CREATE TABLE `change_events` (`pos` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `entity` text NOT NULL, `kind` text NOT NULL, `record_id` integer NOT NULL, `community` text NOT NULL, `created_at` integer NOT NULL);
-- create index "change_events_created_at" to table: "change_events"
CREATE INDEX `change_events_created_at` ON `change_events` (`created_at`);
-- create "change_feed_horizon" table
CREATE TABLE `change_feed_horizon` (`id` integer NOT NULL, `pruned_through` integer NOT NULL, PRIMARY KEY (`id`));
-- create "webhooks" table
CREATE TABLE `webhooks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `agency` text NOT NULL, `role` text NOT NULL, `url` text NOT NULL, `secret` text NOT NULL, `entities` text NOT NULL, `active` bool NOT NULL, `created_at` integer NOT NULL, `delivered_through` integer NOT NULL, `state` text NOT NULL, `attempts` integer NOT NULL, `next_attempt_at` integer NOT NULL, `last_status` integer NOT NULL, `last_error` text NOT NULL, `last_attempt_at` integer NOT NULL, `last_delivered_at` integer NOT NULL);
-- create index "webhooks_agency" to table: "webhooks"
CREATE INDEX `webhooks_agency` ON `webhooks` (`agency`);
-- create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `webhook_id` integer NOT NULL, `first_pos` integer NOT NULL, `last_pos` integer NOT NULL, `events` integer NOT NULL, `attempt` integer NOT NULL, `ok` bool NOT NULL, `status` integer NOT NULL, `error` text NOT NULL, `at` integer NOT NULL, `took_ms` integer NOT NULL, CONSTRAINT `webhook_deliveries_webhook` FOREIGN KEY (`webhook_id`) REFERENCES `webhooks` (`id`) ON DELETE CASCADE);
-- create index "webhook_deliveries_webhook_at" to table: "webhook_deliveries"
CREATE INDEX `webhook_deliveries_webhook_at` ON `webhook_deliveries` (`webhook_id`, `at`);

-- +goose Down
-- reverse: create index "webhook_deliveries_webhook_at" to table: "webhook_deliveries"
DROP INDEX `webhook_deliveries_webhook_at`;
-- reverse: create "webhook_deliveries" table
DROP TABLE `webhook_deliveries`;
-- reverse: create index "webhooks_agency" to table: "webhooks"
DROP INDEX `webhooks_agency`;
-- reverse: create "webhooks" table
DROP TABLE `webhooks`;
-- reverse: create "change_feed_horizon" table
DROP TABLE `change_feed_horizon`;
-- reverse: create index "change_events_created_at" to table: "change_events"
DROP INDEX `change_events_created_at`;
-- reverse: create "change_events" table
DROP TABLE `change_events`;
