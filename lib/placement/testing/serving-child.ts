// A second Bulkhead process serving tenants through the real gateway pipeline over HTTP (its own
// caches, pools and change-notice listener), for tests that need several processes to see one
// placement change. It reports its base URL over IPC and serves until told to stop.
import { setProcessName } from '@/lib/db/process-identity';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startGatewayHarness } from '@/lib/enforcement/testing/gateway-harness';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { closePlacementPools } from '../pool-registry-instance';

export type ServingChildMessage = { baseURL: string } | { failed: string };

async function main() {
  setProcessName('serving-child');
  const harness = await startGatewayHarness();
  process.send!({ baseURL: harness.baseURL } satisfies ServingChildMessage);
  await new Promise((resolve) => process.once('message', resolve));
  await harness.close();
  await closePlacementPools();
  await closeTenantSqlPools();
  await disconnectAllPrismaClients();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.send?.({ failed: error instanceof Error ? error.message : String(error) } satisfies ServingChildMessage);
    process.exit(1);
  },
);
