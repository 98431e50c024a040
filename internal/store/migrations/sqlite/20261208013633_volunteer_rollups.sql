-- +goose Up
-- create "volunteer_rollups" table
CREATE TABLE `volunteer_rollups` (`community_id` integer NOT NULL, `kind` text NOT NULL, `band` integer NOT NULL, `volunteers` integer NOT NULL, `hours` real NOT NULL, PRIMARY KEY (`community_id`, `kind`, `band`), CONSTRAINT `volunteer_rollups_communities_community` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE CASCADE);
-- create "star_bands" table
CREATE TABLE `star_bands` (`hours` integer NOT NULL, PRIMARY KEY (`hours`));

-- The rollup is kept exact by triggers: each volunteer inserted, updated
-- (in community, kind or hours) or deleted adds its count and hours (UPDATE:
-- the new row's minus the old row's) to its community's kind and band. A
-- division's thresholds that are not bands yet become bands, and then every
-- volunteer's band is counted again.
-- +goose StatementBegin
CREATE TRIGGER volunteer_rollups_insert AFTER INSERT ON `volunteers` BEGIN
  INSERT INTO volunteer_rollups (community_id, kind, band, volunteers, hours)
  SELECT NEW.community_id, NEW.kind, COALESCE((SELECT MAX(b.hours) FROM star_bands b WHERE b.hours <= NEW.hours), 0), 1, NEW.hours WHERE NEW.community_id IS NOT NULL
  ON CONFLICT (community_id, kind, band) DO UPDATE SET
    volunteers = volunteers + excluded.volunteers, hours = hours + excluded.hours;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER volunteer_rollups_update AFTER UPDATE OF `community_id`, `kind`, `hours` ON `volunteers` BEGIN
  INSERT INTO volunteer_rollups (community_id, kind, band, volunteers, hours)
  SELECT OLD.community_id, OLD.kind, COALESCE((SELECT MAX(b.hours) FROM star_bands b WHERE b.hours <= OLD.hours), 0), -1, -OLD.hours WHERE OLD.community_id IS NOT NULL
  ON CONFLICT (community_id, kind, band) DO UPDATE SET
    volunteers = volunteers + excluded.volunteers, hours = hours + excluded.hours;
  INSERT INTO volunteer_rollups (community_id, kind, band, volunteers, hours)
  SELECT NEW.community_id, NEW.kind, COALESCE((SELECT MAX(b.hours) FROM star_bands b WHERE b.hours <= NEW.hours), 0), 1, NEW.hours WHERE NEW.community_id IS NOT NULL
  ON CONFLICT (community_id, kind, band) DO UPDATE SET
    volunteers = volunteers + excluded.volunteers, hours = hours + excluded.hours;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER volunteer_rollups_delete AFTER DELETE ON `volunteers` BEGIN
  INSERT INTO volunteer_rollups (community_id, kind, band, volunteers, hours)
  SELECT OLD.community_id, OLD.kind, COALESCE((SELECT MAX(b.hours) FROM star_bands b WHERE b.hours <= OLD.hours), 0), -1, -OLD.hours WHERE OLD.community_id IS NOT NULL
  ON CONFLICT (community_id, kind, band) DO UPDATE SET
    volunteers = volunteers + excluded.volunteers, hours = hours + excluded.hours;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER star_bands_insert AFTER INSERT ON `divisions` WHEN NEW.volunteer_star_hours IS NOT NULL AND json_valid(NEW.volunteer_star_hours) AND json_type(NEW.volunteer_star_hours) = 'array'
  AND EXISTS (SELECT 1 FROM json_each(NEW.volunteer_star_hours) j WHERE CAST(j.value AS INTEGER) NOT IN (SELECT hours FROM star_bands)) BEGIN
  INSERT OR IGNORE INTO star_bands (hours) SELECT CAST(j.value AS INTEGER) FROM json_each(NEW.volunteer_star_hours) j;
  DELETE FROM volunteer_rollups;
  INSERT INTO volunteer_rollups (community_id, kind, band, volunteers, hours)
  SELECT v.community_id, v.kind, COALESCE((SELECT MAX(b.hours) FROM star_bands b WHERE b.hours <= v.hours), 0), COUNT(*), SUM(v.hours) FROM volunteers v
  WHERE v.community_id IS NOT NULL GROUP BY 1, 2, 3;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER star_bands_update AFTER UPDATE OF `volunteer_star_hours` ON `divisions` WHEN NEW.volunteer_star_hours IS NOT NULL AND json_valid(NEW.volunteer_star_hours) AND json_type(NEW.volunteer_star_hours) = 'array'
  AND EXISTS (SELECT 1 FROM json_each(NEW.volunteer_star_hours) j WHERE CAST(j.value AS INTEGER) NOT IN (SELECT hours FROM star_bands)) BEGIN
  INSERT OR IGNORE INTO star_bands (hours) SELECT CAST(j.value AS INTEGER) FROM json_each(NEW.volunteer_star_hours) j;
  DELETE FROM volunteer_rollups;
  INSERT INTO volunteer_rollups (community_id, kind, band, volunteers, hours)
  SELECT v.community_id, v.kind, COALESCE((SELECT MAX(b.hours) FROM star_bands b WHERE b.hours <= v.hours), 0), COUNT(*), SUM(v.hours) FROM volunteers v
  WHERE v.community_id IS NOT NULL GROUP BY 1, 2, 3;
END;
-- +goose StatementEnd
-- The default thresholds (dashboard.DefaultStarHours), those set already and the volunteers already there.
INSERT INTO star_bands (hours) VALUES (100), (300), (600), (1000), (1500);
INSERT OR IGNORE INTO star_bands (hours)
SELECT CAST(j.value AS INTEGER) FROM divisions d, json_each(d.volunteer_star_hours) j
WHERE d.volunteer_star_hours IS NOT NULL AND json_valid(d.volunteer_star_hours) AND json_type(d.volunteer_star_hours) = 'array';
INSERT INTO volunteer_rollups (community_id, kind, band, volunteers, hours)
SELECT v.community_id, v.kind, COALESCE((SELECT MAX(b.hours) FROM star_bands b WHERE b.hours <= v.hours), 0), COUNT(*), SUM(v.hours) FROM volunteers v
WHERE v.community_id IS NOT NULL GROUP BY 1, 2, 3;

-- +goose Down
DROP TRIGGER star_bands_update;
DROP TRIGGER star_bands_insert;
DROP TRIGGER volunteer_rollups_delete;
DROP TRIGGER volunteer_rollups_update;
DROP TRIGGER volunteer_rollups_insert;
-- reverse: create "star_bands" table
DROP TABLE `star_bands`;
-- reverse: create "volunteer_rollups" table
DROP TABLE `volunteer_rollups`;
