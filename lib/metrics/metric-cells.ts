import 'server-only';
import type { Counter } from 'prom-client';

/**
 * A counter's series kept as plain numbers in a tree of Maps keyed by label values, and copied into
 * the prom-client counter when it is scraped. prom-client's own `labels(...).inc()` builds a hash
 * string and validates the labels on every call; on the gateway's hot path a cell is looked up once
 * per request (Map gets, no allocation once the series exists) and incremented in place.
 */
export class CounterCells<Name extends string> {
  private readonly root = new Map<string, unknown>();

  constructor(private readonly labelNames: readonly Name[]) {}

  /** Adds `value` to the series with these label values (in labelNames order). */
  add(value: number, first: string, second?: string, third?: string): void {
    let level = this.root;
    let key = first;
    if (this.labelNames.length >= 2) {
      level = getChild(level, first);
      key = second as string;
    }
    if (this.labelNames.length === 3) {
      level = getChild(level, key);
      key = third as string;
    }
    level.set(key, ((level.get(key) as number | undefined) ?? 0) + value);
  }

  /** Writes every series into `counter` (its collect hook calls this at scrape time). */
  publish(counter: Counter<Name>): void {
    counter.reset();
    this.visit(this.root, 0, {} as Record<Name, string>, counter);
  }

  private visit(level: Map<string, unknown>, depth: number, labels: Record<Name, string>, counter: Counter<Name>) {
    const name = this.labelNames[depth] as Name;
    for (const [key, value] of level) {
      const next = { ...labels, [name]: key };
      if (depth === this.labelNames.length - 1) counter.inc(next, value as number);
      else this.visit(value as Map<string, unknown>, depth + 1, next, counter);
    }
  }
}

function getChild(level: Map<string, unknown>, key: string): Map<string, unknown> {
  let child = level.get(key) as Map<string, unknown> | undefined;
  if (!child) level.set(key, (child = new Map()));
  return child;
}

const holder = globalThis as unknown as { bulkheadCounterCells?: Map<string, unknown> };

/**
 * The cells of the counter `name`, one set per process: the console's server bundles may load a
 * counting module more than once, and every copy must count into the cells the counter publishes.
 */
export function getSharedCounterCells<Name extends string>(name: string, labelNames: readonly Name[]): CounterCells<Name> {
  const registry = (holder.bulkheadCounterCells ??= new Map());
  const existing = registry.get(name) as CounterCells<Name> | undefined;
  if (existing) return existing;
  const cells = new CounterCells(labelNames);
  registry.set(name, cells);
  return cells;
}
