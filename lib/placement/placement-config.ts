import 'server-only';
import { env } from '@/lib/env';

/** Settings of lib/placement (validated in lib/env.ts), read at use; a missing required one fails with the variable's name. */
export const placementConfig = {
  /** The owner role: provisioning runs DDL as it (it has CREATEROLE and CREATEDB). Never used by requests. */
  get ownerDatabaseUrl(): string {
    return env.ownerDatabaseUrl;
  },
  /** Cap on connections held by all data-plane pools of this process together. */
  get maxConnections(): number {
    return env.placementMaxConnections;
  },
  /** Connections per placement reached by its own role's login (dedicated, or on another server). */
  get tenantPoolSize(): number {
    return env.placementPoolSize;
  },
  /**
   * Connections of the one pool that serves every schema_kms placement on the application's own
   * server, each transaction taking its placement's role (connection-target.ts).
   */
  get sharedPoolSize(): number {
    return env.placementSharedPoolSize;
  },
  /**
   * Lanes that connection budget is split into, each schema always served by the same lane: a
   * connection then keeps prepared plans for a share of the schemas only (prepared-sql.ts,
   * executeInSchema), so with 1,000 tenants its plans still fit and are reused.
   */
  get sharedPoolLanes(): number {
    return Math.min(env.placementSharedPoolLanes, env.placementSharedPoolSize);
  },
  /**
   * How long a tier migration waits after refusing new writes before it copies, so that a write
   * transaction already under way commits first. The data transaction timeout bounds those.
   */
  get writeDrainMs(): number {
    return env.placementDrainMs;
  },
  /**
   * How long a read-only hot path (read-tenant-data.ts) may reuse a placement it looked up. A tier
   * switch waits this long before destroying the old copy, so a reader holding the old placement
   * still finds its data; writes always look the placement up afresh.
   */
  get readCacheMs(): number {
    return env.placementReadCacheMs;
  },
  /**
   * How long destroying an old copy waits for every process to let go of it (they do on the switch
   * notice; idle connections close within 30 s regardless) before the step fails with a message
   * naming who still holds it, to be retried by the worker.
   */
  get releaseWaitMs(): number {
    return env.placementReleaseWaitMs;
  },
};
