-- Key lifecycle (lib/kms): re-wrap jobs that move stored data keys onto a key's new material (or to
-- another key), and signed receipts of crypto-shredding. Generated shape first, then the security model.

-- CreateEnum
CREATE TYPE "RewrapJobState" AS ENUM ('running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "kms_rewrap_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "state" "RewrapJobState" NOT NULL DEFAULT 'running',
    "from_owner" TEXT NOT NULL,
    "to_owner" TEXT NOT NULL,
    "source_key_id" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "cursor_column" TEXT,
    "cursor_id" TEXT,
    "requested_by" TEXT NOT NULL,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "kms_rewrap_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kms_deletion_receipts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "key_id" TEXT NOT NULL,
    "key_arn" TEXT NOT NULL,
    "disabled_at" TIMESTAMPTZ(3) NOT NULL,
    "deletion_date" TIMESTAMPTZ(3) NOT NULL,
    "requested_by" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "signing_key_id" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kms_deletion_receipts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "kms_rewrap_jobs_tenant_id_started_at_idx" ON "kms_rewrap_jobs"("tenant_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "kms_deletion_receipts_tenant_id_key_id_key" ON "kms_deletion_receipts"("tenant_id", "key_id");


-- ---------------------------------------------------------------------------------------------
-- Security model. No foreign key to tenants on purpose: a receipt is the record that a tenant's
-- key was destroyed and must outlive anything done to the tenant row. Receipts are append-only
-- (no UPDATE or DELETE grant to anyone but the owner). Tenant admins start re-wrap jobs in their
-- tenant's context; platform admins reach every tenant's jobs and write receipts.
-- ---------------------------------------------------------------------------------------------

ALTER TABLE "kms_rewrap_jobs" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "kms_rewrap_jobs" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "kms_rewrap_jobs" TO bulkhead_app
  USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "kms_rewrap_jobs" TO bulkhead_platform USING (true) WITH CHECK (true);

ALTER TABLE "kms_deletion_receipts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "kms_deletion_receipts" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "kms_deletion_receipts" TO bulkhead_app
  USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "kms_deletion_receipts" TO bulkhead_platform USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON "kms_rewrap_jobs" TO bulkhead_app, bulkhead_platform;
GRANT SELECT ON "kms_deletion_receipts" TO bulkhead_app;
GRANT SELECT, INSERT ON "kms_deletion_receipts" TO bulkhead_platform;
