import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hashPassword } from '@/lib/auth/password';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { dataDir as defaultDataDir } from '@/scripts/services/paths';
import { demoTenants, demoUsers } from './demo-data';

/**
 * Idempotent demo data: upserts the demo tenants and users through the platform role (the same
 * path a platform admin uses). Passwords are random per installation and kept in
 * .data/demo-credentials.json (0600, git-ignored), so no password is ever committed.
 */
export async function seedDemoData(): Promise<Record<string, string>> {
  // Read at call time: the test runner points BULKHEAD_DATA_DIR at its own directory first.
  const dataDir = process.env.BULKHEAD_DATA_DIR ?? defaultDataDir;
  const credentialsFile = path.join(dataDir, 'demo-credentials.json');
  const stored: { users?: Record<string, string> } = fs.existsSync(credentialsFile)
    ? JSON.parse(fs.readFileSync(credentialsFile, 'utf8'))
    : {};
  const passwords: Record<string, string> = {};
  for (const user of demoUsers) passwords[user.email] = stored.users?.[user.email] ?? randomBytes(9).toString('base64url');
  const hashes = Object.fromEntries(await Promise.all(demoUsers.map(async (u) => [u.email, await hashPassword(passwords[u.email])])));

  await withPlatformSystemAccess('seed demo data', async (tx) => {
    const tenantIds: Record<string, string> = {};
    for (const tenant of demoTenants) {
      const row = await tx.tenant.upsert({ where: { slug: tenant.slug }, create: tenant, update: {}, select: { id: true } });
      tenantIds[tenant.slug] = row.id;
    }
    for (const user of demoUsers) {
      const row = await tx.user.upsert({
        where: { email: user.email },
        create: { email: user.email, name: user.name, passwordHash: hashes[user.email], platformRole: user.platformRole ?? null },
        update: { passwordHash: hashes[user.email], disabledAt: null },
        select: { id: true },
      });
      for (const [slug, role] of Object.entries(user.memberships ?? {})) {
        const key = { tenantId: tenantIds[slug], userId: row.id };
        await tx.membership.upsert({ where: { tenantId_userId: key }, create: { ...key, role }, update: { role } });
      }
      for (const slug of user.complianceFor ?? []) {
        const key = { tenantId: tenantIds[slug], userId: row.id };
        await tx.complianceAssignment.upsert({ where: { tenantId_userId: key }, create: key, update: {} });
      }
    }
  });

  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(credentialsFile, JSON.stringify({ users: passwords }, null, 2), { mode: 0o600 });
  return passwords;
}

if (require.main === module) {
  seedDemoData()
    .then(() => console.log('Demo data is in place.'))
    .finally(() => disconnectAllPrismaClients());
}
