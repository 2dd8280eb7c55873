import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError } from './gateway-error';
import { createLeasedTokenLimiter, LEASE_TTL_MS, type TakeLease } from './leased-rate-limit';

/** A shared bucket in memory, as the PostgreSQL row behaves: refilled by time, tokens granted once. */
function createSharedBucket(clock: { now: number }) {
  const state = { tokens: -1, refilledAt: 0, leases: 0 };
  const takeLease: TakeLease = async (_tenant, { perMinute, burst }, want) => {
    state.leases += 1;
    if (state.tokens < 0) state.tokens = burst;
    const available = Math.min(burst, state.tokens + ((clock.now - state.refilledAt) / 60_000) * perMinute);
    const granted = Math.min(want, Math.floor(available));
    state.tokens = available - granted;
    state.refilledAt = clock.now;
    return { granted, remaining: state.tokens };
  };
  return { state, takeLease };
}

const isRateLimited = (error: unknown) => error instanceof GatewayError && error.status === 429 && (error.retryAfterSeconds ?? 0) >= 1;

describe('leased token buckets', () => {
  test('two processes sharing one budget admit the burst between them, not twice it', async () => {
    const clock = { now: Date.now() };
    const bucket = createSharedBucket(clock);
    const processes = [createLeasedTokenLimiter(bucket.takeLease), createLeasedTokenLimiter(bucket.takeLease)];
    const limits = { perMinute: 6, burst: 10 };
    let admitted = 0;
    for (let index = 0; index < 40; index += 1) {
      try {
        await processes[index % 2].take('tenant', limits);
        admitted += 1;
      } catch (error) {
        assert.ok(isRateLimited(error), String(error));
      }
    }
    assert.equal(admitted, 10);
  });

  test('a high-rate tenant spends leased tokens locally: one round trip per lease, not per request', async () => {
    const bucket = createSharedBucket({ now: Date.now() });
    const limiter = createLeasedTokenLimiter(bucket.takeLease);
    const limits = { perMinute: 60_000, burst: 1_000 }; // 1,000/s: a lease of 250
    for (let index = 0; index < 500; index += 1) await limiter.take('tenant', limits);
    assert.equal(bucket.state.leases, 2);
  });

  test('concurrent requests share a lease round trip, and fetch another when it runs short', async () => {
    const bucket = createSharedBucket({ now: Date.now() });
    const limiter = createLeasedTokenLimiter(bucket.takeLease);
    const limits = { perMinute: 600, burst: 60 }; // a lease of 3
    await Promise.all(Array.from({ length: 9 }, () => limiter.take('tenant', limits)));
    assert.equal(bucket.state.leases, 3);
  });

  test('once the budget is spent, refusals cost no round trips until a token has refilled', async () => {
    const bucket = createSharedBucket({ now: Date.now() });
    const limiter = createLeasedTokenLimiter(bucket.takeLease);
    const limits = { perMinute: 1, burst: 1 };
    await limiter.take('tenant', limits);
    await assert.rejects(async () => limiter.take('tenant', limits), isRateLimited);
    const leasesAfterFirstRefusal = bucket.state.leases;
    for (let index = 0; index < 100; index += 1) await assert.rejects(async () => limiter.take('tenant', limits), isRateLimited);
    assert.equal(bucket.state.leases, leasesAfterFirstRefusal);
  });

  test('tenants have separate budgets', async () => {
    const bucket = { a: createSharedBucket({ now: Date.now() }), b: createSharedBucket({ now: Date.now() }) };
    const limiter = createLeasedTokenLimiter((tenant, limits, want) => bucket[tenant as 'a' | 'b'].takeLease(tenant, limits, want));
    const limits = { perMinute: 1, burst: 1 };
    await limiter.take('a', limits);
    await assert.rejects(async () => limiter.take('a', limits), isRateLimited);
    await limiter.take('b', limits);
  });

  test('a lease that cannot be taken refuses the request (503), it never lets it through', async () => {
    const limiter = createLeasedTokenLimiter(async () => {
      throw new Error('connection refused');
    });
    await assert.rejects(
      async () => limiter.take('tenant', { perMinute: 600, burst: 60 }),
      (error: unknown) => error instanceof GatewayError && error.status === 503 && error.code === 'rate_limit_unavailable',
    );
  });

  test('a tenant served every few seconds spends one lease over many visits, not a round trip per visit', async (context) => {
    context.mock.timers.enable({ apis: ['Date'] });
    const bucket = createSharedBucket({ now: Date.now() });
    const limiter = createLeasedTokenLimiter(bucket.takeLease);
    const limits = { perMinute: 600_000, burst: 100_000 }; // a lease of 2,500
    for (let visit = 0; visit < 10; visit += 1) {
      await limiter.take('tenant', limits);
      context.mock.timers.tick(2_500);
    }
    assert.equal(bucket.state.leases, 1);
    context.mock.timers.tick(LEASE_TTL_MS);
    await limiter.take('tenant', limits);
    assert.equal(bucket.state.leases, 2, 'positive control: a lease older than LEASE_TTL_MS is dropped and a new one taken');
  });

  test('tokens leased under limits that have since changed are dropped: a lowered limit applies at once', async () => {
    const clock = { now: Date.now() };
    const bucket = createSharedBucket(clock);
    const limiter = createLeasedTokenLimiter(bucket.takeLease);
    await limiter.take('tenant', { perMinute: 60_000, burst: 1_000 }); // leases 250, spends 1
    const lowered = { perMinute: 1, burst: 1 };
    await limiter.take('tenant', lowered);
    assert.equal(bucket.state.leases, 2, 'the 249 tokens held under the old limits were not spent');
    await assert.rejects(async () => limiter.take('tenant', lowered), isRateLimited);
  });
});
