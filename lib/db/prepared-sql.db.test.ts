import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { connectAsOwner, createTestTenant } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { buildBeginWithTenantContext } from '@/lib/tenancy/tenant-context';
import { runTenantStatement } from '@/lib/tenancy/with-tenant-sql';
import { definePreparedSql, ensurePrepared, executeInSchema, executeSql, isStalePreparedPlan, MAX_PREPARED_PER_CONNECTION } from './prepared-sql';

// The hot path runs one prepared statement for every tenant on a shared connection. These attacks
// hold tenant A's context on the very connection where B's plan was cached.
const SETTINGS_OF_TENANT = definePreparedSql(
  'test_settings',
  ['integer'],
  'SELECT tenant_id::text, requests_per_minute FROM gateway_settings WHERE requests_per_minute > $1 ORDER BY tenant_id',
);

describe('prepared statements on a shared connection', () => {
  // One connection, so every call reuses the same server session and its prepared plans.
  const pool = new pg.Pool({ connectionString: process.env.BULKHEAD_APP_DATABASE_URL, max: 1 });
  const tenants: { id: string }[] = [];
  const read = (tenantId: string, statement = executeSql(SETTINGS_OF_TENANT, [0])) =>
    pool
      .connect()
      .then((client) =>
        runTenantStatement<{ tenant_id: string; requests_per_minute: number }>(client, buildBeginWithTenantContext(tenantId, { readOnly: true }), statement),
      );
  const preparedCount = async () => {
    const client = await pool.connect();
    try {
      return (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1`, [SETTINGS_OF_TENANT.name])).rows[0].n;
    } finally {
      client.release();
    }
  };

  before(async () => {
    for (const label of ['prep-a', 'prep-b']) {
      const tenant = await createTestTenant(label);
      await withPlatformSystemAccess('test fixture', (tx) => tx.gatewaySettings.create({ data: { tenantId: tenant.id, requestsPerMinute: 77, burst: 7 } }));
      tenants.push(tenant);
    }
  });

  after(async () => {
    await pool.end();
    await disconnectAllPrismaClients();
  });

  test('is prepared once per connection and planned for many executions', async () => {
    assert.equal(await preparedCount(), 0, 'nothing is prepared before the first execution');
    for (let i = 0; i < 8; i++) await read(tenants[0].id); // past the five custom plans, onto the generic one
    assert.equal(await preparedCount(), 1);
  });

  test("each tenant's execution sees only its own rows, on the connection where the other's plan is cached", async () => {
    const [a, b] = tenants;
    const ofA = await read(a.id);
    assert.deepEqual(
      ofA.map((row) => row.tenant_id),
      [a.id],
      "positive control: A's own row is visible, so a leak would be too",
    );
    for (let i = 0; i < 6; i++) {
      assert.deepEqual(
        (await read(b.id)).map((row) => row.tenant_id),
        [b.id],
      );
      assert.deepEqual(
        (await read(a.id)).map((row) => row.tenant_id),
        [a.id],
      );
    }
  });

  test('a prepared statement that is missing from the session is prepared again after a reconnect', async () => {
    const client = await pool.connect();
    client.release(true); // the server session ends; its prepared statements go with it
    assert.equal(await preparedCount(), 0);
    assert.deepEqual(
      (await read(tenants[1].id)).map((row) => row.tenant_id),
      [tenants[1].id],
    );
    assert.equal(await preparedCount(), 1);
  });

  test('a failed execution rolls back, keeps the connection usable and the statement prepared', async () => {
    await assert.rejects(read(tenants[0].id, executeSql(SETTINGS_OF_TENANT, ['not a number'])), /invalid input syntax for type integer/);
    assert.deepEqual(
      (await read(tenants[0].id)).map((row) => row.tenant_id),
      [tenants[0].id],
    );
    assert.equal(await preparedCount(), 1);
  });
});

describe('plans per schema on a connection shared by many schemas', () => {
  const pool = new pg.Pool({ connectionString: process.env.BULKHEAD_APP_DATABASE_URL, max: 1 });
  const COUNT_SETTINGS = definePreparedSql(
    'test_count_settings',
    ['integer'],
    'SELECT count(*)::int AS n FROM gateway_settings WHERE requests_per_minute > $1',
  );
  let tenantId: string;
  // The schema only names the plan here: every variant runs under the connection's own search_path.
  const inSchema = (index: number) => executeInSchema(executeSql(COUNT_SETTINGS, [0]), `schema_${index}`);
  const preparedVariants = async (client: pg.PoolClient) =>
    new Set(
      (await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE name LIKE $1', [`${COUNT_SETTINGS.name}\\_%`])).rows.map(
        (row) => row.name,
      ),
    );
  const nameOf = (index: number) => (inSchema(index) as { prepared: { name: string } }).prepared.name;

  before(async () => {
    tenantId = (await createTestTenant('prep-lru')).id;
  });

  after(async () => {
    await pool.end();
  });

  test('each schema gets a plan of its own, and the least recently used goes when the connection holds its limit', async () => {
    assert.notEqual(nameOf(1), nameOf(2), 'two schemas never share a plan');
    assert.equal(nameOf(1), nameOf(1), 'one schema always finds its own');
    const client = await pool.connect();
    try {
      for (let index = 0; index < MAX_PREPARED_PER_CONNECTION; index++) await ensurePrepared(client, inSchema(index));
      assert.equal((await preparedVariants(client)).size, MAX_PREPARED_PER_CONNECTION);
      await ensurePrepared(client, inSchema(0)); // used again: now the most recent
      await ensurePrepared(client, inSchema(MAX_PREPARED_PER_CONNECTION));
      const held = await preparedVariants(client);
      assert.equal(held.size, MAX_PREPARED_PER_CONNECTION, 'the limit holds');
      assert.ok(held.has(nameOf(0)), 'a plan used again is kept');
      assert.ok(!held.has(nameOf(1)), 'the least recently used plan was deallocated');
      assert.ok(held.has(nameOf(MAX_PREPARED_PER_CONNECTION)));
    } finally {
      client.release();
    }
    const rows = await pool
      .connect()
      .then((client) => runTenantStatement<{ n: number }>(client, buildBeginWithTenantContext(tenantId, { readOnly: true }), inSchema(1)));
    assert.equal(rows.length, 1, 'a deallocated plan is prepared again when its schema comes back');
  });
});

describe('a prepared plan whose result type changed under it', () => {
  const pool = new pg.Pool({ connectionString: process.env.BULKHEAD_APP_DATABASE_URL, max: 1 });
  let owner: pg.Client;
  let tenantId: string;
  // A table of its own, so altering it cannot disturb other test files running in parallel.
  const table = `prepared_stale_${Math.random().toString(36).slice(2, 10)}`;
  const READ = definePreparedSql(`read_${table}`, [], `SELECT v FROM public.${table}`);
  const read = () =>
    pool
      .connect()
      .then((client) => runTenantStatement<{ v: unknown }>(client, buildBeginWithTenantContext(tenantId, { readOnly: true }), executeSql(READ, [])));

  before(async () => {
    tenantId = (await createTestTenant('prep-stale')).id;
    owner = await connectAsOwner();
    await owner.query(`CREATE TABLE public.${table} (v integer); INSERT INTO public.${table} VALUES (1); GRANT SELECT ON public.${table} TO bulkhead_app`);
  });

  after(async () => {
    await owner.query(`DROP TABLE IF EXISTS public.${table}`);
    await owner.end();
    await pool.end();
  });

  test('fails once, destroys that connection, and the next read prepares it afresh', async () => {
    assert.deepEqual(
      (await read()).map((row) => row.v),
      [1],
    );
    await owner.query(`ALTER TABLE public.${table} ALTER COLUMN v TYPE text`);
    await assert.rejects(read(), (error) => isStalePreparedPlan(error), 'the stale plan is recognised');
    assert.deepEqual(
      (await read()).map((row) => row.v),
      ['1'],
      'a new connection prepares the statement against the new column type',
    );
  });
});
