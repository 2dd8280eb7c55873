-- A registered server may host a namespace shard: the shared data-plane tables in a database of their
-- own there, reached by an application role of that server (no tables, NOBYPASSRLS). Its password is
-- generated once, when a platform admin turns the shard on, and sealed under the platform KMS key
-- bound to the server's id (the owner URL's scope, another record): every tenant placed on the shard
-- connects as the same role, so it must not change per tenant. null: the server hosts no shard.
ALTER TABLE "database_servers" ADD COLUMN "shard_role_password_sealed" TEXT;

-- The tenant's "Where the data lives" card names the server each layer is on. The application role has
-- no right on the registry (sealed owner URLs live there), and a column grant would show it every
-- server's name and address. This function returns the names of the servers the current tenant's own
-- placements are on and nothing else: keyed on app.tenant_id, like every tenant policy, so outside a
-- tenant context it returns no row. A name copied onto the placement would go stale on a rename and
-- would add a second writer of placements; this reads the registry as it is.
CREATE FUNCTION bulkhead_tenant_placement_servers()
RETURNS TABLE (layer "Layer", server_name text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT p.layer, s.name FROM placements p JOIN database_servers s ON s.id = p.server_id
  WHERE p.tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid
$$;
REVOKE ALL ON FUNCTION bulkhead_tenant_placement_servers() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bulkhead_tenant_placement_servers() TO bulkhead_app;
