-- API key scopes: a key either calls the model (inference, every key so far) or reads its tenant's
-- audit log through GET /api/v1/audit/events (audit_read), never both, so a compliance tool's key
-- cannot spend model budget and a leaked inference key cannot read the audit trail.

CREATE TYPE "ApiKeyScope" AS ENUM ('inference', 'audit_read');

-- Existing keys keep what they could do. The scope is fixed at creation like name, prefix and hash:
-- the app role's UPDATE grant stays limited to revoked_at and last_used_at.
ALTER TABLE "api_keys" ADD COLUMN "scope" "ApiKeyScope" NOT NULL DEFAULT 'inference';

-- The lookup now also says what the key may do. Its result type changes, so it is dropped and
-- recreated (CREATE OR REPLACE cannot change a function's result columns), with the same grants.
DROP FUNCTION bulkhead_resolve_api_key(text);
CREATE FUNCTION bulkhead_resolve_api_key(p_secret_hash text)
RETURNS TABLE (key_id uuid, tenant_id uuid, key_name text, revoked boolean, tenant_slug text, tenant_name text, tenant_active boolean, scope text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT k.id, k.tenant_id, k.name, k.revoked_at IS NOT NULL, t.slug, t.name, t.status = 'active', k.scope::text
    FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
   WHERE k.secret_hash = p_secret_hash
$$;
REVOKE ALL ON FUNCTION bulkhead_resolve_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_resolve_api_key(text) TO bulkhead_app;
