-- +goose Up
-- modify "communities" table
ALTER TABLE "communities" ADD COLUMN "phone" character varying NULL;

-- +goose Down
-- reverse: modify "communities" table
ALTER TABLE "communities" DROP COLUMN "phone";
