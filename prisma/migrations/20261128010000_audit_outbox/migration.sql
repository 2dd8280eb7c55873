-- Admin changes write their audit event in the change's own control-plane transaction. When the
-- tenant's log lives in its own schema or database (or is being moved), that event cannot commit
-- there atomically with the change, so it is held here, in the same transaction, and relayed into
-- the tenant's chain afterwards (lib/audit/store/relay-audit-outbox.ts). Held, never lost: the
-- change and its event commit or roll back together.

CREATE TABLE "audit_outbox" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "position" BIGSERIAL NOT NULL,
    "fields_json" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_outbox_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "audit_outbox_tenant_id_position_idx" ON "audit_outbox"("tenant_id", "position");

ALTER TABLE "audit_outbox" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_outbox" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_outbox" TO bulkhead_app
  USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "audit_outbox" TO bulkhead_platform USING (true) WITH CHECK (true);

-- The application role may only add held events; the relay (the platform role) reads and removes
-- them once they are in the chain, so a request cannot drop an event it would rather not see logged.
GRANT INSERT ON "audit_outbox" TO bulkhead_app;
GRANT SELECT, INSERT, DELETE ON "audit_outbox" TO bulkhead_platform;
GRANT USAGE ON SEQUENCE "audit_outbox_position_seq" TO bulkhead_app, bulkhead_platform;
