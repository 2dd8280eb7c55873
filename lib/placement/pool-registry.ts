import 'server-only';
import pg from 'pg';
import { handlePoolErrors } from '@/lib/db/pool-errors';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as DataPlaneClient } from '@/lib/generated/data-plane/client';
import { PlacementBusyError } from './errors';
import type { ConnectionTarget } from './connection-target';

interface SchemaClient {
  client: DataPlaneClient;
  leases: number;
  isEvicted: boolean;
}

interface PoolEntry {
  key: string;
  placement: ConnectionTarget['placement'];
  /** Out of the map (a newer location exists): closed as soon as its last lease is released. */
  isRetired: boolean;
  pool: pg.Pool;
  /** A Prisma client per schema reached through this pool (one, unless the pool is shared), most recently used last. */
  clients: Map<string, SchemaClient>;
  size: number;
  inFlight: number;
  lastUsedAt: number;
}

export interface PoolLease {
  client: DataPlaneClient;
  /** The same connections without Prisma, for lean hot-path reads (read-tenant-data.ts). */
  pool: pg.Pool;
  release(): void;
}

export interface PoolRegistryStats {
  pools: number;
  /** Sum of the pools' maximum sizes: what the cap bounds. */
  reservedConnections: number;
  /** Connections actually open now. */
  openConnections: number;
  /** Open connections not lent to anyone right now. */
  idleConnections: number;
  evictions: number;
}

/**
 * Data-plane pools, one per placement connection, created on demand. The sum of their maximum
 * sizes never exceeds `maxConnections`: opening a pool past the cap first closes the least recently
 * used idle ones, and waits (up to `waitMs`) when every pool is busy. With 1,000 tenants the
 * process holds at most the cap, whatever the number of placements.
 */
