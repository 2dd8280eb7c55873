-- The log layer can leave the shared audit tables for the tenant's own schema or database
-- (lib/placement, data-plane migration 20261128000000_audit_log). The shared tables stay the
-- namespace tier; two additions let a chain leave them and come back without a fork or a loss.

-- A frozen head refuses appends. A tier migration freezes the chain it copies from (appenders read
-- the flag under the head lock, in the same statement, so none slips past the freeze) and the copy
-- it builds until the switch. Once a chain has moved out, its shared head stays frozen as a
-- tombstone: an appender still holding the old placement fails closed instead of starting a second
-- chain at seq 1 here.
ALTER TABLE "audit_heads" ADD COLUMN "frozen" BOOLEAN NOT NULL DEFAULT false;

-- Appenders move the head; only the platform role (the placement worker) may freeze or thaw it.
REVOKE UPDATE ON "audit_heads" FROM bulkhead_app;
GRANT UPDATE ("seq", "hash", "time") ON "audit_heads" TO bulkhead_app;

-- The release below runs as the owner: it must see the rows it changes (row-level security is forced).
CREATE POLICY owner_release ON "audit_heads" FOR ALL TO bulkhead_owner USING (true) WITH CHECK (true);
CREATE POLICY owner_read ON "placements" FOR SELECT TO bulkhead_owner USING (true);

-- The shared copy of a chain that moved to another tier is destroyed here, the only DELETE besides
-- retention that the append-only trigger lets through. It refuses unless the control plane already
-- places the tenant's log elsewhere and active, so it can never remove the live copy; the head stays
-- behind, emptied and frozen (the tombstone above). The signed checkpoints stay: they are kept in
-- these shared tables for every log tier, apart from the log they vouch for.
CREATE FUNCTION bulkhead_audit_release_moved_chain(p_tenant uuid)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  removed bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM placements WHERE tenant_id = p_tenant AND layer = 'logs' AND tier <> 'namespace' AND state = 'active') THEN
    RAISE EXCEPTION 'the log of tenant % still lives in the shared tables', p_tenant USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('bulkhead.audit_retention', 'on', true);
  DELETE FROM audit_events WHERE tenant_id = p_tenant;
  GET DIAGNOSTICS removed = ROW_COUNT;
  DELETE FROM audit_retention_marks WHERE tenant_id = p_tenant;
  PERFORM set_config('bulkhead.audit_retention', 'off', true);
  INSERT INTO audit_heads (tenant_id, seq, hash, time, frozen) VALUES (p_tenant, 0, repeat('0', 64), to_timestamp(0), true)
  ON CONFLICT (tenant_id) DO UPDATE SET seq = 0, hash = repeat('0', 64), time = to_timestamp(0), frozen = true;
  RETURN removed;
END $$;
REVOKE ALL ON FUNCTION bulkhead_audit_release_moved_chain(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_audit_release_moved_chain(uuid) TO bulkhead_platform;

-- Until this migration the log never left these tables, whatever its placement row said: a row that
-- names another location (or the data_plane schema) for a log describes a place that never held the
-- chain. Point every such row back here, where the chain is, so it is read and appended in the right
-- place; changing the log's tier is now a migration that moves it (and reuses that location: its
-- names are deterministic). An unfinished provisioning of a log is closed for the same reason.
ALTER TABLE "placements" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "placement_operations" NO FORCE ROW LEVEL SECURITY;
UPDATE "placements"
   SET tier = 'namespace', state = 'active', schema_name = 'public', database_name = NULL, role_name = NULL,
       role_password_sealed = NULL, external_url_sealed = NULL, updated_at = CURRENT_TIMESTAMP
 WHERE layer = 'logs';
UPDATE "placement_operations"
   SET status = 'failed', error = 'superseded: a log changes tier by migration', finished_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
 WHERE layer = 'logs' AND status = 'running';
ALTER TABLE "placements" FORCE ROW LEVEL SECURITY;
ALTER TABLE "placement_operations" FORCE ROW LEVEL SECURITY;
