// Prisma CLI configuration (run it as `npm run prisma -- <args>`, see scripts/prisma-offline.mjs).
// Migrations run as the database OWNER role, never as the app role the server uses at runtime:
// BULKHEAD_MIGRATE_URL is the owner's URL. BULKHEAD_SHADOW_URL optionally names a disposable database
// for `migrate dev`; without it a temporary one is created (the owner then needs CREATEDB).
// process.env rather than env(): `generate` must work with neither variable set.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.BULKHEAD_MIGRATE_URL,
    shadowDatabaseUrl: process.env.BULKHEAD_SHADOW_URL || undefined,
  },
});
