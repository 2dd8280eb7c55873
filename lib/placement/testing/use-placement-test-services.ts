import { after, before } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { upgradeSharedSchema } from '../upgrade-placements';
import { closePlacementPools } from '../pool-registry-instance';

/**
 * Registers, in the calling suite, what a placement database test needs around it: a test KMS and
 * the shared schema at its latest migration before, every pool and client closed after. Call it
 * first, so the suite's own `before` (seeding) runs once these are up.
 */
export function usePlacementTestServices(): void {
  let kms: TestKms;
  before(async () => {
    kms = await startTestKms();
    await upgradeSharedSchema();
  });
  after(async () => {
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await kms.stop();
  });
}