export class PoolRegistry {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly waiters: (() => void)[] = [];
  private evictions = 0;
  private creating: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: { maxConnections: number; waitMs?: number }) {}

  async acquire(target: ConnectionTarget): Promise<PoolLease> {
    const size = Math.min(target.size, this.options.maxConnections);
    let entry = this.entries.get(target.key);
    const deadline = Date.now() + (this.options.waitMs ?? 5_000);
    while (!entry) {
      entry = await this.createWithinCap(target, size);
      if (entry) break;
      if (Date.now() >= deadline) throw new PlacementBusyError();
      await this.waitForRelease(deadline - Date.now());
      entry = this.entries.get(target.key);
    }
    entry.inFlight += 1;
    entry.lastUsedAt = Date.now();
    const held = entry;
    // Made on first use: the gateway's lean reads and appends use only the pool, and building a
    // Prisma client per schema on every lease of the shared pool would cost each of them.
    let schemaClient: SchemaClient | null = null;
    let released = false;
    return {
      get client() {
        schemaClient ??= leaseClient(held, target.schemaName);
        return schemaClient.client;
      },
      pool: held.pool,
      release: () => {
        if (released) return;
        released = true;
        if (schemaClient) releaseClient(schemaClient);
        held.inFlight -= 1;
        held.lastUsedAt = Date.now();
        if (held.isRetired && held.inFlight === 0) void this.closeEntry(held);
        this.waiters.splice(0).forEach((wake) => wake());
      },
    };
  }

  /**
   * A placement of (tenant, layer) switched to `generation` (null: its row is gone): every pool of an
   * older location of it leaves the registry at once, so no new lease reaches it, and closes when its
   * last lease ends. Requests already on it finish there (the old copy outlives the switch by the
   * read-cache period); the next lookup gets the new location and a new pool.
   */
  retireOtherGenerations(tenantId: string, layer: string, generation: number | null): number {
    let retired = 0;
    for (const entry of [...this.entries.values()]) {
      const owner = entry.placement;
      if (!owner || owner.tenantId !== tenantId || owner.layer !== layer || owner.generation === generation) continue;
      this.entries.delete(entry.key);
      entry.isRetired = true;
      retired += 1;
      if (entry.inFlight === 0) void this.closeEntry(entry);
    }
    return retired;
  }

  /** Closes the pool of `key` now (a placement moved or was destroyed). */
  async evict(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) await this.closeEntry(entry);
  }

  getStats(): PoolRegistryStats {
    const entries = [...this.entries.values()];
    return {
      pools: entries.length,
      reservedConnections: entries.reduce((sum, entry) => sum + entry.size, 0),
      openConnections: entries.reduce((sum, entry) => sum + entry.pool.totalCount, 0),
      idleConnections: entries.reduce((sum, entry) => sum + entry.pool.idleCount, 0),
      evictions: this.evictions,
    };
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => this.closeEntry(entry)));
  }

  /**
   * One creation at a time: two requests for new pools must not both count the same free room,
   * and two requests for the same new placement must share one pool.
   */
  private createWithinCap(target: ConnectionTarget, size: number): Promise<PoolEntry | undefined> {
    const attempt = this.creating.then(async () => {
      const existing = this.entries.get(target.key);
      if (existing) return existing;
      return (await this.makeRoomFor(size)) ? this.createEntry(target, size) : undefined;
    });
    this.creating = attempt.catch(() => undefined);
    return attempt;
  }

  private async makeRoomFor(size: number): Promise<boolean> {
    let reserved = this.getStats().reservedConnections;
    const idleOldestFirst = [...this.entries.values()].filter((entry) => entry.inFlight === 0).sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    const victims: PoolEntry[] = [];
    for (const entry of idleOldestFirst) {
      if (reserved + size <= this.options.maxConnections) break;
      victims.push(entry);
      reserved -= entry.size;
    }
    if (reserved + size > this.options.maxConnections) return false;
    // Out of the map at once (nobody can lease them), closed before the new pool connects.
    for (const victim of victims) this.entries.delete(victim.key);
    await Promise.all(victims.map((victim) => this.closeEntry(victim)));
    this.evictions += victims.length;
    return true;
  }

  private createEntry(target: ConnectionTarget, size: number): PoolEntry {
    const pool = handlePoolErrors(new pg.Pool({ ...target.poolConfig, max: size, idleTimeoutMillis: 30_000 }));
    // Each attached Prisma client listens for the pool's errors.
    pool.setMaxListeners(MAX_CLIENTS_PER_POOL + 4);
    const entry: PoolEntry = {
      key: target.key,
      placement: target.placement,
      isRetired: false,
      pool,
      clients: new Map(),
      size,
      inFlight: 0,
      lastUsedAt: Date.now(),
    };
    this.entries.set(target.key, entry);
    return entry;
  }

  private async closeEntry(entry: PoolEntry) {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    await Promise.all([...entry.clients.values()].map(({ client }) => client.$disconnect().catch(() => {})));
    await entry.pool.end().catch(() => {});
  }

  private waitForRelease(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(ms, 0));
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

// A Prisma client holds no connections of its own here (its adapter borrows the entry's pool, and
// disconnecting it only detaches it), so the shared pool keeps the most recently used few and
// detaches the others once no lease uses them.
const MAX_CLIENTS_PER_POOL = 64;

function leaseClient(entry: PoolEntry, schema: string): SchemaClient {
  let found = entry.clients.get(schema);
  if (found) {
    entry.clients.delete(schema);
  } else {
    found = { client: new DataPlaneClient({ adapter: new PrismaPg(entry.pool, { schema }) }), leases: 0, isEvicted: false };
    if (entry.clients.size >= MAX_CLIENTS_PER_POOL) {
      const [oldestSchema, oldest] = entry.clients.entries().next().value!;
      entry.clients.delete(oldestSchema);
      oldest.isEvicted = true;
      if (oldest.leases === 0) void oldest.client.$disconnect().catch(() => {});
    }
  }
  entry.clients.set(schema, found);
  found.leases += 1;
  return found;
}

function releaseClient(schemaClient: SchemaClient): void {
  schemaClient.leases -= 1;
  if (schemaClient.isEvicted && schemaClient.leases === 0) void schemaClient.client.$disconnect().catch(() => {});
}
