import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { connectAsOwner } from '@/lib/testing/fixtures';
import { PlacementOperationError } from './errors';
import { waitForLocationRelease } from './location-release';
import { placementConfig } from './placement-config';

const database = () => decodeURIComponent(new URL(placementConfig.ownerDatabaseUrl).pathname.slice(1));

// A role standing for an old copy's placement role, with a session some process still holds.
describe('waiting for an old copy to be released', () => {
  const role = `bh_release_test_${randomUUID().slice(0, 8)}`;
  const password = randomUUID();
  let owner: pg.Client;

  before(async () => {
    owner = await connectAsOwner();
    await owner.query(`CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
    await owner.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(database())} TO ${pg.escapeIdentifier(role)}`);
  });
  after(async () => {
    await owner.query(`REVOKE CONNECT ON DATABASE ${pg.escapeIdentifier(database())} FROM ${pg.escapeIdentifier(role)}`);
    await owner.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
    await owner.end();
  });

  async function connectAsRole(applicationName: string) {
    const url = new URL(placementConfig.ownerDatabaseUrl);
    const client = new pg.Client({ host: url.hostname, port: Number(url.port), database: database(), user: role, password, application_name: applicationName });
    await client.connect();
    return client;
  }

  test('names the process that holds a session after the bound, and returns as soon as the session closes', async () => {
    const held = await connectAsRole('bulkhead console host-a:4242');
    try {
      await assert.rejects(waitForLocationRelease(placementConfig.ownerDatabaseUrl, role, { timeoutMs: 300 }), (error: unknown) => {
        assert.ok(error instanceof PlacementOperationError);
        assert.match(error.message, /1 connection to it still open/);
        assert.match(error.message, /bulkhead console host-a:4242 \(1\)/);
        return true;
      });
      const released = waitForLocationRelease(placementConfig.ownerDatabaseUrl, role, { timeoutMs: 10_000 });
      setTimeout(() => void held.end(), 200);
      await released;
    } finally {
      await held.end().catch(() => {});
    }
  });

  test('a role nobody is connected as is released at once', async () => {
    const started = Date.now();
    await waitForLocationRelease(placementConfig.ownerDatabaseUrl, role, { timeoutMs: 5_000 });
    assert.ok(Date.now() - started < 2_000);
  });
});
