import 'server-only';
import { GatewayError } from './gateway-error';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** A per-key token bucket: `burst` requests at once, refilled at `perMinute` per minute. */
export interface TokenBucketLimiter {
  /** Takes one token or throws (or rejects with) GatewayError 429 with the seconds until one is available. */
  take(key: string, limits: { perMinute: number; burst: number }, now?: number): void | Promise<void>;
}

/**
 * In-memory token buckets, one per tenant. Per process: N gateway processes would allow N times the
 * rate, so the pipeline uses the shared, leased buckets (leased-rate-limit.ts); this one is for tests.
 */
export function createTokenBucketLimiter(maxKeys = 100_000): TokenBucketLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, { perMinute, burst }, now = Date.now()) {
      const perMs = perMinute / 60_000;
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) buckets.clear();
        bucket = { tokens: burst, updatedAt: now };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * perMs);
      bucket.updatedAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      throw new GatewayError(429, `Rate limit reached for this tenant. Try again in ${retryAfterSeconds} s.`, 'rate_limit_exceeded', null, retryAfterSeconds);
    },
  };
}
