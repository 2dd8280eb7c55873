import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hashPassword } from '@/lib/auth/password';
import { toTenantProfile, toTierColumns } from '@/lib/control/policy-snapshot';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { evaluateTenant } from '@/lib/policy';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { dataDir as defaultDataDir } from '@/scripts/services/paths';
import { demoTenants, demoUsers } from './demo-data';
import { seedDemoGateway } from './seed-gateway';

/**
 * Idempotent demo data: upserts the demo tenants and users through the platform role (the same
 * path a platform admin uses). Passwords are random per installation and kept in
 * .data/demo-credentials.json (0600, git-ignored), so no password is ever committed.
 */
export async function seedDemoData(): Promise<Record<string, string>> {
  // Read at call time: the test runner points BULKHEAD_DATA_DIR at its own directory first.
  const dataDir = process.env.BULKHEAD_DATA_DIR ?? defaultDataDir;
  const credentialsFile = path.join(dataDir, 'demo-credentials.json');
  const stored: { users?: Record<string, string>; apiKeys?: Record<string, string> } = fs.existsSync(credentialsFile)
    ? JSON.parse(fs.readFileSync(credentialsFile, 'utf8'))
    : {};
  const passwords: Record<string, string> = {};
  for (const user of demoUsers) passwords[user.email] = stored.users?.[user.email] ?? randomBytes(9).toString('base64url');
  const hashes = Object.fromEntries(await Promise.all(demoUsers.map(async (u) => [u.email, await hashPassword(passwords[u.email])])));

  const apiKeys = await withPlatformSystemAccess('seed demo data', async (tx) => {
    const tenantIds: Record<string, string> = {};
    // New demo tenants start at their policy minimums; an existing row keeps whatever an admin set.
    const profiles = demoTenants.map((tenant) => toTenantProfile({ ...tenant, id: tenant.slug, adversarial: false }));
    for (const [index, tenant] of demoTenants.entries()) {
      const tiers = toTierColumns(evaluateTenant(profiles[index], profiles).minimums);
      const row = await tx.tenant.upsert({ where: { slug: tenant.slug }, create: { ...tenant, ...tiers }, update: {}, select: { id: true } });
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
    return seedDemoGateway(tx, tenantIds, stored.apiKeys);
  });

  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(credentialsFile, JSON.stringify({ users: passwords, apiKeys }, null, 2), { mode: 0o600 });
  return passwords;
}

if (require.main === module) {
  seedDemoData()
    .then(() => console.log('Demo data is in place.'))
    .finally(() => disconnectAllPrismaClients());
}
