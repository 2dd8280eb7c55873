-- Users and memberships managed in the console: invitations and admin-issued password resets as
-- one-time links, accounts without a password until one is set (an invitation not yet accepted
-- creates none; single sign-on accounts may never have one).
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;

CREATE TYPE "AccountLinkKind" AS ENUM ('invitation', 'password_reset');

-- One-time links: only the SHA-256 of the token is stored; the token is shown once to the admin who
-- made it. An invitation grants exactly what its row says when redeemed; a tenant's invitation is
-- tenant data (RLS below) and can never carry a platform role.
CREATE TABLE "account_links" (
    "token_hash" TEXT NOT NULL,
    "kind" "AccountLinkKind" NOT NULL,
    "email" TEXT NOT NULL,
    "tenant_id" UUID,
    "membership_role" "MembershipRole",
    "platform_role" "PlatformRole",
    "compliance_tenant_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "user_id" UUID,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "account_links_pkey" PRIMARY KEY ("token_hash"),
    -- An invitation grants a tenant role or a platform role; a reset names the account and grants nothing.
    CONSTRAINT "account_links_shape" CHECK (
      ("kind" = 'invitation' AND "user_id" IS NULL
        AND (("tenant_id" IS NOT NULL) = ("membership_role" IS NOT NULL))
        AND ("tenant_id" IS NOT NULL OR "platform_role" IS NOT NULL)
        AND ("platform_role" = 'compliance_officer' OR cardinality("compliance_tenant_ids") = 0))
      OR ("kind" = 'password_reset' AND "user_id" IS NOT NULL AND "tenant_id" IS NULL AND "membership_role" IS NULL
        AND "platform_role" IS NULL AND cardinality("compliance_tenant_ids") = 0)
    ),
    CONSTRAINT "account_links_expiry" CHECK ("expires_at" > "created_at")
);
CREATE INDEX "account_links_tenant_id_idx" ON "account_links"("tenant_id");
CREATE INDEX "account_links_user_id_idx" ON "account_links"("user_id");
ALTER TABLE "account_links" ADD CONSTRAINT "account_links_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "account_links" ADD CONSTRAINT "account_links_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "account_links" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "account_links" FORCE ROW LEVEL SECURITY;
-- The app role (a tenant admin's Members page) sees and writes only its tenant's invitations, and
-- the database itself refuses one carrying a platform role or compliance assignments.
CREATE POLICY tenant_isolation ON "account_links" TO bulkhead_app
  USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid
              AND "kind" = 'invitation' AND "platform_role" IS NULL AND cardinality("compliance_tenant_ids") = 0);
CREATE POLICY platform_access ON "account_links" TO bulkhead_platform USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON "account_links" TO bulkhead_app;
GRANT UPDATE ("revoked_at") ON "account_links" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE ON "account_links" TO bulkhead_platform;

-- A tenant admin adds, re-roles and removes members of their own tenant as the app role: the
-- existing tenant_isolation policy (USING and WITH CHECK on app.tenant_id) confines every write to
-- the tenant in context, and only the role column may change. Users themselves stay platform-written.
GRANT INSERT, DELETE ON "memberships" TO bulkhead_app;
GRANT UPDATE ("role") ON "memberships" TO bulkhead_app;
