-- +goose Up
-- add column "phone" to table: "communities"
ALTER TABLE `communities` ADD COLUMN `phone` text NULL;

-- +goose Down
-- reverse: add column "phone" to table: "communities"
ALTER TABLE `communities` DROP COLUMN `phone`;
