-- Per-tenant request budgets shared by every gateway process (lib/enforcement/leased-rate-limit.ts):
-- one token bucket per tenant. Processes lease a few tokens at a time from it, so the tenant's rate
-- holds across processes and machines without a database round trip per request.
CREATE TABLE "gateway_rate_budgets" (
    "tenant_id" UUID NOT NULL,
    -- Tokens left after the last lease (fractional: the bucket refills continuously).
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilled_at" TIMESTAMPTZ(6) NOT NULL,
    -- What the last lease granted, so the lease statement can return it (RETURNING sees the new row only).
    "last_granted" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "gateway_rate_budgets_pkey" PRIMARY KEY ("tenant_id")
);

ALTER TABLE "gateway_rate_budgets" ADD CONSTRAINT "gateway_rate_budgets_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "gateway_rate_budgets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "gateway_rate_budgets" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "gateway_rate_budgets" TO bulkhead_app
  USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "gateway_rate_budgets" TO bulkhead_platform USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON "gateway_rate_budgets" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "gateway_rate_budgets" TO bulkhead_platform;
