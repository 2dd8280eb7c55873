import 'server-only';
import { noticeBackedPeriodMs } from './change-notices';

/**
 * Values read from the database, kept per key in this process for `periodMs`, or longer while every
 * change to them is announced on `topics` (noticeBackedPeriodMs). Invalidations are counted: a load
 * that was in flight while one happened may have read the value as it was before the change, so its
 * answer serves the caller that asked but is not kept.
 */
export class NoticeBackedCache<Value> {
  private readonly entries = new Map<string, { value: Value; loadedAt: number }>();
  private invalidations = 0;

  constructor(private readonly options: { periodMs: number; topics: readonly string[]; maxEntries: number }) {}

  /** The entry for `key` if it is still fresh at `now`; undefined when it must be loaded. */
  getFresh(key: string, now: number): { value: Value } | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.loadedAt < noticeBackedPeriodMs(this.options.periodMs, this.options.topics)) return entry;
    return undefined;
  }

  /** Runs `load` and keeps its value under `key`, unless an invalidation happened meanwhile. */
  async load(key: string, now: number, load: () => Promise<Value>): Promise<Value> {
    const invalidationsBefore = this.invalidations;
    const value = await load();
    if (this.invalidations === invalidationsBefore) {
      if (this.entries.size >= this.options.maxEntries) this.entries.clear();
      this.entries.set(key, { value, loadedAt: now });
    }
    return value;
  }

  invalidate(key: string): void {
    this.invalidations += 1;
    this.entries.delete(key);
  }

  invalidateWhere(matches: (value: Value) => boolean): void {
    this.invalidations += 1;
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  invalidateAll(): void {
    this.invalidations += 1;
    this.entries.clear();
  }
}
