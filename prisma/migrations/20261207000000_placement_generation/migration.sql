-- A placement's generation names one physical location of a (tenant, layer). Location names are
-- deterministic, so a layer that moves away and comes back gets the same schema, database and role
-- names again, with a new role password and key: every process keys its pools and cached connection
-- targets by generation, so it never reuses a pool (and its old password) of an earlier location.
-- The database assigns it (a sequence, never the application), and announces every change of a
-- placement row on the `bulkhead_changes` channel, so each process drops what it cached for it.
CREATE SEQUENCE "placement_generations";
-- The trigger below assigns it; the default only stands for "not yet assigned" (the inserting role
-- has no rights on the sequence).
ALTER TABLE "placements" ADD COLUMN "generation" BIGINT NOT NULL DEFAULT 0;

-- SECURITY DEFINER: the writers (platform role, owner) need no rights on the sequence.
CREATE FUNCTION bulkhead_placement_generation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.generation := nextval('placement_generations');
  ELSIF (NEW.tier, NEW.schema_name, NEW.database_name, NEW.role_name, NEW.role_password_sealed, NEW.external_url_sealed, NEW.key_id)
        IS DISTINCT FROM (OLD.tier, OLD.schema_name, OLD.database_name, OLD.role_name, OLD.role_password_sealed, OLD.external_url_sealed, OLD.key_id) THEN
    NEW.generation := nextval('placement_generations');
  ELSE
    NEW.generation := OLD.generation;
  END IF;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION bulkhead_placement_generation() FROM PUBLIC;
CREATE TRIGGER placements_generation BEFORE INSERT OR UPDATE ON "placements"
  FOR EACH ROW EXECUTE FUNCTION bulkhead_placement_generation();

-- Delivered at commit, to every session listening on the control-plane database. The payload is a
-- hint only (tenant, layer, generation): a receiver drops its caches and reads the row afresh, so a
-- forged notice can cost a cache miss, never redirect a request.
CREATE FUNCTION bulkhead_placement_notify() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  changed record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  PERFORM pg_notify('bulkhead_changes', json_build_object(
    'topic', 'placement',
    'tenantId', changed.tenant_id,
    'layer', changed.layer,
    'generation', CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE changed.generation END
  )::text);
  RETURN NULL;
END
$$;
CREATE TRIGGER placements_notify AFTER INSERT OR UPDATE OR DELETE ON "placements"
  FOR EACH ROW EXECUTE FUNCTION bulkhead_placement_notify();
