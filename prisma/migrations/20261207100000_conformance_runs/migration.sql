-- Isolation conformance runs: each run attacks one tenant's live placements and records, per check,
-- what it attacked, what it expected, what it observed and how its positive control came out.
-- A run is evidence about its tenant, so it is tenant-owned like the audit tables: forced RLS keyed
-- on app.tenant_id, and the platform role for the cross-tenant history the scheduler reads.

CREATE TABLE "conformance_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "trigger" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "planned_checks" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "conformance_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "conformance_runs_status_check" CHECK ("status" IN ('running', 'passed', 'failed', 'error')),
    CONSTRAINT "conformance_runs_trigger_check" CHECK ("trigger" IN ('console', 'cli', 'schedule'))
);

CREATE TABLE "conformance_check_results" (
    "run_id" UUID NOT NULL,
    "check_id" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "layer" TEXT NOT NULL,
    "attacked" TEXT NOT NULL,
    "expected" TEXT NOT NULL,
    "observed" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "control_result" TEXT NOT NULL,
    "control_observed" TEXT NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conformance_check_results_pkey" PRIMARY KEY ("run_id", "check_id"),
    CONSTRAINT "conformance_check_results_result_check" CHECK ("result" IN ('pass', 'fail', 'error', 'not_applicable')),
    CONSTRAINT "conformance_check_results_control_check" CHECK ("control_result" IN ('pass', 'fail', 'not_applicable'))
);

CREATE INDEX "conformance_runs_tenant_id_started_at_idx" ON "conformance_runs"("tenant_id", "started_at");
CREATE INDEX "conformance_check_results_tenant_id_idx" ON "conformance_check_results"("tenant_id");

ALTER TABLE "conformance_runs" ADD CONSTRAINT "conformance_runs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conformance_check_results" ADD CONSTRAINT "conformance_check_results_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "conformance_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['conformance_runs', 'conformance_check_results'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I TO bulkhead_app
      USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
    EXECUTE format('CREATE POLICY platform_access ON %I TO bulkhead_platform USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;

-- A run is written once and closed once; results are only added. Nobody edits or deletes evidence
-- through the app (tenant offboarding deletes it with the tenant, as the owner).
GRANT SELECT, INSERT ON "conformance_runs" TO bulkhead_app;
GRANT UPDATE ("status", "finished_at") ON "conformance_runs" TO bulkhead_app;
GRANT SELECT, INSERT ON "conformance_check_results" TO bulkhead_app;
GRANT SELECT ON "conformance_runs", "conformance_check_results" TO bulkhead_platform;

-- The context probe plants a one-time canary for the tenant and must remove it afterwards, but the
-- app role may not delete canaries (a planted prompt's canary must outlive its prompt). This removes
-- only probe canaries, only of the tenant in the caller's context.
CREATE FUNCTION bulkhead_remove_probe_canary(p_token_hash text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE removed integer;
BEGIN
  DELETE FROM canaries
   WHERE token_hash = p_token_hash
     AND source = 'conformance_probe'
     AND tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid;
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END $$;
CREATE POLICY owner_probe_cleanup ON "canaries" FOR DELETE TO bulkhead_owner USING ("source" = 'conformance_probe');
REVOKE ALL ON FUNCTION bulkhead_remove_probe_canary(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_remove_probe_canary(text) TO bulkhead_app;
