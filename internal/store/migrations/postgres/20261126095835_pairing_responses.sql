-- +goose Up
-- modify "pairings" table
ALTER TABLE "pairings" ADD COLUMN "community_response" character varying NOT NULL DEFAULT 'PENDING', ADD COLUMN "university_response" character varying NOT NULL DEFAULT 'PENDING', ADD COLUMN "community_note" character varying NULL, ADD COLUMN "university_note" character varying NULL;

-- +goose Down
-- reverse: modify "pairings" table
ALTER TABLE "pairings" DROP COLUMN "university_note", DROP COLUMN "community_note", DROP COLUMN "university_response", DROP COLUMN "community_response";
