-- Incident triage in the console: an assignee, a version for optimistic concurrency (two admins
-- changing one incident: the second sees a conflict instead of silently overwriting the first), and
-- the incident's activity (status changes, assignment, notes) that its timeline shows. Each change
-- also appends an audit event in the tenant's chain; this table is what the console reads, the chain
-- is the evidence.

ALTER TABLE "incidents" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "incidents" ADD COLUMN "assignee_id" UUID;
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- The activity's foreign key names the tenant too, so a row of one tenant can never point at another's incident.
CREATE UNIQUE INDEX "incidents_id_tenant_id_key" ON "incidents"("id", "tenant_id");
-- Keyset paging, newest first: one tenant's list and the platform's list across tenants.
CREATE INDEX "incidents_tenant_id_opened_at_id_idx" ON "incidents"("tenant_id", "opened_at" DESC, "id" DESC);
CREATE INDEX "incidents_opened_at_id_idx" ON "incidents"("opened_at" DESC, "id" DESC);

GRANT UPDATE ("version", "assignee_id") ON "incidents" TO bulkhead_app;

CREATE TABLE "incident_activity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "before_value" TEXT,
    "after_value" TEXT,
    "note" TEXT,
    "actor_id" UUID,
    "actor_label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_activity_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "incident_activity_kind_check" CHECK ("kind" IN ('status', 'assignment', 'note')),
    CONSTRAINT "incident_activity_note_check" CHECK (("kind" = 'note') = ("note" IS NOT NULL) AND char_length("note") <= 4000)
);

CREATE INDEX "incident_activity_incident_id_created_at_idx" ON "incident_activity"("incident_id", "created_at");

ALTER TABLE "incident_activity" ADD CONSTRAINT "incident_activity_incident_fkey" FOREIGN KEY ("incident_id", "tenant_id") REFERENCES "incidents"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident_activity" ADD CONSTRAINT "incident_activity_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "incident_activity" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "incident_activity" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "incident_activity" TO bulkhead_app
  USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "incident_activity" TO bulkhead_platform USING (true) WITH CHECK (true);

-- The activity is a record: the app appends to it and never edits or deletes it.
GRANT SELECT, INSERT ON "incident_activity" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "incident_activity" TO bulkhead_platform;
