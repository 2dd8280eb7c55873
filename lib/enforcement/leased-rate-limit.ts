import 'server-only';
import { inlineSql } from '@/lib/db/inline-sql';
import { buildBeginWithTenantContext } from '@/lib/tenancy/tenant-context';
import { connectAppClient, runTenantStatement } from '@/lib/tenancy/with-tenant-sql';
import { GatewayError } from './gateway-error';
import type { TokenBucketLimiter } from './rate-limit';

type Limits = { perMinute: number; burst: number };

/** What one lease took from the tenant's shared bucket, and what it left there. */
export interface Lease {
  granted: number;
  remaining: number;
}

/** Takes up to `want` whole tokens from the tenant's shared bucket (refilled first). */
export type TakeLease = (tenantId: string, limits: Limits, want: number) => Promise<Lease>;

/**
 * A lease's tokens are spent within this long or dropped. What a process can hold back is bounded by
 * the lease's size (one lease per tenant and process), not by this period; the period keeps tokens
 * from being spent long after they were granted. It must be longer than the gap between a tenant's
 * requests when traffic is spread over many tenants: at a second, a tenant served every few seconds
 * took a lease, a row-locked UPDATE and a commit, on every request.
 */
export const LEASE_TTL_MS = 30_000;
/** A lease covers about this much of the tenant's rate: round trips per tenant and process ≈ 1 / this, at full rate. */
const LEASE_SECONDS = 0.25;

interface LocalLease {
  tokens: number;
  /** The limits the tokens were leased under: a changed limit drops them (the new one applies at once). */
  limits?: Limits;
  expiresAt: number;
  /** The shared bucket was empty: refuse locally until it has refilled one token, no round trip. */
  emptyUntil: number;
  pending?: Promise<void>;
}

/**
 * Per-tenant token buckets shared by every gateway process (and machine) through PostgreSQL, without a
 * round trip per request: a process leases a few tokens at a time (about a quarter second of the
 * tenant's rate, at most a quarter of its burst, at least one) and spends them locally. All processes
 * together never admit more than the bucket allows (burst + rate × time) plus what they hold in
 * leases (one lease each, at most a quarter of the burst): a token is granted once, by one
 * row-locked UPDATE. Tokens leased and not spent within LEASE_TTL_MS, or leased under limits that
 * have since changed, are dropped, not given back. A refusal is remembered until the bucket refills one
 * token, so a flood of refused requests costs no round trips. Fails closed: no lease, no request (503).
 */
export function createLeasedTokenLimiter(takeLease: TakeLease = takeLeaseFromPostgres, maxKeys = 100_000): TokenBucketLimiter {
  const leases = new Map<string, LocalLease>();

  const refill = (key: string, lease: LocalLease, limits: Limits) =>
    (lease.pending ??= (async () => {
      try {
        const perSecond = limits.perMinute / 60;
        const want = Math.max(1, Math.min(Math.ceil(perSecond * LEASE_SECONDS), Math.floor(limits.burst / 4)));
        const taken = await takeLease(key, limits, want);
        const now = Date.now();
        lease.tokens += taken.granted;
        lease.limits = limits;
        lease.expiresAt = now + LEASE_TTL_MS;
        if (taken.granted === 0) lease.emptyUntil = now + Math.ceil(((1 - taken.remaining) / perSecond) * 1000);
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        throw new GatewayError(
          503,
          'The gateway could not check the rate limit, so the request was not answered. Try again shortly.',
          'rate_limit_unavailable',
        );
      } finally {
        lease.pending = undefined;
      }
    })());

  return {
    take(key, limits, now = Date.now()) {
      let lease = leases.get(key);
      if (!lease) {
        if (leases.size >= maxKeys) leases.clear();
        lease = { tokens: 0, expiresAt: 0, emptyUntil: 0 };
        leases.set(key, lease);
      }
      if (lease.limits && (lease.limits.perMinute !== limits.perMinute || lease.limits.burst !== limits.burst)) {
        lease.tokens = 0;
        lease.emptyUntil = 0;
        lease.limits = limits;
      }
      if (lease.tokens >= 1 && now < lease.expiresAt) {
        lease.tokens -= 1;
        return;
      }
      if (now >= lease.expiresAt) lease.tokens = 0;
      return takeAfterRefill(key, lease, limits);
    },
  };

  // Concurrent requests share one lease round trip; whoever finds it spent goes for another, until
  // the shared bucket says it is empty.
  async function takeAfterRefill(key: string, lease: LocalLease, limits: Limits): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now < lease.emptyUntil) throw rateLimited(lease.emptyUntil - now);
      await refill(key, lease, limits);
      if (lease.tokens >= 1) {
        lease.tokens -= 1;
        return;
      }
    }
  }
}

function rateLimited(waitMs: number): GatewayError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new GatewayError(429, `Rate limit reached for this tenant. Try again in ${retryAfterSeconds} s.`, 'rate_limit_exceeded', null, retryAfterSeconds);
}

/**
 * One round trip: BEGIN with the tenant's context, create its bucket full if missing, then one UPDATE
 * that refills by the time elapsed and takes what it can. The UPDATE's own expressions read the row
 * it locks (re-read after a concurrent lease commits), so two processes never take the same token.
 */
export async function takeLeaseFromPostgres(tenantId: string, { perMinute, burst }: Limits, want: number): Promise<Lease> {
  const perSecond = perMinute / 60;
  const available = inlineSql`LEAST(${burst}::float8, tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - refilled_at)) * ${perSecond}::float8)`;
  const statement = inlineSql`
    INSERT INTO gateway_rate_budgets (tenant_id, tokens, refilled_at) VALUES (${tenantId}::uuid, ${burst}, now()) ON CONFLICT (tenant_id) DO NOTHING;
    UPDATE gateway_rate_budgets
       SET last_granted = LEAST(${want}, floor(${available}))::int,
           tokens = ${available} - LEAST(${want}, floor(${available})),
           refilled_at = GREATEST(refilled_at, now())
     WHERE tenant_id = ${tenantId}::uuid
    RETURNING last_granted AS granted, tokens AS remaining`;
  const client = await connectAppClient();
  const [row] = await runTenantStatement<{ granted: number; remaining: number }>(client, buildBeginWithTenantContext(tenantId), statement);
  return { granted: Number(row.granted), remaining: Number(row.remaining) };
}
