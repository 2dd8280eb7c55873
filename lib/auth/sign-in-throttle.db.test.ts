import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { authorizeCredentials } from './authorize-credentials';
import { hashPassword } from './password';
import { getSignInWaitSeconds, recordSignInFailure } from './sign-in-throttle';

// Guessing passwords against real PostgreSQL: the count is per account (known or not) and per client
// address, shared by every process, with growing waits; a tenant's log gets one event per window.
describe('sign-in throttling', () => {
  let tenantId: string;
  let email: string;
  let userId: string;
  const password = 'correct horse battery staple';
  let addressCounter = 0;
  /** A fresh client address per test, so tests do not share the per-address count. */
  const newAddress = () => `198.51.100.${++addressCounter}`;
  const from = (address: string) => new Headers({ 'x-forwarded-for': address });

  before(async () => {
    tenantId = (await createTestTenant('throttle')).id;
    ({ email, userId } = await createUserWithPassword('throttle-known', tenantId));
  });
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  async function createUserWithPassword(label: string, memberOf: string) {
    const address = `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const passwordHash = await hashPassword(password);
    const user = await withPlatformSystemAccess('throttle test', async (tx) => {
      const created = await tx.user.create({ data: { email: address, name: label, passwordHash }, select: { id: true } });
      await tx.membership.create({ data: { tenantId: memberOf, userId: created.id, role: 'member' } });
      return created;
    });
    return { email: address, userId: user.id };
  }

  const signInEvents = (user: string) =>
    withTenant(tenantId, (tx) =>
      tx.auditEvent.findMany({ where: { tenantId, action: 'auth.sign_in', actorId: user }, select: { outcome: true, payloadJson: true } }),
    );

  test('an account waits after five failures, even with the right password, and its tenant log holds one event for them all', async () => {
    const address = newAddress();
    const outcomes = [];
    // Nine: however slowly the machine runs them, the wait left after the last counted one outlasts the next call.
    for (let attempt = 0; attempt < 9; attempt++) outcomes.push((await authorizeCredentials({ email, password: 'wrong' }, from(address))).ok ? 'ok' : 'no');
    assert.ok(outcomes.every((outcome) => outcome === 'no'));
    assert.deepEqual(await authorizeCredentials({ email, password }, from(newAddress())), { ok: false, reason: 'throttled' });
    assert.ok((await getSignInWaitSeconds([{ kind: 'account', value: email }])) > 0);
    const denied = (await signInEvents(userId)).filter((event) => event.outcome === 'denied');
    assert.equal(denied.length, 1, 'one aggregated event, not one per attempt');
    assert.equal(JSON.parse(denied[0].payloadJson).windowSeconds, 900);
  });

  test('an unknown email is counted and refused exactly like a known one', async () => {
    const known = await createUserWithPassword('throttle-compare', tenantId);
    const unknown = `nobody-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const run = async (target: string) => {
      const seen = [];
      for (let attempt = 0; attempt < 6; attempt++) seen.push(await authorizeCredentials({ email: target, password: 'wrong' }, from(newAddress())));
      return { seen, waits: (await getSignInWaitSeconds([{ kind: 'account', value: target }])) > 0 };
    };
    const [forKnown, forUnknown] = [await run(known.email), await run(unknown)];
    assert.deepEqual(forKnown, forUnknown);
    assert.equal(forUnknown.waits, true, 'the sixth failure makes either wait');
  });

  test('a burst of parallel guesses is counted in full', async () => {
    const target = await createUserWithPassword('throttle-burst', tenantId);
    await Promise.all(Array.from({ length: 12 }, () => authorizeCredentials({ email: target.email, password: 'wrong' }, from(newAddress()))));
    assert.deepEqual(await authorizeCredentials({ email: target.email, password }, from(newAddress())), { ok: false, reason: 'throttled' });
  });

  test('one client address guessing across many accounts waits; another address does not', async () => {
    const address = newAddress();
    for (let attempt = 0; attempt < 31; attempt++)
      await authorizeCredentials({ email: `spray-${attempt}-${address}@example.test`, password: 'wrong' }, from(address));
    const fresh = await createUserWithPassword('throttle-address', tenantId);
    assert.deepEqual(await authorizeCredentials({ email: fresh.email, password }, from(address)), { ok: false, reason: 'throttled' });
    const elsewhere = await authorizeCredentials({ email: fresh.email, password }, from(newAddress()));
    assert.equal(elsewhere.ok, true, 'positive control: the same account signs in from another address');
  });

  test('loopback is not counted as one client (a local proxy or demo would lock everyone out); the account still is', async () => {
    for (let attempt = 0; attempt < 31; attempt++)
      await authorizeCredentials({ email: `local-${attempt}-${crypto.randomUUID()}@example.test`, password: 'wrong' }, from('127.0.0.1'));
    const fresh = await createUserWithPassword('throttle-loopback', tenantId);
    assert.equal((await authorizeCredentials({ email: fresh.email, password }, from('::ffff:127.0.0.1'))).ok, true);
  });

  test('the count is shared with another process', async () => {
    const target = await createUserWithPassword('throttle-process', tenantId);
    const script = `
      const { recordSignInFailure } = require('@/lib/auth/sign-in-throttle');
      (async () => {
        for (let i = 0; i < 6; i++) await recordSignInFailure({ kind: 'account', value: ${JSON.stringify(target.email)} });
        process.exit(0);
      })();`;
    await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], { env: process.env, cwd: process.cwd() });
    // The count, not the wait: a loaded machine may take longer than the first wait to start the child.
    assert.equal((await recordSignInFailure({ kind: 'account', value: target.email })).failures, 7, "this process continues the other's count");
  });

  test('a successful sign-in clears the count and reports the failures before it', async () => {
    const target = await createUserWithPassword('throttle-success', tenantId);
    for (let attempt = 0; attempt < 3; attempt++) await authorizeCredentials({ email: target.email, password: 'wrong' }, from(newAddress()));
    const signedIn = await authorizeCredentials({ email: target.email, password }, from(newAddress()));
    assert.equal(signedIn.ok, true);
    const success = (await signInEvents(target.userId)).find((event) => event.outcome === 'success');
    assert.equal(JSON.parse(success!.payloadJson).failedAttemptsBefore, 3);
    assert.equal(await getSignInWaitSeconds([{ kind: 'account', value: target.email }]), 0);
  });
});
