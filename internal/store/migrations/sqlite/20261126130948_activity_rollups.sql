-- +goose Up
-- create "activity_rollups" table
CREATE TABLE `activity_rollups` (`street_id` integer NOT NULL, `month` text NOT NULL, `category` text NOT NULL, `activities` integer NOT NULL, `participants` integer NOT NULL, `volunteer_hours` real NOT NULL, `off_site` integer NOT NULL, PRIMARY KEY (`street_id`, `month`, `category`), CONSTRAINT `activity_rollups_divisions_street` FOREIGN KEY (`street_id`) REFERENCES `divisions` (`id`) ON DELETE CASCADE);
-- create index "activity_rollups_street_month" to table: "activity_rollups"
CREATE INDEX `activity_rollups_street_month` ON `activity_rollups` (`street_id`, `month`, `category`);

-- The rollup is kept exact by triggers: each activity inserted, updated or
-- deleted adds its sums (UPDATE: the new row's minus the old row's) to its
-- street's month and category; a community moved to another street takes
-- its sums along.
-- +goose StatementBegin
CREATE TRIGGER activity_rollups_insert AFTER INSERT ON `activities` BEGIN
  INSERT INTO activity_rollups (street_id, month, category, activities, participants, volunteer_hours, off_site)
  SELECT c.street_id, substr(NEW.held_on, 1, 7), NEW.category, 1, NEW.participants, NEW.volunteer_hours,
         CASE WHEN NEW.off_site THEN 1 ELSE 0 END
  FROM communities c WHERE c.id = NEW.community_id
  ON CONFLICT (street_id, month, category) DO UPDATE SET
    activities = activities + excluded.activities, participants = participants + excluded.participants,
    volunteer_hours = volunteer_hours + excluded.volunteer_hours, off_site = off_site + excluded.off_site;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activity_rollups_update AFTER UPDATE ON `activities` BEGIN
  INSERT INTO activity_rollups (street_id, month, category, activities, participants, volunteer_hours, off_site)
  SELECT c.street_id, substr(OLD.held_on, 1, 7), OLD.category, -1, -OLD.participants, -OLD.volunteer_hours,
         CASE WHEN OLD.off_site THEN -1 ELSE 0 END
  FROM communities c WHERE c.id = OLD.community_id
  ON CONFLICT (street_id, month, category) DO UPDATE SET
    activities = activities + excluded.activities, participants = participants + excluded.participants,
    volunteer_hours = volunteer_hours + excluded.volunteer_hours, off_site = off_site + excluded.off_site;
  INSERT INTO activity_rollups (street_id, month, category, activities, participants, volunteer_hours, off_site)
  SELECT c.street_id, substr(NEW.held_on, 1, 7), NEW.category, 1, NEW.participants, NEW.volunteer_hours,
         CASE WHEN NEW.off_site THEN 1 ELSE 0 END
  FROM communities c WHERE c.id = NEW.community_id
  ON CONFLICT (street_id, month, category) DO UPDATE SET
    activities = activities + excluded.activities, participants = participants + excluded.participants,
    volunteer_hours = volunteer_hours + excluded.volunteer_hours, off_site = off_site + excluded.off_site;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activity_rollups_delete AFTER DELETE ON `activities` BEGIN
  INSERT INTO activity_rollups (street_id, month, category, activities, participants, volunteer_hours, off_site)
  SELECT c.street_id, substr(OLD.held_on, 1, 7), OLD.category, -1, -OLD.participants, -OLD.volunteer_hours,
         CASE WHEN OLD.off_site THEN -1 ELSE 0 END
  FROM communities c WHERE c.id = OLD.community_id
  ON CONFLICT (street_id, month, category) DO UPDATE SET
    activities = activities + excluded.activities, participants = participants + excluded.participants,
    volunteer_hours = volunteer_hours + excluded.volunteer_hours, off_site = off_site + excluded.off_site;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activity_rollups_move AFTER UPDATE OF `street_id` ON `communities` WHEN OLD.street_id <> NEW.street_id BEGIN
  INSERT INTO activity_rollups (street_id, month, category, activities, participants, volunteer_hours, off_site)
  SELECT OLD.street_id, substr(a.held_on, 1, 7), a.category, -COUNT(*), -SUM(a.participants), -SUM(a.volunteer_hours),
         -SUM(CASE WHEN a.off_site THEN 1 ELSE 0 END)
  FROM activities a WHERE a.community_id = NEW.id
  GROUP BY 2, 3
  ON CONFLICT (street_id, month, category) DO UPDATE SET
    activities = activities + excluded.activities, participants = participants + excluded.participants,
    volunteer_hours = volunteer_hours + excluded.volunteer_hours, off_site = off_site + excluded.off_site;
  INSERT INTO activity_rollups (street_id, month, category, activities, participants, volunteer_hours, off_site)
  SELECT NEW.street_id, substr(a.held_on, 1, 7), a.category, COUNT(*), SUM(a.participants), SUM(a.volunteer_hours),
         SUM(CASE WHEN a.off_site THEN 1 ELSE 0 END)
  FROM activities a WHERE a.community_id = NEW.id
  GROUP BY 2, 3
  ON CONFLICT (street_id, month, category) DO UPDATE SET
    activities = activities + excluded.activities, participants = participants + excluded.participants,
    volunteer_hours = volunteer_hours + excluded.volunteer_hours, off_site = off_site + excluded.off_site;
END;
-- +goose StatementEnd
-- The activities already there.
INSERT INTO activity_rollups (street_id, month, category, activities, participants, volunteer_hours, off_site)
SELECT c.street_id, substr(a.held_on, 1, 7), a.category, COUNT(*), SUM(a.participants), SUM(a.volunteer_hours),
       SUM(CASE WHEN a.off_site THEN 1 ELSE 0 END)
FROM activities a JOIN communities c ON c.id = a.community_id
WHERE 1
GROUP BY 1, 2, 3;

-- +goose Down
DROP TRIGGER activity_rollups_move;
DROP TRIGGER activity_rollups_delete;
DROP TRIGGER activity_rollups_update;
DROP TRIGGER activity_rollups_insert;
-- reverse: create "activity_rollups" table
DROP TABLE `activity_rollups`;
