-- +goose Up
-- modify "divisions" table
ALTER TABLE "divisions" ADD COLUMN "volunteer_star_hours" jsonb NULL;

-- +goose Down
-- reverse: modify "divisions" table
ALTER TABLE "divisions" DROP COLUMN "volunteer_star_hours";
