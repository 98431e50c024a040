-- +goose Up
-- create "activity_rollups" table
CREATE TABLE "activity_rollups" ("street_id" bigint NOT NULL, "month" character varying NOT NULL, "category" character varying NOT NULL, "activities" bigint NOT NULL, "participants" bigint NOT NULL, "volunteer_hours" double precision NOT NULL, "off_site" bigint NOT NULL, PRIMARY KEY ("street_id", "month", "category"), CONSTRAINT "activity_rollups_divisions_street" FOREIGN KEY ("street_id") REFERENCES "divisions" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "activity_rollups_street_month" to table: "activity_rollups"
CREATE INDEX "activity_rollups_street_month" ON "activity_rollups" ("street_id", "month", "category") INCLUDE ("activities", "participants", "volunteer_hours", "off_site");

-- The rollup is kept exact by statement-level triggers: each INSERT, UPDATE
-- or DELETE on activities adds its rows' sums (UPDATE: the new rows' minus
-- the old rows') to the streets' months and categories in one upsert; a
-- community moved to another street takes its sums along. The sums are
-- upserted in key order, so that concurrent writers lock rows in the same
-- order and do not deadlock.
-- +goose StatementBegin
CREATE FUNCTION activity_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO activity_rollups AS r (street_id, month, category, activities, participants, volunteer_hours, off_site)
    SELECT c.street_id, to_char(d.held_on, 'YYYY-MM'), d.category, SUM(d.sign), SUM(d.sign * d.participants),
           SUM(d.sign * d.volunteer_hours), SUM(CASE WHEN d.off_site THEN d.sign ELSE 0 END)
    FROM (SELECT community_id, held_on, category, participants, volunteer_hours, off_site, 1 AS sign FROM new_rows) d JOIN communities c ON c.id = d.community_id
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (street_id, month, category) DO UPDATE SET
      activities = r.activities + EXCLUDED.activities, participants = r.participants + EXCLUDED.participants,
      volunteer_hours = r.volunteer_hours + EXCLUDED.volunteer_hours, off_site = r.off_site + EXCLUDED.off_site;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO activity_rollups AS r (street_id, month, category, activities, participants, volunteer_hours, off_site)
    SELECT c.street_id, to_char(d.held_on, 'YYYY-MM'), d.category, SUM(d.sign), SUM(d.sign * d.participants),
           SUM(d.sign * d.volunteer_hours), SUM(CASE WHEN d.off_site THEN d.sign ELSE 0 END)
    FROM (SELECT community_id, held_on, category, participants, volunteer_hours, off_site, -1 AS sign FROM old_rows) d JOIN communities c ON c.id = d.community_id
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (street_id, month, category) DO UPDATE SET
      activities = r.activities + EXCLUDED.activities, participants = r.participants + EXCLUDED.participants,
      volunteer_hours = r.volunteer_hours + EXCLUDED.volunteer_hours, off_site = r.off_site + EXCLUDED.off_site;
  ELSE
    INSERT INTO activity_rollups AS r (street_id, month, category, activities, participants, volunteer_hours, off_site)
    SELECT c.street_id, to_char(d.held_on, 'YYYY-MM'), d.category, SUM(d.sign), SUM(d.sign * d.participants),
           SUM(d.sign * d.volunteer_hours), SUM(CASE WHEN d.off_site THEN d.sign ELSE 0 END)
    FROM (SELECT community_id, held_on, category, participants, volunteer_hours, off_site, 1 AS sign FROM new_rows UNION ALL SELECT community_id, held_on, category, participants, volunteer_hours, off_site, -1 AS sign FROM old_rows) d JOIN communities c ON c.id = d.community_id
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (street_id, month, category) DO UPDATE SET
      activities = r.activities + EXCLUDED.activities, participants = r.participants + EXCLUDED.participants,
      volunteer_hours = r.volunteer_hours + EXCLUDED.volunteer_hours, off_site = r.off_site + EXCLUDED.off_site;
  END IF;
  RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER activity_rollups_insert AFTER INSERT ON "activities" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rollups_apply();
CREATE TRIGGER activity_rollups_update AFTER UPDATE ON "activities" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rollups_apply();
CREATE TRIGGER activity_rollups_delete AFTER DELETE ON "activities" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rollups_apply();
-- +goose StatementBegin
CREATE FUNCTION activity_rollups_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activity_rollups AS r (street_id, month, category, activities, participants, volunteer_hours, off_site)
  SELECT m.street_id, to_char(a.held_on, 'YYYY-MM'), a.category, SUM(m.sign), SUM(m.sign * a.participants),
         SUM(m.sign * a.volunteer_hours), SUM(CASE WHEN a.off_site THEN m.sign ELSE 0 END)
  FROM (SELECT n.id, n.street_id, 1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.street_id <> n.street_id
        UNION ALL
        SELECT o.id, o.street_id, -1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.street_id <> n.street_id) m
  JOIN activities a ON a.community_id = m.id
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (street_id, month, category) DO UPDATE SET
      activities = r.activities + EXCLUDED.activities, participants = r.participants + EXCLUDED.participants,
      volunteer_hours = r.volunteer_hours + EXCLUDED.volunteer_hours, off_site = r.off_site + EXCLUDED.off_site;
  RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER activity_rollups_move AFTER UPDATE ON "communities" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_rollups_move();
-- The activities already there.
INSERT INTO activity_rollups (street_id, month, category, activities, participants, volunteer_hours, off_site)
SELECT c.street_id, to_char(a.held_on, 'YYYY-MM'), a.category, COUNT(*), SUM(a.participants), SUM(a.volunteer_hours),
       COUNT(*) FILTER (WHERE a.off_site)
FROM activities a JOIN communities c ON c.id = a.community_id
GROUP BY 1, 2, 3;
ANALYZE activity_rollups;

-- +goose Down
DROP TRIGGER activity_rollups_move ON "communities";
DROP FUNCTION activity_rollups_move();
DROP TRIGGER activity_rollups_delete ON "activities";
DROP TRIGGER activity_rollups_update ON "activities";
DROP TRIGGER activity_rollups_insert ON "activities";
DROP FUNCTION activity_rollups_apply();
-- reverse: create "activity_rollups" table
DROP TABLE "activity_rollups";
