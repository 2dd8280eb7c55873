-- What the gateway caches per process (API keys, tenant settings and tiers, the canary registry) is
-- announced on the `bulkhead_changes` channel when it changes, by whoever changes it: every process
-- drops its copy at the writer's commit (lib/enforcement/gateway-cache-notices.ts). A notice is a
-- hint (topic, tenant, key): receivers re-read the truth, so a forged one costs a cache miss only.
CREATE FUNCTION bulkhead_gateway_notify() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  -- As JSON, so one function serves tables with different columns.
  changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
  PERFORM pg_notify('bulkhead_changes', json_build_object(
    'topic', TG_ARGV[0],
    'tenantId', CASE WHEN TG_TABLE_NAME = 'tenants' THEN changed->>'id' ELSE changed->>'tenant_id' END,
    'keyId', CASE WHEN TG_TABLE_NAME = 'api_keys' THEN changed->>'id' END
  )::text);
  RETURN NULL;
END
$$;

-- A key is revoked (or deleted); its last-used time, written once a minute per process, is not news.
CREATE TRIGGER api_keys_notify AFTER UPDATE OF revoked_at, scope, tenant_id ON "api_keys"
  FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.scope IS DISTINCT FROM NEW.scope OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION bulkhead_gateway_notify('api_key');
CREATE TRIGGER api_keys_delete_notify AFTER DELETE ON "api_keys"
  FOR EACH ROW EXECUTE FUNCTION bulkhead_gateway_notify('api_key');
-- Status (offboarding stops every key), tiers, names the screening knows.
CREATE TRIGGER tenants_notify AFTER UPDATE OR DELETE ON "tenants"
  FOR EACH ROW EXECUTE FUNCTION bulkhead_gateway_notify('tenant');
CREATE TRIGGER gateway_settings_notify AFTER INSERT OR UPDATE OR DELETE ON "gateway_settings"
  FOR EACH ROW EXECUTE FUNCTION bulkhead_gateway_notify('tenant');
-- A new canary must be recognised by every process's output screen.
CREATE TRIGGER canaries_notify AFTER INSERT ON "canaries"
  FOR EACH ROW EXECUTE FUNCTION bulkhead_gateway_notify('canary');
