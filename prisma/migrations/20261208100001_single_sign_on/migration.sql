-- Single sign-on with an OpenID Connect provider, configured by a platform admin (one row; the
-- client secret sealed under the platform KMS key), and the claim → tenant role mapping applied
-- at every SSO sign-in (just-in-time provisioning).
CREATE TABLE "sso_settings" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "issuer" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret_sealed" TEXT NOT NULL,
    "password_sign_in_enabled" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sso_settings_one_row" CHECK ("id")
);
GRANT SELECT, INSERT, UPDATE, DELETE ON "sso_settings" TO bulkhead_platform;

CREATE TABLE "sso_role_mappings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    -- A claim of the ID token (e.g. "groups") and one value it must hold (equal, or an element of an array claim).
    "claim" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "membership_role" "MembershipRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_role_mappings_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "sso_role_mappings_claim_value_tenant_id_key" ON "sso_role_mappings"("claim", "value", "tenant_id");
ALTER TABLE "sso_role_mappings" ADD CONSTRAINT "sso_role_mappings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sso_role_mappings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sso_role_mappings" FORCE ROW LEVEL SECURITY;
-- The app role holds no grant here (mappings are read and written on the platform path); the policy
-- keeps the rule that every tenant table is confined for it all the same.
CREATE POLICY tenant_isolation ON "sso_role_mappings" TO bulkhead_app
  USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY platform_access ON "sso_role_mappings" TO bulkhead_platform USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON "sso_role_mappings" TO bulkhead_platform;

-- The identity provider's subject an account is linked to, and which memberships SSO granted (only
-- those follow the mapping; memberships given in the console stay as they are).
ALTER TABLE "users" ADD COLUMN "sso_subject" TEXT;
CREATE UNIQUE INDEX "users_sso_subject_key" ON "users"("sso_subject");
ALTER TABLE "memberships" ADD COLUMN "granted_by_sso" BOOLEAN NOT NULL DEFAULT false;
