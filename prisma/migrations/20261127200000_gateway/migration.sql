-- The enforcement gateway (issue 9): tenant API keys, model endpoints, incidents, the canary
-- registry and per-tenant gateway settings. Generated shape first, then the security model.

CREATE TYPE "EndpointKind" AS ENUM ('openai', 'vllm', 'simulator');
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'acknowledged', 'resolved');

CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "model_endpoints" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "kind" "EndpointKind" NOT NULL,
    "models" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "api_key_sealed" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "timeout_ms" INTEGER NOT NULL DEFAULT 30000,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_endpoints_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "incidents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "layer" "Layer" NOT NULL,
    "other_tenant_id" UUID,
    "request_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "summary" TEXT NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" UUID,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "canaries" (
    "tenant_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "canaries_pkey" PRIMARY KEY ("token_hash")
);

CREATE TABLE "gateway_settings" (
    "tenant_id" UUID NOT NULL,
    "requests_per_minute" INTEGER NOT NULL DEFAULT 600,
    "burst" INTEGER NOT NULL DEFAULT 60,
    "screening_mode" TEXT NOT NULL DEFAULT 'block',
    "store_payloads" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gateway_settings_pkey" PRIMARY KEY ("tenant_id")
);

CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"("secret_hash");
CREATE UNIQUE INDEX "api_keys_tenant_id_prefix_key" ON "api_keys"("tenant_id", "prefix");
CREATE UNIQUE INDEX "model_endpoints_tenant_id_name_key" ON "model_endpoints"("tenant_id", "name");
CREATE INDEX "incidents_tenant_id_status_opened_at_idx" ON "incidents"("tenant_id", "status", "opened_at");
CREATE UNIQUE INDEX "canaries_tenant_id_token_key" ON "canaries"("tenant_id", "token");

ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "model_endpoints" ADD CONSTRAINT "model_endpoints_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "canaries" ADD CONSTRAINT "canaries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "gateway_settings" ADD CONSTRAINT "gateway_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "incidents" ADD CONSTRAINT "incidents_severity_check" CHECK ("severity" IN ('low', 'medium', 'high', 'critical'));
ALTER TABLE "gateway_settings" ADD CONSTRAINT "gateway_settings_screening_mode_check" CHECK ("screening_mode" IN ('flag', 'block'));
ALTER TABLE "gateway_settings" ADD CONSTRAINT "gateway_settings_limits_check" CHECK ("requests_per_minute" > 0 AND "burst" > 0);
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_secret_hash_check" CHECK ("secret_hash" ~ '^[0-9a-f]{64}$');

-- ---------------------------------------------------------------------------------------------
-- Security model: every table is tenant-owned (RLS keyed on app.tenant_id) and reachable by the
-- platform role. model_endpoints rows with no tenant are the shared pool: the app role may read
-- them (to route) but never write them; only the platform role manages the pool.
-- ---------------------------------------------------------------------------------------------

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['api_keys', 'model_endpoints', 'incidents', 'canaries', 'gateway_settings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I TO bulkhead_app
      USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
    EXECUTE format('CREATE POLICY platform_access ON %I TO bulkhead_platform USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;
CREATE POLICY shared_pool_read ON "model_endpoints" FOR SELECT TO bulkhead_app USING ("tenant_id" IS NULL);
-- The SECURITY DEFINER lookups below run as the owner, which FORCE RLS would otherwise blind.
CREATE POLICY owner_read ON "api_keys" FOR SELECT TO bulkhead_owner USING (true);
CREATE POLICY owner_read ON "canaries" FOR SELECT TO bulkhead_owner USING (true);

GRANT SELECT, INSERT ON "api_keys" TO bulkhead_app;
-- Revocation and usage stamps are the only changes to a key; name, prefix and hash never change.
GRANT UPDATE ("revoked_at", "last_used_at") ON "api_keys" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "model_endpoints" TO bulkhead_app;
GRANT SELECT, INSERT ON "incidents" TO bulkhead_app;
GRANT UPDATE ("status", "updated_at", "updated_by") ON "incidents" TO bulkhead_app;
GRANT SELECT, INSERT ON "canaries" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE ON "gateway_settings" TO bulkhead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "api_keys", "model_endpoints", "incidents", "canaries", "gateway_settings" TO bulkhead_platform;

-- Resolves a presented API key (by the SHA-256 of its secret) before any tenant is known: the one
-- cross-tenant read of api_keys the app role may make, and only for the key it already holds.
CREATE FUNCTION bulkhead_resolve_api_key(p_secret_hash text)
RETURNS TABLE (key_id uuid, tenant_id uuid, key_name text, revoked boolean, tenant_slug text, tenant_name text, tenant_active boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT k.id, k.tenant_id, k.name, k.revoked_at IS NOT NULL, t.slug, t.name, t.status = 'active'
    FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
   WHERE k.secret_hash = p_secret_hash
$$;
REVOKE ALL ON FUNCTION bulkhead_resolve_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_resolve_api_key(text) TO bulkhead_app;

-- Output screening must recognise OTHER tenants' canaries: this lists every registered canary's
-- hash and owner (never the token itself), so a gateway process can hold the registry in memory.
CREATE FUNCTION bulkhead_canary_registry()
RETURNS TABLE (token_hash text, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT c.token_hash, c.tenant_id FROM canaries c
$$;
REVOKE ALL ON FUNCTION bulkhead_canary_registry() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_canary_registry() TO bulkhead_app;

-- Names of the other active tenants, for the input screen's scope-change rules ("you are tenant X").
CREATE FUNCTION bulkhead_tenant_directory()
RETURNS TABLE (tenant_id uuid, slug text, name text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT t.id, t.slug, t.name FROM tenants t WHERE t.status = 'active'
$$;
REVOKE ALL ON FUNCTION bulkhead_tenant_directory() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_tenant_directory() TO bulkhead_app;
