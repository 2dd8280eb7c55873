import 'server-only';
import { defineGauge } from '@/lib/metrics/metric-registry';
import { getTenantSqlPoolStats } from '@/lib/tenancy/with-tenant-sql';
import { getPoolRegistry } from './pool-registry-instance';

/**
 * Database connections this process holds, by pool (`app`: the application role's lean pool,
 * `placement`: every placement's pool together, under BULKHEAD_PLACEMENT_MAX_CONNECTIONS) and state
 * (`in_use`, `idle`), read at scrape time. `in_use` near the cap means requests wait for connections.
 */
export function registerPoolMetrics(): void {
  defineGauge({
    name: 'bulkhead_db_pool_connections',
    help: 'Open database connections of this process, by pool (app, placement) and state (in_use, idle).',
    labelNames: ['pool', 'state'],
    collect: (gauge) => {
      const placement = getPoolRegistry().getStats();
      const app = getTenantSqlPoolStats();
      gauge.set({ pool: 'placement', state: 'in_use' }, placement.openConnections - placement.idleConnections);
      gauge.set({ pool: 'placement', state: 'idle' }, placement.idleConnections);
      gauge.set({ pool: 'app', state: 'in_use' }, app.openConnections - app.idleConnections);
      gauge.set({ pool: 'app', state: 'idle' }, app.idleConnections);
    },
  });
  defineGauge({
    name: 'bulkhead_placement_pool_reserved_connections',
    help: "Sum of the placement pools' maximum sizes (bounded by BULKHEAD_PLACEMENT_MAX_CONNECTIONS).",
    collect: (gauge) => gauge.set(getPoolRegistry().getStats().reservedConnections),
  });
}
