import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { createTestTenant } from '@/lib/testing/fixtures';
import { destroyLocation } from './destroy-location';
import { getPlacement, type Placement } from './get-placement';
import type { Tier } from './layers';
import { connectAsOwnerOf, connectAsPlacementRole, getErrorCode, inTenantContext, recordTestEvents } from './logs-layer-test-helpers';
import { migrateLayer } from './migrate-layer';
import { closePlacementPools } from './pool-registry-instance';
import { upgradeSharedSchema } from './upgrade-placements';

// Attacks on each log tier: hold tenant A's log placement client and try to reach B's chain, with a
// positive control (A reaches its own; B's context reaches B's) so a harness that sees nothing cannot pass.
const tiers: Tier[] = ['namespace', 'schema_kms', 'dedicated'];
const DENIED = '42501';

const fakeEvent = (tenantId: string, seq: number) => [
  tenantId,
  seq,
  new Date().toISOString(),
  'user',
  'attacker',
  'tenant.update',
  'r',
  'success',
  '{}',
  '0'.repeat(64),
  'f'.repeat(64),
];
const insertEventSql = (table: string) =>
  `INSERT INTO ${table} (tenant_id, seq, time, actor_type, actor_id, action, request_id, outcome, payload_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

for (const tier of tiers) {
  describe(`${tier} log placement isolation and append-only`, () => {
    let kms: TestKms;
    const placements = {} as Record<'a' | 'b', Placement>;

    before(async () => {
      kms = await startTestKms();
      await upgradeSharedSchema();
      for (const side of ['a', 'b'] as const) {
        const tenant = await createTestTenant(`logs-iso-${tier}-${side}`);
        await recordTestEvents(tenant.id, 3, `${tier}-${side}`);
        if (tier !== 'namespace') await migrateLayer(tenant.id, 'logs', tier);
        placements[side] = await getPlacement(tenant.id, 'logs');
      }
    });
    after(async () => {
      if (tier !== 'namespace') for (const side of ['a', 'b'] as const) await destroyLocation(placements[side]);
      await closePlacementPools();
      await disconnectAllPrismaClients();
      await kms.stop();
    });

    test('the chain is where the tier says; each store reads only its own tenant (positive control: both see theirs)', async () => {
      assert.equal(placements.a.tier, tier);
      assert.equal(placements.a.roleName === null, tier === 'namespace');
      for (const side of ['a', 'b'] as const) {
        const { events } = await getAuditChainStore(placements[side].tenantId).findEvents({ limit: 50 });
        assert.ok(events.length >= 3);
        assert.ok(events.every((event) => event.tenantId === placements[side].tenantId));
      }
    });

    test("raw SQL as A's role naming B's chain is refused; A's own chain is readable in A's context only", async () => {
      const [a, b] = [placements.a, placements.b];
      const client = await connectAsPlacementRole(a);
      try {
        const own = await inTenantContext(client, a.tenantId, () => client.query('SELECT count(*)::int AS n FROM audit_events'));
        assert.ok(own.rows[0].n >= 3, 'positive control: A reads its own chain');
        assert.equal((await client.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n, 0, 'no tenant context, no rows');
        if (tier === 'namespace') {
          const seen = await inTenantContext(client, a.tenantId, () =>
            client.query('SELECT count(*)::int AS n FROM public.audit_events WHERE tenant_id = $1', [b.tenantId]),
          );
          assert.equal(seen.rows[0].n, 0, "B's rows are invisible in A's context");
          const code = await getErrorCode(() =>
            inTenantContext(client, a.tenantId, () => client.query(insertEventSql('public.audit_events'), fakeEvent(b.tenantId, 999))),
          );
          assert.equal(code, DENIED, "writing into B's chain is refused");
          const control = await inTenantContext(client, b.tenantId, () =>
            client.query('SELECT count(*)::int AS n FROM public.audit_events WHERE tenant_id = $1', [b.tenantId]),
          );
          assert.ok(control.rows[0].n >= 3, "positive control: B's context sees B's rows");
        } else if (tier === 'schema_kms') {
          const schemaOfB = `"${b.schemaName}"`;
          assert.equal(await getErrorCode(() => client.query(`SELECT count(*) FROM ${schemaOfB}.audit_events`)), DENIED);
          assert.equal(await getErrorCode(() => client.query(insertEventSql(`${schemaOfB}.audit_events`), fakeEvent(b.tenantId, 999))), DENIED);
          assert.equal(await getErrorCode(() => client.query('SELECT count(*) FROM public.audit_events')), DENIED, 'nor the shared tables');
        } else {
          assert.equal(await getErrorCode(() => connectAsPlacementRole(a, b.databaseName!).then((other) => other.end())), DENIED, "connecting to B's database");
          const control = await connectAsPlacementRole(b);
          await control.end();
        }
      } finally {
        await client.end();
      }
    });

    test("A's own role may only append: UPDATE, DELETE, TRUNCATE and thawing the head are refused (positive control: INSERT works)", async () => {
      const a = placements.a;
      const client = await connectAsPlacementRole(a);
      try {
        const attempts = {
          update: 'UPDATE audit_events SET target = $1',
          delete: 'DELETE FROM audit_events WHERE target <> $1',
          truncate: 'TRUNCATE audit_events',
          thaw: 'UPDATE audit_heads SET frozen = false WHERE tenant_id::text <> $1',
        };
        for (const [name, sql] of Object.entries(attempts)) {
          const code = await getErrorCode(() => inTenantContext(client, a.tenantId, () => client.query(sql, sql.includes('$1') ? ['x'] : [])));
          assert.equal(code, DENIED, name);
        }
        const inserted = await inTenantContext(client, a.tenantId, () => client.query(insertEventSql('audit_events'), fakeEvent(a.tenantId, 999)));
        assert.equal(inserted.rowCount, 1, 'positive control: inserting is allowed (rolled back)');
      } finally {
        await client.end();
      }
    });

    if (tier !== 'namespace') {
      test('the trigger refuses even the owner: grants alone do not make the placed chain append-only', async () => {
        const a = placements.a;
        const owner = await connectAsOwnerOf(a);
        try {
          const update = () => inTenantContext(owner, a.tenantId, () => owner.query(`UPDATE "${a.schemaName}".audit_events SET target = 'forged'`));
          assert.equal(await getErrorCode(update), DENIED);
          const count = await inTenantContext(owner, a.tenantId, () => owner.query(`SELECT count(*)::int AS n FROM "${a.schemaName}".audit_events`));
          assert.ok(count.rows[0].n >= 3, 'positive control: the owner reaches the rows it was refused to change');
        } finally {
          await owner.end();
        }
      });
    }
  });
}
