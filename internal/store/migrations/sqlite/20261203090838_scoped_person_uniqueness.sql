-- +goose Up
-- drop index "social_workers_id_number_key" from table: "social_workers"
DROP INDEX `social_workers_id_number_key`;
-- drop index "socialworker_employer_id" from table: "social_workers"
DROP INDEX `socialworker_employer_id`;
-- create index "socialworker_employer_id_id_number" to table: "social_workers"
CREATE UNIQUE INDEX `socialworker_employer_id_id_number` ON `social_workers` (`employer_id`, `id_number`);
-- drop index "volunteers_id_number_key" from table: "volunteers"
DROP INDEX `volunteers_id_number_key`;
-- create index "volunteer_community_id_id_number" to table: "volunteers"
CREATE UNIQUE INDEX `volunteer_community_id_id_number` ON `volunteers` (`community_id`, `id_number`);

-- +goose Down
-- reverse: create index "volunteer_community_id_id_number" to table: "volunteers"
DROP INDEX `volunteer_community_id_id_number`;
-- reverse: drop index "volunteers_id_number_key" from table: "volunteers"
CREATE UNIQUE INDEX `volunteers_id_number_key` ON `volunteers` (`id_number`);
-- reverse: create index "socialworker_employer_id_id_number" to table: "social_workers"
DROP INDEX `socialworker_employer_id_id_number`;
-- reverse: drop index "socialworker_employer_id" from table: "social_workers"
CREATE INDEX `socialworker_employer_id` ON `social_workers` (`employer_id`);
-- reverse: drop index "social_workers_id_number_key" from table: "social_workers"
CREATE UNIQUE INDEX `social_workers_id_number_key` ON `social_workers` (`id_number`);
