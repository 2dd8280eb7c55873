// Prisma CLI configuration for the data plane (`npm run prisma -- <cmd> --config prisma/data-plane/prisma.config.ts`).
// lib/placement applies these migrations to every placement itself (the shared `data_plane` schema,
// each tenant schema, each tenant database) and records them in Prisma's own `_prisma_migrations`
// ledger, so `migrate status` with `?schema=<name>` in BULKHEAD_DATA_PLANE_MIGRATE_URL reads the same state.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/data-plane/schema.prisma',
  migrations: { path: 'prisma/data-plane/migrations' },
  datasource: {
    url: process.env.BULKHEAD_DATA_PLANE_MIGRATE_URL,
    shadowDatabaseUrl: process.env.BULKHEAD_SHADOW_URL || undefined,
  },
});
