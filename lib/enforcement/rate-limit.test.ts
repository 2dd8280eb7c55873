import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError } from './gateway-error';
import { createTokenBucketLimiter } from './rate-limit';

describe('token bucket', () => {
  const limits = { perMinute: 60, burst: 3 };

  test('allows the burst, then 429 with Retry-After, then refills', () => {
    const limiter = createTokenBucketLimiter();
    for (let i = 0; i < 3; i++) limiter.take('a', limits, 0);
    assert.throws(
      () => limiter.take('a', limits, 0),
      (error: unknown) => error instanceof GatewayError && error.status === 429 && error.retryAfterSeconds === 1,
    );
    limiter.take('a', limits, 1_000);
    assert.throws(() => limiter.take('a', limits, 1_000), GatewayError);
  });

  test('tenants have separate buckets', () => {
    const limiter = createTokenBucketLimiter();
    for (let i = 0; i < 3; i++) limiter.take('a', limits, 0);
    assert.doesNotThrow(() => limiter.take('b', limits, 0));
  });

  test('never holds more than the burst', () => {
    const limiter = createTokenBucketLimiter();
    limiter.take('a', limits, 0);
    for (let i = 0; i < 3; i++) limiter.take('a', limits, 3_600_000);
    assert.throws(() => limiter.take('a', limits, 3_600_000), GatewayError);
  });
});
