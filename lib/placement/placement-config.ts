/** Settings of lib/placement, read at first use; missing ones fail with the variable's name. */
export const placementConfig = {
  /** The owner role: provisioning runs DDL as it (it has CREATEROLE and CREATEDB). Never used by requests. */
  get ownerDatabaseUrl(): string {
    const value = process.env.BULKHEAD_OWNER_DATABASE_URL;
    if (!value) throw new Error('BULKHEAD_OWNER_DATABASE_URL is not set: provisioning needs the owner role.');
    return value;
  },
  /** Cap on connections held by all data-plane pools of this process together. */
  get maxConnections(): number {
    return Number(process.env.BULKHEAD_PLACEMENT_MAX_CONNECTIONS ?? 100);
  },
  /** Connections per tenant-owned placement (schema_kms, dedicated); the shared pool gets BULKHEAD_DB_POOL_SIZE. */
  get tenantPoolSize(): number {
    return Number(process.env.BULKHEAD_PLACEMENT_POOL_SIZE ?? 2);
  },
  /**
   * How long a tier migration waits after refusing new writes before it copies, so that a write
   * transaction already under way commits first. The data transaction timeout bounds those.
   */
  get writeDrainMs(): number {
    return Number(process.env.BULKHEAD_PLACEMENT_DRAIN_MS ?? 10_000);
  },
  /**
   * How long a read-only hot path (read-tenant-data.ts) may reuse a placement it looked up. A tier
   * switch waits this long before destroying the old copy, so a reader holding the old placement
   * still finds its data; writes always look the placement up afresh.
   */
  get readCacheMs(): number {
    return Number(process.env.BULKHEAD_PLACEMENT_READ_CACHE_MS ?? 2_000);
  },
  /**
   * How long destroying an old copy waits for every process to close its connections to it (they do
   * on the switch notice; idle ones close within 30 s regardless) before the step fails with a
   * message naming who still holds them, to be retried by the worker.
   */
  get releaseWaitMs(): number {
    return Number(process.env.BULKHEAD_PLACEMENT_RELEASE_WAIT_MS ?? 45_000);
  },
};
