-- The logs layer (issue: the log follows the tenant's log tier): the audit hash chain of a tenant
-- whose log is placed in its own schema (schema_kms) or database (dedicated). Same shape as the
-- control plane's public.audit_* tables (which remain the namespace tier), so lib/audit has one
-- appender and one verifier. Schema-agnostic like every data-plane migration: it names no schema
-- and no role. Grants are per placement (lib/placement/placement-ddl.ts grantPlacementAccess),
-- which gives the placement's role INSERT and SELECT only here (UPDATE of the head's seq, hash and
-- time, which appenders move). Not here, on purpose: the signed checkpoints and the chain's
-- verification status stay in the control plane, kept apart from the log they vouch for, so a
-- restored older copy of this schema or database is contradicted by them.

-- CreateTable
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

-- CreateTable
CREATE TABLE "audit_heads" (
    "tenant_id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "frozen" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "audit_heads_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "audit_retention_marks" (
    "tenant_id" UUID NOT NULL,
    "through_seq" BIGINT NOT NULL,
    "hash_at_seq" TEXT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_by" TEXT NOT NULL,

    CONSTRAINT "audit_retention_marks_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_time_idx" ON "audit_events"("tenant_id", "time");

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_action_seq_idx" ON "audit_events"("tenant_id", "action", "seq");

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_actor_id_seq_idx" ON "audit_events"("tenant_id", "actor_id", "seq");

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_request_id_idx" ON "audit_events"("tenant_id", "request_id");


-- ---------------------------------------------------------------------------------------------
-- Row-level security, forced, for every role (as on the other data-plane tables): a second wall
-- behind the placement role's privileges on its own schema or database.
-- ---------------------------------------------------------------------------------------------

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_events', 'audit_heads', 'audit_retention_marks'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid) '
      'WITH CHECK (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
  END LOOP;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Append-only, whatever the grants say: the trigger refuses every UPDATE, DELETE and TRUNCATE of
-- events. The one exception mirrors the control plane's retention path: a DELETE
-- by the tables' owner (the placement worker's role, never a request's) inside a transaction that
-- set bulkhead.audit_retention. Dropping the whole schema or database (the old copy after a tier
-- migration) fires no row trigger.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION "bulkhead_audit_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('bulkhead.audit_retention', true) = 'on'
     AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "bulkhead_audit_refuse_change"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "bulkhead_audit_refuse_change"();
