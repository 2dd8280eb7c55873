-- Database servers placements may live on, registered by platform admins. The owner URL is sealed
-- under the platform KMS key (the application never opens it; the placement worker does). Not tenant
-- data: the platform role alone reads and writes it, and the application role has no right on it.
CREATE TABLE "database_servers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "owner_url_sealed" TEXT NOT NULL,
    "tls_mode" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT '',
    "capacity_notes" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checked_at" TIMESTAMPTZ(3),
    "is_reachable" BOOLEAN,
    "check_error" TEXT,
    "connections_in_use" INTEGER,
    "max_connections" INTEGER,

    CONSTRAINT "database_servers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "database_servers_tls_mode" CHECK ("tls_mode" IN ('disable', 'require', 'verify-full')),
    CONSTRAINT "database_servers_port" CHECK ("port" BETWEEN 1 AND 65535)
);
CREATE UNIQUE INDEX "database_servers_name_key" ON "database_servers"("name");
GRANT SELECT, INSERT, UPDATE, DELETE ON "database_servers" TO bulkhead_platform;

-- Where each layer of a tenant is to live (recorded by platform admins with its tier) and where each
-- copy and operation target is. RESTRICT: a server something lives on, or is to live on, cannot go.
ALTER TABLE "tenants"
  ADD COLUMN "prompt_server_id" UUID REFERENCES "database_servers"("id") ON DELETE RESTRICT,
  ADD COLUMN "retrieval_server_id" UUID REFERENCES "database_servers"("id") ON DELETE RESTRICT,
  ADD COLUMN "logs_server_id" UUID REFERENCES "database_servers"("id") ON DELETE RESTRICT;
ALTER TABLE "placements" ADD COLUMN "server_id" UUID REFERENCES "database_servers"("id") ON DELETE RESTRICT;
ALTER TABLE "placement_operations"
  ADD COLUMN "server_id" UUID REFERENCES "database_servers"("id") ON DELETE SET NULL,
  ADD COLUMN "source_server_id" UUID REFERENCES "database_servers"("id") ON DELETE SET NULL;
CREATE INDEX "placements_server_id_idx" ON "placements"("server_id");

-- A copy on another server is another location: its generation changes, so every process retires
-- its pools for the earlier one.
CREATE OR REPLACE FUNCTION bulkhead_placement_generation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.generation := nextval('placement_generations');
  ELSIF (NEW.tier, NEW.schema_name, NEW.database_name, NEW.role_name, NEW.role_password_sealed, NEW.external_url_sealed, NEW.key_id, NEW.server_id)
        IS DISTINCT FROM (OLD.tier, OLD.schema_name, OLD.database_name, OLD.role_name, OLD.role_password_sealed, OLD.external_url_sealed, OLD.key_id, OLD.server_id) THEN
    NEW.generation := nextval('placement_generations');
  ELSE
    NEW.generation := OLD.generation;
  END IF;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION bulkhead_placement_generation() FROM PUBLIC;
