-- Open invitations get an id of their own, so an admin can withdraw one without the token's hash
-- ever leaving the server.
ALTER TABLE "account_links" ADD COLUMN "id" UUID NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX "account_links_id_key" ON "account_links"("id");

-- A claim may map to a platform role (platform admin, or compliance officer for the tenants listed)
-- instead of a tenant role: exactly one of the two per rule.
ALTER TABLE "sso_role_mappings" ALTER COLUMN "tenant_id" DROP NOT NULL;
ALTER TABLE "sso_role_mappings" ALTER COLUMN "membership_role" DROP NOT NULL;
ALTER TABLE "sso_role_mappings" ADD COLUMN "platform_role" "PlatformRole";
ALTER TABLE "sso_role_mappings" ADD COLUMN "compliance_tenant_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[];
ALTER TABLE "sso_role_mappings" ADD CONSTRAINT "sso_role_mappings_shape" CHECK (
  ("tenant_id" IS NOT NULL AND "membership_role" IS NOT NULL AND "platform_role" IS NULL AND cardinality("compliance_tenant_ids") = 0)
  OR ("tenant_id" IS NULL AND "membership_role" IS NULL AND "platform_role" IS NOT NULL
      AND ("platform_role" = 'compliance_officer' OR cardinality("compliance_tenant_ids") = 0))
);
-- One platform rule per claim value (the tenant-role rules stay unique per tenant, above).
CREATE UNIQUE INDEX "sso_role_mappings_platform_key" ON "sso_role_mappings"("claim", "value") WHERE "tenant_id" IS NULL;

-- Which platform role and compliance assignments single sign-on granted: only those follow the
-- mapping at each SSO sign-in; what the console granted stays as it is.
ALTER TABLE "users" ADD COLUMN "platform_role_by_sso" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "compliance_assignments" ADD COLUMN "granted_by_sso" BOOLEAN NOT NULL DEFAULT false;
