-- Risk acceptances: a platform admin's recorded decision to run one layer of a tenant below the
-- minimum tier the isolation policy requires, until an expiry date. Generated shape first, then the
-- invariants Prisma cannot express and the security model.

CREATE TYPE "Layer" AS ENUM ('prompt', 'retrieval', 'logs');

CREATE TABLE "risk_acceptances" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "layer" "Layer" NOT NULL,
    "accepted_tier" "Tier" NOT NULL,
    "required_tier" "Tier" NOT NULL,
    "rule_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "justification" TEXT NOT NULL,
    "accepted_by" UUID NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "risk_acceptances_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "risk_acceptances_tenant_id_layer_idx" ON "risk_acceptances"("tenant_id", "layer");
CREATE INDEX "risk_acceptances_accepted_by_idx" ON "risk_acceptances"("accepted_by");

ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_accepted_by_fkey" FOREIGN KEY ("accepted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- An acceptance only makes sense for a gap (enum order is tier strength), with a reason, for a while.
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_below_required_check" CHECK ("accepted_tier" < "required_tier");
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_justification_check" CHECK (char_length("justification") BETWEEN 20 AND 2000);
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_expiry_check" CHECK ("expires_at" > "accepted_at");
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_revocation_check" CHECK ("revoked_at" IS NULL OR "revoked_at" >= "accepted_at");

-- Tenant isolation as on every tenant table. Tenant members read their own tenant's acceptances;
-- only the platform role records and revokes them, and nobody deletes them (they are the record).
ALTER TABLE "risk_acceptances" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "risk_acceptances" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "risk_acceptances" TO bulkhead_app
  USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "risk_acceptances" TO bulkhead_platform USING (true) WITH CHECK (true);

GRANT SELECT ON "risk_acceptances" TO bulkhead_app;
GRANT SELECT, INSERT ON "risk_acceptances" TO bulkhead_platform;
-- Revoking sets revoked_at; the rest of an acceptance never changes.
GRANT UPDATE ("revoked_at") ON "risk_acceptances" TO bulkhead_platform;
