-- Data-plane placement (lib/placement): where each layer of each tenant lives, and the step ledger of
-- provisioning and tier migrations. Generated shape (prisma migrate diff), then the security model.

-- CreateEnum
CREATE TYPE "PlacementState" AS ENUM ('provisioning', 'active', 'migrating', 'retired');

-- CreateEnum
CREATE TYPE "PlacementOperationStatus" AS ENUM ('running', 'succeeded', 'failed', 'rolled_back');

-- CreateTable
CREATE TABLE "placements" (
    "tenant_id" UUID NOT NULL,
    "layer" "Layer" NOT NULL,
    "tier" "Tier" NOT NULL,
    "state" "PlacementState" NOT NULL,
    "schema_name" TEXT NOT NULL,
    "database_name" TEXT,
    "role_name" TEXT,
    "role_password_sealed" TEXT,
    "external_url_sealed" TEXT,
    "migration_version" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "placements_pkey" PRIMARY KEY ("tenant_id","layer")
);

-- CreateTable
CREATE TABLE "placement_operations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "layer" "Layer" NOT NULL,
    "kind" TEXT NOT NULL,
    "from_tier" "Tier",
    "to_tier" "Tier" NOT NULL,
    "status" "PlacementOperationStatus" NOT NULL,
    "steps" TEXT[],
    "completed_steps" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "schema_name" TEXT NOT NULL,
    "database_name" TEXT,
    "role_name" TEXT,
    "role_password_sealed" TEXT,
    "external_url_sealed" TEXT,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "placement_operations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "placement_operations_tenant_id_layer_started_at_idx" ON "placement_operations"("tenant_id", "layer", "started_at");

-- AddForeignKey
ALTER TABLE "placements" ADD CONSTRAINT "placements_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "placement_operations" ADD CONSTRAINT "placement_operations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------
-- Security model. The app role reads its tenant's placement (withTenantData looks it up in the
-- tenant's context) and never writes it: only the provisioning worker does, on the platform role.
-- ---------------------------------------------------------------------------------------------

ALTER TABLE "placements" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "placements" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "placements" TO bulkhead_app
  USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "placements" TO bulkhead_platform USING (true) WITH CHECK (true);

ALTER TABLE "placement_operations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "placement_operations" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "placement_operations" TO bulkhead_app
  USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "placement_operations" TO bulkhead_platform USING (true) WITH CHECK (true);

GRANT SELECT ON "placements", "placement_operations" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "placements", "placement_operations" TO bulkhead_platform;
