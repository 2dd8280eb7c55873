// The small schema, migration extras and Prisma config the engine test works on (in a temp directory).
import fs from 'node:fs';
import path from 'node:path';

export const SCHEMA = `generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
}

model Tenant {
  id   String @id @db.Uuid
  name String @unique
  kind String @db.Char(1)
}
`;

export const SEEDED_TENANT_ID = '8f0f5b8e-0000-4000-8000-000000000001';

// Semicolons inside `$$` bodies and string literals: the statements a ";"-splitting executor breaks.
// Neither creates tables, so later diffs against the schema stay clean.
export const FIRST_MIGRATION_EXTRAS = `
CREATE FUNCTION describe_tenant(tenant_name text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  label text;
BEGIN
  label := 'tenant: ' || tenant_name;
  RETURN label || '; checked';
END;
$$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "Tenant" WHERE id = '${SEEDED_TENANT_ID}') THEN
    INSERT INTO "Tenant" (id, name, kind) VALUES ('${SEEDED_TENANT_ID}', 'seeded; by a DO block', 'i');
  END IF;
END
$$;
`;

/** Writes a prisma.config.ts shaped like the project's, but for the temp schema and migrations. */
export function writeConfig(directory: string): void {
  // The temp directory has no node_modules: import prisma/config by absolute path.
  const prismaConfig = require.resolve('prisma/config');
  const config = `import { defineConfig } from ${JSON.stringify(prismaConfig)};

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: {
    url: process.env.BULKHEAD_MIGRATE_URL,
    shadowDatabaseUrl: process.env.BULKHEAD_SHADOW_URL || undefined,
  },
});
`;
  fs.writeFileSync(path.join(directory, 'prisma.config.ts'), config);
}
