import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { getDefaultPlacement, getPlacement } from '@/lib/placement/get-placement';
import { savePlacement } from '@/lib/placement/provision-placement';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { connectAsApp, createTestTenant } from '@/lib/testing/fixtures';
import { onChangeNotice, onChangeNoticesMissed, publishChangeNotice, stopChangeNotices, whenListeningForChanges, type ChangeNotice } from './change-notices';
import { describeProcess } from './process-identity';
import { disconnectAllPrismaClients } from './prisma-clients';

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(20)) {
    const found = find();
    if (found !== undefined) return found;
  }
  throw new Error(`no ${what} within ${timeoutMs} ms`);
}

describe('change notices over LISTEN/NOTIFY', () => {
  const received: ChangeNotice[] = [];
  let missed = 0;

  before(async () => {
    onChangeNotice('test', (notice) => received.push(notice));
    onChangeNotice('placement', (notice) => received.push(notice));
    onChangeNoticesMissed(() => (missed += 1));
    await whenListeningForChanges();
  });
  after(async () => {
    await stopChangeNotices();
    await disconnectAllPrismaClients();
  });

  test('a notice sent inside a transaction arrives once it commits, and never if it rolls back', async () => {
    const id = `commit-${Date.now()}`;
    await withPlatformSystemAccess('test: notice', async (tx) => {
      await publishChangeNotice(tx, { topic: 'test', id });
      await sleep(300);
      assert.equal(
        received.find((notice) => notice.id === id),
        undefined,
        'nothing is delivered before the commit',
      );
    });
    await waitFor(() => received.find((notice) => notice.id === id), 'notice after commit');

    const rolledBack = `rollback-${Date.now()}`;
    await assert.rejects(
      withPlatformSystemAccess('test: notice', async (tx) => {
        await publishChangeNotice(tx, { topic: 'test', id: rolledBack });
        throw new Error('roll back');
      }),
      /roll back/,
    );
    // Positive control sent after it: once it arrives, the rolled-back one would have too.
    const control = `control-${Date.now()}`;
    await withPlatformSystemAccess('test: notice', (tx) => publishChangeNotice(tx, { topic: 'test', id: control }));
    await waitFor(() => received.find((notice) => notice.id === control), 'control notice');
    assert.equal(
      received.find((notice) => notice.id === rolledBack),
      undefined,
    );
  });

  test('every placement change is announced by the database; only a change of location gets a new generation', async () => {
    const tenant = await createTestTenant('notice-placement');
    const noticesFor = () => received.filter((notice) => notice.topic === 'placement' && notice.tenantId === tenant.id);
    await savePlacement({ ...getDefaultPlacement(tenant.id, 'prompt'), isRecorded: true });
    const first = await getPlacement(tenant.id, 'prompt');
    assert.ok(first.generation > 0, 'the database assigned a generation');
    await waitFor(() => noticesFor().find((notice) => notice.generation === first.generation), 'insert notice');

    await savePlacement({ ...first, state: 'migrating' });
    const frozen = await getPlacement(tenant.id, 'prompt');
    assert.equal(frozen.generation, first.generation, 'a state change keeps the location');
    await waitFor(() => (noticesFor().length >= 2 ? true : undefined), 'state-change notice');

    await savePlacement({ ...frozen, state: 'active', schemaName: 'elsewhere', rolePasswordSealed: 'sealed-new' });
    const moved = await getPlacement(tenant.id, 'prompt');
    assert.ok(moved.generation > first.generation, 'a new location, a new generation');
    const notice = await waitFor(() => noticesFor().find((candidate) => candidate.generation === moved.generation), 'switch notice');
    assert.deepEqual(notice, { topic: 'placement', tenantId: tenant.id, layer: 'prompt', generation: moved.generation });
  });

  test('a lost listening connection tells subscribers to drop everything, and listening resumes by itself', async () => {
    const missedBefore = missed;
    const app = await connectAsApp();
    try {
      // This process's listening session only (other test files listen too).
      const { rowCount } = await app.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        `${describeProcess()} notices`,
      ]);
      assert.ok(rowCount && rowCount >= 1, 'positive control: the listening session was found and ended');
    } finally {
      await app.end();
    }
    await waitFor(() => (missed > missedBefore ? true : undefined), 'missed-notices call');
    await whenListeningForChanges();
    const id = `after-reconnect-${Date.now()}`;
    await withPlatformSystemAccess('test: notice', (tx) => publishChangeNotice(tx, { topic: 'test', id }));
    await waitFor(() => received.find((notice) => notice.id === id), 'notice after reconnecting', 10_000);
  });
});
