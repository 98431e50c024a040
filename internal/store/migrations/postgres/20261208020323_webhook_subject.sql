-- +goose Up
-- modify "webhooks" table
ALTER TABLE "webhooks" ADD COLUMN "subject" character varying NOT NULL DEFAULT '';

-- +goose Down
-- reverse: modify "webhooks" table
ALTER TABLE "webhooks" DROP COLUMN "subject";
