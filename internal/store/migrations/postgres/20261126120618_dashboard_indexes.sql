-- +goose Up
-- drop index "activity_community_id_held_on" from table: "activities"
DROP INDEX "activity_community_id_held_on";
-- create index "activity_community_id_held_on" to table: "activities"
CREATE INDEX "activity_community_id_held_on" ON "activities" ("community_id", "held_on") INCLUDE ("category", "participants", "volunteer_hours", "off_site");
-- drop index "consultation_community_id_status" from table: "consultations"
DROP INDEX "consultation_community_id_status";
-- create index "consultation_community_id_status" to table: "consultations"
CREATE INDEX "consultation_community_id_status" ON "consultations" ("community_id", "status") INCLUDE ("category", "raised_on", "resolved_on");
-- drop index "facility_community_id" from table: "facilities"
DROP INDEX "facility_community_id";
-- create index "facility_community_id" to table: "facilities"
CREATE INDEX "facility_community_id" ON "facilities" ("community_id") INCLUDE ("kind", "area_m2");
-- drop index "ledgerentry_project_id_occurred_on" from table: "ledger_entries"
DROP INDEX "ledgerentry_project_id_occurred_on";
-- create index "ledgerentry_project_id_occurred_on" to table: "ledger_entries"
CREATE INDEX "ledgerentry_project_id_occurred_on" ON "ledger_entries" ("project_id", "occurred_on") INCLUDE ("direction", "category", "amount_fen");
-- drop index "socialworker_community_id" from table: "social_workers"
DROP INDEX "socialworker_community_id";
-- create index "socialworker_community_id" to table: "social_workers"
CREATE INDEX "socialworker_community_id" ON "social_workers" ("community_id") INCLUDE ("level");
-- drop index "volunteer_community_id" from table: "volunteers"
DROP INDEX "volunteer_community_id";
-- create index "volunteer_community_id" to table: "volunteers"
CREATE INDEX "volunteer_community_id" ON "volunteers" ("community_id") INCLUDE ("kind", "hours");

-- +goose Down
-- reverse: create index "volunteer_community_id" to table: "volunteers"
DROP INDEX "volunteer_community_id";
-- reverse: drop index "volunteer_community_id" from table: "volunteers"
CREATE INDEX "volunteer_community_id" ON "volunteers" ("community_id");
-- reverse: create index "socialworker_community_id" to table: "social_workers"
DROP INDEX "socialworker_community_id";
-- reverse: drop index "socialworker_community_id" from table: "social_workers"
CREATE INDEX "socialworker_community_id" ON "social_workers" ("community_id");
-- reverse: create index "ledgerentry_project_id_occurred_on" to table: "ledger_entries"
DROP INDEX "ledgerentry_project_id_occurred_on";
-- reverse: drop index "ledgerentry_project_id_occurred_on" from table: "ledger_entries"
CREATE INDEX "ledgerentry_project_id_occurred_on" ON "ledger_entries" ("project_id", "occurred_on");
-- reverse: create index "facility_community_id" to table: "facilities"
DROP INDEX "facility_community_id";
-- reverse: drop index "facility_community_id" from table: "facilities"
CREATE INDEX "facility_community_id" ON "facilities" ("community_id");
-- reverse: create index "consultation_community_id_status" to table: "consultations"
DROP INDEX "consultation_community_id_status";
-- reverse: drop index "consultation_community_id_status" from table: "consultations"
CREATE INDEX "consultation_community_id_status" ON "consultations" ("community_id", "status");
-- reverse: create index "activity_community_id_held_on" to table: "activities"
DROP INDEX "activity_community_id_held_on";
-- reverse: drop index "activity_community_id_held_on" from table: "activities"
CREATE INDEX "activity_community_id_held_on" ON "activities" ("community_id", "held_on");
