import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';

/** Each test seeds its own tenants with unique slugs, so test files can run in parallel. */
export async function createTestTenant(label: string, overrides: { kind?: 'internal_department' | 'external_client' } = {}) {
  const suffix = randomUUID().slice(0, 8);
  return withPlatformSystemAccess('test fixture', (tx) =>
    tx.tenant.create({
      data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}`, kind: overrides.kind ?? 'internal_department' },
      select: { id: true, slug: true, name: true },
    }),
  );
}

export async function createTestUser(label: string, memberships: { tenantId: string; role: 'admin' | 'member' }[] = []) {
  const email = `${label}-${randomUUID().slice(0, 8)}@test.example`;
  return withPlatformSystemAccess('test fixture', async (tx) => {
    const user = await tx.user.create({ data: { email, name: label, passwordHash: 'not-a-real-hash' }, select: { id: true, email: true } });
    for (const membership of memberships) await tx.membership.create({ data: { ...membership, userId: user.id } });
    return user;
  });
}

/** A plain pg client as the owner (migrations role) for catalog checks and tamper tests. */
export async function connectAsOwner(): Promise<pg.Client> {
  const url = process.env.BULKHEAD_OWNER_DATABASE_URL;
  if (!url) throw new Error('BULKHEAD_OWNER_DATABASE_URL is not set: run database tests through npm test');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** A plain pg client as the application role, for attacks that bypass our helpers on purpose. */
export async function connectAsApp(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.BULKHEAD_APP_DATABASE_URL });
  await client.connect();
  return client;
}
