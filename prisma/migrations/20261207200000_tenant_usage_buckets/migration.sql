-- The console's overview charts read pre-aggregated traffic, never the audit chains: one row per
-- tenant, bucket size and bucket, added to as the gateway records each request's audit event
-- (lib/control/usage). Kept in the control plane for every log tier, like incidents: counts and
-- timings only, no request content, so a placed or dedicated log need not be opened to draw a chart.
-- Three bucket sizes so every range reads a few hundred rows per tenant: 5 minutes (1 h and 24 h
-- ranges), 1 hour (7 days), 1 day (30 days).
CREATE TABLE "tenant_usage_buckets" (
    "tenant_id" UUID NOT NULL,
    "bucket_seconds" INTEGER NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "success" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "denied" INTEGER NOT NULL DEFAULT 0,
    "failure" INTEGER NOT NULL DEFAULT 0,
    "tokens_in" BIGINT NOT NULL DEFAULT 0,
    "tokens_out" BIGINT NOT NULL DEFAULT 0,
    "incidents" INTEGER NOT NULL DEFAULT 0,
    -- Request counts per latency band (bounds in lib/control/usage/latency-bands.ts), so p50 and p95
    -- of any range are read from summed bands instead of from every request.
    "overhead_bands" INTEGER[] NOT NULL,
    "upstream_bands" INTEGER[] NOT NULL,

    CONSTRAINT "tenant_usage_buckets_pkey" PRIMARY KEY ("tenant_id", "bucket_seconds", "bucket_start"),
    CONSTRAINT "tenant_usage_buckets_size" CHECK ("bucket_seconds" IN (300, 3600, 86400))
);

-- The platform overview ranks tenants over a range from one bucket size: an index-only scan (the
-- rows themselves are wide with their latency bands).
CREATE INDEX "tenant_usage_buckets_platform_idx" ON "tenant_usage_buckets" ("bucket_seconds", "bucket_start") INCLUDE ("tenant_id", "success", "flagged", "blocked", "denied", "failure");

ALTER TABLE "tenant_usage_buckets" ADD CONSTRAINT "tenant_usage_buckets_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "tenant_usage_buckets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tenant_usage_buckets" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "tenant_usage_buckets" TO bulkhead_app
  USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "tenant_usage_buckets" FOR SELECT TO bulkhead_platform USING (true);

GRANT SELECT, INSERT, UPDATE ON "tenant_usage_buckets" TO bulkhead_app;
GRANT SELECT ON "tenant_usage_buckets" TO bulkhead_platform;

-- The same counts summed over every tenant, per bucket: the platform overview reads a few dozen rows
-- here instead of summing a thousand tenants' buckets on page load. No tenant column and nothing a
-- tenant owns, so no row-level security; only the application (which adds to it as it writes the
-- tenant rows) and the platform role reach it.
CREATE TABLE "platform_usage_buckets" (
    "bucket_seconds" INTEGER NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "success" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "denied" INTEGER NOT NULL DEFAULT 0,
    "failure" INTEGER NOT NULL DEFAULT 0,
    "tokens_in" BIGINT NOT NULL DEFAULT 0,
    "tokens_out" BIGINT NOT NULL DEFAULT 0,
    "incidents" INTEGER NOT NULL DEFAULT 0,
    "overhead_bands" INTEGER[] NOT NULL,
    "upstream_bands" INTEGER[] NOT NULL,

    CONSTRAINT "platform_usage_buckets_pkey" PRIMARY KEY ("bucket_seconds", "bucket_start"),
    CONSTRAINT "platform_usage_buckets_size" CHECK ("bucket_seconds" IN (300, 3600, 86400))
);
GRANT SELECT, INSERT, UPDATE ON "platform_usage_buckets" TO bulkhead_app;
GRANT SELECT ON "platform_usage_buckets" TO bulkhead_platform;

-- Retention: each bucket size is kept as long as a range that reads it, and its previous period, can
-- reach back (5 minutes: 2 days, 1 hour: 14 days, 1 day: 400 days). Deletes by age only, for every
-- tenant at once: a definer function, so the app role needs no cross-tenant DELETE of its own.
CREATE POLICY owner_prune ON "tenant_usage_buckets" FOR SELECT TO bulkhead_owner USING (true);
CREATE POLICY owner_prune_delete ON "tenant_usage_buckets" FOR DELETE TO bulkhead_owner USING (true);
CREATE FUNCTION bulkhead_prune_usage_buckets() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  WITH pruned AS (
    DELETE FROM tenant_usage_buckets
    WHERE (bucket_seconds = 300 AND bucket_start < now() - interval '2 days')
       OR (bucket_seconds = 3600 AND bucket_start < now() - interval '14 days')
       OR (bucket_seconds = 86400 AND bucket_start < now() - interval '400 days')
    RETURNING 1
  ), pruned_platform AS (
    DELETE FROM platform_usage_buckets
    WHERE (bucket_seconds = 300 AND bucket_start < now() - interval '2 days')
       OR (bucket_seconds = 3600 AND bucket_start < now() - interval '14 days')
       OR (bucket_seconds = 86400 AND bucket_start < now() - interval '400 days')
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM pruned) + (SELECT count(*) FROM pruned_platform);
$$;
REVOKE ALL ON FUNCTION bulkhead_prune_usage_buckets() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_prune_usage_buckets() TO bulkhead_app;
