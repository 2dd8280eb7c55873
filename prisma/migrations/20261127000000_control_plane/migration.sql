-- Control plane tables. Generated shape (prisma migrate diff) followed by the security model
-- Prisma cannot express: row-level security, grants, and the identity functions.

CREATE TYPE "TenantKind" AS ENUM ('internal_department', 'external_client');
CREATE TYPE "Tier" AS ENUM ('namespace', 'schema_kms', 'dedicated');
CREATE TYPE "PlatformRole" AS ENUM ('platform_admin', 'compliance_officer');
CREATE TYPE "MembershipRole" AS ENUM ('admin', 'member');
CREATE TYPE "TenantStatus" AS ENUM ('active', 'offboarded');

CREATE TABLE "tenants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "TenantKind" NOT NULL,
    "data_classes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "regimes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "adversarial" BOOLEAN NOT NULL DEFAULT false,
    "has_own_dpa" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT NOT NULL DEFAULT '',
    "prompt_tier" "Tier" NOT NULL DEFAULT 'namespace',
    "retrieval_tier" "Tier" NOT NULL DEFAULT 'namespace',
    "logs_tier" "Tier" NOT NULL DEFAULT 'namespace',
    "status" "TenantStatus" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "platform_role" "PlatformRole",
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sessions" (
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("token_hash")
);

CREATE TABLE "memberships" (
    "tenant_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "MembershipRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("tenant_id","user_id")
);

CREATE TABLE "compliance_assignments" (
    "tenant_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "compliance_assignments_pkey" PRIMARY KEY ("tenant_id","user_id")
);

CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants"("slug");
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");
CREATE INDEX "compliance_assignments_user_id_idx" ON "compliance_assignments"("user_id");

ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "compliance_assignments" ADD CONSTRAINT "compliance_assignments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "compliance_assignments" ADD CONSTRAINT "compliance_assignments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Security model.
-- bulkhead_app: what request handling connects as. Tenant-owned rows only through RLS keyed on
--   the transaction-local setting app.tenant_id, which lib/tenancy sets and nothing else does.
-- bulkhead_platform: the explicit cross-tenant path for platform admins (lib/tenancy/platform).
--   Its policies are keyed on the role, never on a setting any session could set.
-- bulkhead_owner: migrations; reads identity rows for the SECURITY DEFINER functions below.
-- ---------------------------------------------------------------------------------------------

ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "tenants" TO bulkhead_app
  USING ("id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "tenants" TO bulkhead_platform USING (true) WITH CHECK (true);
CREATE POLICY owner_read ON "tenants" FOR SELECT TO bulkhead_owner USING (true);

ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "memberships" TO bulkhead_app
  USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "memberships" TO bulkhead_platform USING (true) WITH CHECK (true);
CREATE POLICY owner_read ON "memberships" FOR SELECT TO bulkhead_owner USING (true);

ALTER TABLE "compliance_assignments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "compliance_assignments" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "compliance_assignments" TO bulkhead_app
  USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "compliance_assignments" TO bulkhead_platform USING (true) WITH CHECK (true);
CREATE POLICY owner_read ON "compliance_assignments" FOR SELECT TO bulkhead_owner USING (true);

GRANT USAGE ON SCHEMA public TO bulkhead_app, bulkhead_platform;
GRANT SELECT, UPDATE ON "tenants" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "memberships" TO bulkhead_app;
GRANT SELECT ON "compliance_assignments" TO bulkhead_app;
GRANT SELECT ON "users" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE ON "sessions" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "tenants", "users", "sessions", "memberships", "compliance_assignments" TO bulkhead_platform;

-- Which tenants a signed-in user may act on, and as what. The one cross-tenant read the app role
-- needs before it knows a tenant; it returns only the caller-named user's own grants.
CREATE FUNCTION bulkhead_principal_grants(p_user_id uuid)
RETURNS TABLE (tenant_id uuid, slug text, name text, grant_role text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT t.id, t.slug, t.name, m.role::text
    FROM memberships m JOIN tenants t ON t.id = m.tenant_id
   WHERE m.user_id = p_user_id AND t.status = 'active'
  UNION ALL
  SELECT t.id, t.slug, t.name, 'compliance'
    FROM compliance_assignments c JOIN tenants t ON t.id = c.tenant_id
   WHERE c.user_id = p_user_id AND t.status = 'active'
$$;
REVOKE ALL ON FUNCTION bulkhead_principal_grants(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_principal_grants(uuid) TO bulkhead_app;
