-- Checkpoint signing keys (control plane) and each tenant's last chain verification (tenant-owned).

CREATE TABLE "audit_signing_keys" (
    "id" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "public_key" TEXT NOT NULL,
    "sealed_private_key" TEXT NOT NULL,
    "kek_source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "audit_signing_keys_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_chain_status" (
    "tenant_id" UUID NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "verified_through_seq" BIGINT NOT NULL,
    "head_hash" TEXT NOT NULL,
    "event_count" BIGINT NOT NULL,
    "problem_seq" BIGINT,
    "problem_kind" TEXT,
    "problem_detail" TEXT,
    "trusted_checkpoint" TEXT,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,
    "checked_by" TEXT NOT NULL,

    CONSTRAINT "audit_chain_status_pkey" PRIMARY KEY ("tenant_id")
);

CREATE UNIQUE INDEX "audit_signing_keys_generation_key" ON "audit_signing_keys"("generation");

-- Signing keys belong to no tenant, so no RLS: only the platform role may read them (the private key is
-- stored sealed under a key-encryption key that is not in the database) and add one; none is ever changed
-- except to retire it. The app role has no access at all.
GRANT SELECT, INSERT ON "audit_signing_keys" TO bulkhead_platform;
GRANT UPDATE ("retired_at") ON "audit_signing_keys" TO bulkhead_platform;

-- Chain status is tenant data like the chain itself.
ALTER TABLE "audit_chain_status" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_chain_status" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_chain_status" TO bulkhead_app
  USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "audit_chain_status" TO bulkhead_platform USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON "audit_chain_status" TO bulkhead_app, bulkhead_platform;

-- Checkpoints are as append-only as the events they cover.
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON "audit_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION bulkhead_audit_refuse_change();
