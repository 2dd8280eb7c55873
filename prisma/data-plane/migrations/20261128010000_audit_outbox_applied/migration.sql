-- Which held events (control plane audit_outbox) a placed chain already took: written in the same
-- transaction as the appended events, so a relay that crashed before removing them from the outbox
-- does not append them twice. The placement role may read and insert only (grantPlacementAccess).

-- CreateTable
CREATE TABLE "audit_outbox_applied" (
    "outbox_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,

    CONSTRAINT "audit_outbox_applied_pkey" PRIMARY KEY ("outbox_id")
);

ALTER TABLE "audit_outbox_applied" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_outbox_applied" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_outbox_applied"
  USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
