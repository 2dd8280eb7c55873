import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ZodError } from 'zod';
import type { Principal } from '@/lib/auth/principal';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { ForbiddenError, UserFacingError } from '@/lib/errors';
import { openServerOwnerUrl } from '@/lib/placement/servers/server-secrets';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { connectAsApp, connectAsOwner } from '@/lib/testing/fixtures';
import { changeTenantTiers } from '../change-tenant-tiers';
import {
  createPlatformAdmin,
  createPolicyTestTenant,
  createTenantAdmin,
  EXTERNAL_CLIENT,
  getTenantRow,
  getTenantVersion,
  readAuditEvents,
} from '../control-test-fixtures';
import { findDatabaseServers, findServerChoices } from './find-database-servers';
import { registerDatabaseServer } from './register-database-server';
import { removeDatabaseServer } from './remove-database-server';

const PLATFORM_CHAIN = '00000000-0000-0000-0000-000000000000';

describe('database servers: registration, removal, choice per dedicated layer', () => {
  let admin: Principal;
  const context = () => ({ actor: { type: 'user' as const, id: admin.userId, label: admin.email }, requestId: randomUUID() });
  const password = `pw-${randomUUID()}`;
  const input = (name: string) => ({
    name,
    ownerUrl: `postgres://shard_owner:${password}@db-${name}.internal:6432/postgres`,
    tlsMode: 'verify-full',
    region: 'eu-west-1',
    capacityNotes: '8 vCPU',
  });

  before(async () => {
    admin = await createPlatformAdmin('servers-admin');
  });
  after(() => disconnectAllPrismaClients());

  test('the owner URL is stored sealed (no password in the row or the audit event), opens only for its own server', async () => {
    const name = `sealed-${randomUUID().slice(0, 8)}`;
    const server = await registerDatabaseServer(admin, input(name), context());
    const owner = await connectAsOwner();
    try {
      const { rows } = await owner.query('SELECT row_to_json(s)::text AS row, owner_url_sealed FROM database_servers s WHERE id = $1', [server.id]);
      assert.ok(!rows[0].row.includes(password), 'the password is nowhere in the row');
      assert.match(rows[0].row, new RegExp(`"host":"db-${name}.internal","port":6432`), 'host and port are kept in the clear for the console');
      assert.equal(await openServerOwnerUrl(server.id, rows[0].owner_url_sealed), input(name).ownerUrl);
      // Positive control of the binding: the same ciphertext under another server's id does not open.
      await assert.rejects(openServerOwnerUrl(randomUUID(), rows[0].owner_url_sealed));
    } finally {
      await owner.end();
    }
    const events = await readAuditEvents(PLATFORM_CHAIN);
    const registered = events.find((event) => event.target === `database_server:${server.id}`);
    assert.ok(registered, 'registration is audited in the platform chain');
    assert.ok(!registered.payloadJson.includes(password));
  });

  test('only platform admins register; bad input, a taken name and the control plane itself are refused with a message', async () => {
    const tenant = await createPolicyTestTenant(admin, 'servers-tenant');
    await assert.rejects(registerDatabaseServer(await createTenantAdmin(tenant), input('x'), context()), ForbiddenError);
    await assert.rejects(registerDatabaseServer(admin, { ...input('bad-url'), ownerUrl: 'mysql://a:b@c/d' }, context()), (error: unknown) => {
      assert.ok(error instanceof ZodError);
      assert.match(error.issues[0].message, /postgres:\/\//);
      return true;
    });
    await assert.rejects(registerDatabaseServer(admin, { ...input('bad-tls'), tlsMode: 'prefer' }, context()), ZodError);
    const name = `taken-${randomUUID().slice(0, 8)}`;
    await registerDatabaseServer(admin, input(name), context());
    await assert.rejects(registerDatabaseServer(admin, input(name), context()), (error: unknown) => error instanceof UserFacingError && error.status === 409);
    const own = new URL(process.env.BULKHEAD_APP_DATABASE_URL!);
    await assert.rejects(
      registerDatabaseServer(admin, { ...input('self'), ownerUrl: `postgres://x:y@localhost:${own.port}/postgres` }, context()),
      (error: unknown) => error instanceof UserFacingError && error.status === 422 && /control plane's own server/.test(error.message),
    );
  });

  test('a server with a placement, or a layer recorded on it, cannot be removed (409 naming why); an unused one can', async () => {
    const server = await registerDatabaseServer(admin, input(`used-${randomUUID().slice(0, 8)}`), context());
    const tenant = await createPolicyTestTenant(admin, 'servers-placed');
    await withPlatformSystemAccess('test: a placement on the server', (tx) =>
      tx.placement.create({
        data: {
          tenantId: tenant.id,
          layer: 'retrieval',
          tier: 'dedicated',
          state: 'active',
          schemaName: 'data_plane',
          databaseName: 'bh_x',
          serverId: server.id,
        },
      }),
    );
    await assert.rejects(removeDatabaseServer(admin, server.id, context()), (error: unknown) => {
      assert.ok(error instanceof UserFacingError);
      assert.equal(error.status, 409);
      assert.match(error.message, /still holds 1 placement\. Move those layers/);
      return true;
    });
    const listed = (await findDatabaseServers(admin)).servers.find((entry) => entry.id === server.id)!;
    assert.deepEqual(
      listed.placements.map((placement) => [placement.tenantName, placement.layer]),
      [[tenant.name, 'retrieval']],
    );
    assert.equal(listed.isAnswering, false, 'a host that does not resolve does not answer');

    await withPlatformSystemAccess('test: placement gone', (tx) =>
      tx.placement.delete({ where: { tenantId_layer: { tenantId: tenant.id, layer: 'retrieval' } } }),
    );
    // Recorded for a dedicated layer through the tier change (not yet moved): still in use.
    await changeTenantTiers(
      admin,
      tenant.id,
      {
        tiers: { prompt: 'schema_kms', retrieval: 'dedicated', logs: 'schema_kms' },
        servers: { retrieval: server.id },
        expectedUpdatedAt: await getTenantVersion(tenant.id),
      },
      { requestId: randomUUID() },
    );
    await assert.rejects(removeDatabaseServer(admin, server.id, context()), /1 tenant with a layer recorded on it/);
    await changeTenantTiers(
      admin,
      tenant.id,
      { tiers: { prompt: 'schema_kms', retrieval: 'schema_kms', logs: 'schema_kms' }, expectedUpdatedAt: await getTenantVersion(tenant.id) },
      { requestId: randomUUID() },
    );
    await removeDatabaseServer(admin, server.id, context());
    assert.ok(!(await findServerChoices(admin)).some((choice) => choice.id === server.id), 'removed');
    await assert.rejects(removeDatabaseServer(admin, server.id, context()), (error: unknown) => error instanceof UserFacingError && error.status === 404);
  });

  test('a tier change records a server only for a dedicated layer; an unknown server is refused with a message', async () => {
    const server = await registerDatabaseServer(admin, input(`choice-${randomUUID().slice(0, 8)}`), context());
    const tenant = await createPolicyTestTenant(admin, 'servers-choice', EXTERNAL_CLIENT);
    await changeTenantTiers(
      admin,
      tenant.id,
      {
        tiers: { prompt: 'schema_kms', retrieval: 'dedicated', logs: 'schema_kms' },
        servers: { retrieval: server.id, logs: server.id },
        expectedUpdatedAt: await getTenantVersion(tenant.id),
      },
      { requestId: randomUUID() },
    );
    const row = await getTenantRow(tenant.id);
    assert.deepEqual(
      [row.promptServerId, row.retrievalServerId, row.logsServerId],
      [null, server.id, null],
      'a schema_kms layer stays on the control plane server',
    );
    const [change] = (await readAuditEvents(tenant.id, 'tenant.tiers_change')).slice(-1);
    assert.deepEqual(change.payload.servers.after, { prompt: null, retrieval: server.id, logs: null });
    await assert.rejects(
      changeTenantTiers(
        admin,
        tenant.id,
        {
          tiers: { prompt: 'schema_kms', retrieval: 'dedicated', logs: 'schema_kms' },
          servers: { retrieval: randomUUID() },
          expectedUpdatedAt: await getTenantVersion(tenant.id),
        },
        { requestId: randomUUID() },
      ),
      (error: unknown) => error instanceof UserFacingError && error.status === 422,
    );
    assert.equal((await getTenantRow(tenant.id)).retrievalServerId, server.id, 'nothing changed');
  });

  test('the application role has no right on the registry (its sealed URLs included); the platform role has', async () => {
    const app = await connectAsApp();
    try {
      await assert.rejects(app.query('SELECT owner_url_sealed FROM database_servers'), (error: { code?: string }) => error.code === '42501');
      await assert.rejects(
        app.query("INSERT INTO database_servers (name, host, port, owner_url_sealed, tls_mode) VALUES ('x', 'h', 1, 's', 'disable')"),
        (error: { code?: string }) => error.code === '42501',
      );
    } finally {
      await app.end();
    }
    // Positive control: the same read through the platform path works.
    assert.ok(Array.isArray(await findServerChoices(admin)));
  });
});
