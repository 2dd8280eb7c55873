import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';

/** What `/metrics` on a public port answers: no token configured means the path does not exist there. */
export type MetricsAccess = 'allowed' | 'refused' | 'disabled';

/**
 * Decides a scrape on a public port by its `Authorization: Bearer <BULKHEAD_METRICS_TOKEN>` header,
 * comparing in constant time. Metrics carry tenant ids and traffic volumes: an operator's view,
 * never a tenant's.
 */
export function decideMetricsAccess(authorization: string | null | undefined): MetricsAccess {
  const token = env.metricsToken;
  if (!token) return 'disabled';
  if (!authorization?.startsWith('Bearer ')) return 'refused';
  const offered = Buffer.from(authorization.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return offered.length === expected.length && timingSafeEqual(offered, expected) ? 'allowed' : 'refused';
}
