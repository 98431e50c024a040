-- +goose Up
-- create "star_bands" table
CREATE TABLE "star_bands" ("hours" bigint NOT NULL, PRIMARY KEY ("hours"));
-- create "volunteer_rollups" table
CREATE TABLE "volunteer_rollups" ("community_id" bigint NOT NULL, "kind" character varying NOT NULL, "band" bigint NOT NULL, "volunteers" bigint NOT NULL, "hours" double precision NOT NULL, PRIMARY KEY ("community_id", "kind", "band"), CONSTRAINT "volunteer_rollups_communities_community" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);

-- The rollup is kept exact by statement-level triggers: each INSERT, UPDATE
-- or DELETE on volunteers adds its rows' counts and hours (UPDATE: of the
-- rows whose community, kind or hours changed, the new rows' minus the old
-- rows') to their communities' kinds and bands in one upsert, in key order
-- (concurrent writers lock rows in the same order and do not deadlock). A
-- division's thresholds that are not bands yet become bands, and then every
-- volunteer's band is counted again, with the writers of volunteers held
-- off (SHARE lock) so that none is missed.
-- +goose StatementBegin
CREATE FUNCTION star_band(h double precision) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT COALESCE(MAX(hours), 0) FROM star_bands WHERE hours <= h
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION volunteer_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO volunteer_rollups AS r (community_id, kind, band, volunteers, hours)
    SELECT d.community_id, d.kind, star_band(d.hours), COUNT(*), SUM(d.hours)
    FROM new_rows d WHERE d.community_id IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (community_id, kind, band) DO UPDATE SET
      volunteers = r.volunteers + EXCLUDED.volunteers, hours = r.hours + EXCLUDED.hours;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO volunteer_rollups AS r (community_id, kind, band, volunteers, hours)
    SELECT d.community_id, d.kind, star_band(d.hours), -COUNT(*), -SUM(d.hours)
    FROM old_rows d WHERE d.community_id IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (community_id, kind, band) DO UPDATE SET
      volunteers = r.volunteers + EXCLUDED.volunteers, hours = r.hours + EXCLUDED.hours;
  ELSE
    INSERT INTO volunteer_rollups AS r (community_id, kind, band, volunteers, hours)
    SELECT d.community_id, d.kind, star_band(d.hours), SUM(d.sign), SUM(d.sign * d.hours)
    FROM (SELECT n.community_id, n.kind, n.hours, 1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.community_id, n.kind, n.hours) IS DISTINCT FROM (o.community_id, o.kind, o.hours)
          UNION ALL
          SELECT o.community_id, o.kind, o.hours, -1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.community_id, n.kind, n.hours) IS DISTINCT FROM (o.community_id, o.kind, o.hours)) d
    WHERE d.community_id IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (community_id, kind, band) DO UPDATE SET
      volunteers = r.volunteers + EXCLUDED.volunteers, hours = r.hours + EXCLUDED.hours;
  END IF;
  RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER volunteer_rollups_insert AFTER INSERT ON "volunteers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_rollups_apply();
CREATE TRIGGER volunteer_rollups_update AFTER UPDATE ON "volunteers" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_rollups_apply();
CREATE TRIGGER volunteer_rollups_delete AFTER DELETE ON "volunteers" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_rollups_apply();
-- +goose StatementBegin
CREATE FUNCTION star_bands_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added bigint;
BEGIN
  IF NEW.volunteer_star_hours IS NULL OR jsonb_typeof(NEW.volunteer_star_hours) <> 'array' THEN
    RETURN NULL;
  END IF;
  INSERT INTO star_bands (hours)
  SELECT DISTINCT (v #>> '{}')::numeric::bigint FROM jsonb_array_elements(NEW.volunteer_star_hours) v
  ORDER BY 1
  ON CONFLICT (hours) DO NOTHING;
  GET DIAGNOSTICS added = ROW_COUNT;
  IF added > 0 THEN
    LOCK TABLE volunteers IN SHARE MODE;
    DELETE FROM volunteer_rollups;
    INSERT INTO volunteer_rollups (community_id, kind, band, volunteers, hours)
    SELECT community_id, kind, star_band(hours), COUNT(*), SUM(hours) FROM volunteers
    WHERE community_id IS NOT NULL GROUP BY 1, 2, 3;
  END IF;
  RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER star_bands_add AFTER INSERT OR UPDATE OF volunteer_star_hours ON "divisions" FOR EACH ROW EXECUTE FUNCTION star_bands_add();
-- The default thresholds (dashboard.DefaultStarHours), those set already and the volunteers already there.
INSERT INTO star_bands (hours) VALUES (100), (300), (600), (1000), (1500);
INSERT INTO star_bands (hours)
SELECT DISTINCT (v #>> '{}')::numeric::bigint FROM divisions d, jsonb_array_elements(d.volunteer_star_hours) v
WHERE d.volunteer_star_hours IS NOT NULL AND jsonb_typeof(d.volunteer_star_hours) = 'array'
ON CONFLICT (hours) DO NOTHING;
INSERT INTO volunteer_rollups (community_id, kind, band, volunteers, hours)
SELECT community_id, kind, star_band(hours), COUNT(*), SUM(hours) FROM volunteers
WHERE community_id IS NOT NULL GROUP BY 1, 2, 3;
ANALYZE volunteer_rollups;

-- +goose Down
DROP TRIGGER star_bands_add ON "divisions";
DROP FUNCTION star_bands_add();
DROP TRIGGER volunteer_rollups_delete ON "volunteers";
DROP TRIGGER volunteer_rollups_update ON "volunteers";
DROP TRIGGER volunteer_rollups_insert ON "volunteers";
DROP FUNCTION volunteer_rollups_apply();
DROP FUNCTION star_band(double precision);
-- reverse: create "volunteer_rollups" table
DROP TABLE "volunteer_rollups";
-- reverse: create "star_bands" table
DROP TABLE "star_bands";
