import { after, before } from 'node:test';
import { registerDatabaseServer } from '@/lib/control/database-servers/register-database-server';
import { createPlatformAdmin } from '@/lib/control/control-test-fixtures';
import { resetKmsState } from '@/lib/kms';
import { startSecondServer, type SecondServer } from './second-server';

/**
 * For a describe block (after usePlacementTestServices, which starts the KMS the registration seals
 * with): a second PostgreSQL started and registered through the console's own function, as a
 * platform admin would. The handle is filled in by the time the tests run.
 */
export function useSecondServer(label: string): { server: SecondServer; serverId: string } {
  const handle = {} as { server: SecondServer; serverId: string };
  before(async () => {
    // Two servers, child processes and the KMS stand-in share a loaded 2-core machine: a KMS call
    // slowed by that must not pass for a fault (children forked later inherit this).
    process.env.BULKHEAD_KMS_REQUEST_TIMEOUT_MS = '10000';
    resetKmsState();
    handle.server = await startSecondServer();
    const admin = await createPlatformAdmin(`${label}-admin`);
    const registered = await registerDatabaseServer(
      admin,
      { name: `${label} ${handle.server.port} ${Date.now()}`, ownerUrl: handle.server.ownerUrl, tlsMode: 'disable', region: 'test-2', capacityNotes: '' },
      { actor: { type: 'user', id: admin.userId }, requestId: `${label}-register` },
    );
    handle.serverId = registered.id;
  });
  after(async () => {
    await handle.server?.destroy();
  });
  return handle;
}
