-- +goose Up
-- add column "volunteer_star_hours" to table: "divisions"
ALTER TABLE `divisions` ADD COLUMN `volunteer_star_hours` json NULL;

-- +goose Down
-- reverse: add column "volunteer_star_hours" to table: "divisions"
ALTER TABLE `divisions` DROP COLUMN `volunteer_star_hours`;
