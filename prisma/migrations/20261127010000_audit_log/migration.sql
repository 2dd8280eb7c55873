-- The audit log: one append-only hash chain per tenant, its head, signed checkpoints, retention marks.

CREATE TABLE "audit_events" (
    "tenant_id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_label" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "request_id" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "payload_json" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("tenant_id","seq")
);

CREATE TABLE "audit_heads" (
    "tenant_id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_heads_pkey" PRIMARY KEY ("tenant_id")
);

CREATE TABLE "audit_checkpoints" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "head_hash" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "prev_signature" TEXT,
    "signature" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_retention_marks" (
    "tenant_id" UUID NOT NULL,
    "through_seq" BIGINT NOT NULL,
    "hash_at_seq" TEXT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_by" TEXT NOT NULL,

    CONSTRAINT "audit_retention_marks_pkey" PRIMARY KEY ("tenant_id")
);

CREATE INDEX "audit_events_tenant_id_time_idx" ON "audit_events"("tenant_id", "time");
CREATE INDEX "audit_events_tenant_id_action_seq_idx" ON "audit_events"("tenant_id", "action", "seq");
CREATE INDEX "audit_events_tenant_id_actor_id_seq_idx" ON "audit_events"("tenant_id", "actor_id", "seq");
CREATE INDEX "audit_events_tenant_id_request_id_idx" ON "audit_events"("tenant_id", "request_id");
CREATE UNIQUE INDEX "audit_checkpoints_tenant_id_seq_key" ON "audit_checkpoints"("tenant_id", "seq");

-- No trigram index for the viewer's free-text search: under row-level security Postgres uses only
-- leakproof operators as index conditions, and ILIKE is not one, so for the app role such an index would
-- cost every append and serve no query. A search walks the tenant's own rows newest first (primary key)
-- and stops at a full page; a time range bounds the walk (lib/audit/store/event-query-sql.ts).

-- Tenant isolation, as on every tenant table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_events', 'audit_heads', 'audit_checkpoints', 'audit_retention_marks'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I TO bulkhead_app
      USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
    EXECUTE format('CREATE POLICY platform_access ON %I TO bulkhead_platform USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;

-- Append-only: the app and platform roles may insert and read events, never change them.
GRANT SELECT, INSERT ON "audit_events" TO bulkhead_app, bulkhead_platform;
GRANT SELECT, INSERT, UPDATE ON "audit_heads" TO bulkhead_app, bulkhead_platform;
GRANT SELECT, INSERT ON "audit_checkpoints" TO bulkhead_app, bulkhead_platform;
GRANT SELECT ON "audit_retention_marks" TO bulkhead_app, bulkhead_platform;

-- Grants alone do not stop the owner or a future mis-grant: the trigger refuses every UPDATE,
-- and DELETE except inside the retention function below (which records itself).
CREATE FUNCTION bulkhead_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('bulkhead.audit_retention', true) = 'on' AND current_user = 'bulkhead_owner' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION bulkhead_audit_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION bulkhead_audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION bulkhead_audit_refuse_change();

-- Retention: the one maintenance path. Deletes a tenant's events up to p_through_seq, keeps the
-- hash at the cut so the rest still verifies, and is callable only by the platform role; the
-- caller appends an 'audit.retention' event in the same transaction (lib/audit).
CREATE POLICY owner_retention ON "audit_events" FOR ALL TO bulkhead_owner USING (true) WITH CHECK (true);
CREATE POLICY owner_retention ON "audit_retention_marks" FOR ALL TO bulkhead_owner USING (true) WITH CHECK (true);

CREATE FUNCTION bulkhead_audit_apply_retention(p_tenant uuid, p_through_seq bigint, p_applied_by text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  cut_hash text;
  removed bigint;
BEGIN
  SELECT hash INTO cut_hash FROM audit_events WHERE tenant_id = p_tenant AND seq = p_through_seq;
  IF cut_hash IS NULL THEN
    RAISE EXCEPTION 'no audit event % for that tenant', p_through_seq;
  END IF;
  PERFORM set_config('bulkhead.audit_retention', 'on', true);
  DELETE FROM audit_events WHERE tenant_id = p_tenant AND seq <= p_through_seq;
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('bulkhead.audit_retention', 'off', true);
  INSERT INTO audit_retention_marks (tenant_id, through_seq, hash_at_seq, applied_by)
  VALUES (p_tenant, p_through_seq, cut_hash, p_applied_by)
  ON CONFLICT (tenant_id) DO UPDATE SET through_seq = EXCLUDED.through_seq, hash_at_seq = EXCLUDED.hash_at_seq,
    applied_at = CURRENT_TIMESTAMP, applied_by = EXCLUDED.applied_by;
  RETURN removed;
END $$;
REVOKE ALL ON FUNCTION bulkhead_audit_apply_retention(uuid, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_audit_apply_retention(uuid, bigint, text) TO bulkhead_platform;
