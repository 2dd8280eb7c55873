import 'server-only';
import client, { type Counter, type Gauge, type Histogram } from 'prom-client';

/**
 * The process's Prometheus registry (prom-client's global one, which node:cluster workers answer the
 * primary's aggregation from). Metrics are defined get-or-create by name: the console's server
 * bundles may load a defining module more than once, and a second definition must reuse the first
 * rather than throw. Every name starts with `bulkhead_`; labels are bounded (docs/observability.md).
 */
export const metricsRegistry = client.register;

/** `collect` runs at scrape time, handed the metric to fill from counts kept elsewhere. */
type Configuration<Name extends string, Metric> = { name: string; help: string; labelNames?: readonly Name[]; collect?: (metric: Metric) => void };

export function defineCounter<Name extends string = never>({ collect, ...configuration }: Configuration<Name, Counter<Name>>): Counter<Name> {
  const existing = metricsRegistry.getSingleMetric(configuration.name) as Counter<Name> | undefined;
  if (existing) return existing;
  const counter: Counter<Name> = new client.Counter({ ...configuration, collect: collect && (() => collect(counter)) });
  return counter;
}

export function defineGauge<Name extends string = never>({ collect, ...configuration }: Configuration<Name, Gauge<Name>>): Gauge<Name> {
  const existing = metricsRegistry.getSingleMetric(configuration.name) as Gauge<Name> | undefined;
  if (existing) return existing;
  const gauge: Gauge<Name> = new client.Gauge({ ...configuration, collect: collect && (() => collect(gauge)) });
  return gauge;
}

export function defineHistogram<Name extends string = never>(
  configuration: Omit<Configuration<Name, never>, 'collect'> & { buckets: number[] },
): Histogram<Name> {
  return (metricsRegistry.getSingleMetric(configuration.name) as Histogram<Name> | undefined) ?? new client.Histogram(configuration);
}

const holder = globalThis as unknown as { bulkheadDefaultMetrics?: boolean };

/** CPU, memory, event-loop delay and the like, once per process. */
export function collectProcessMetrics(): void {
  if (holder.bulkheadDefaultMetrics) return;
  holder.bulkheadDefaultMetrics = true;
  client.collectDefaultMetrics({ prefix: 'bulkhead_' });
}

/** The exposition text and its content type, as a scrape wants them. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  return { body: await metricsRegistry.metrics(), contentType: metricsRegistry.contentType };
}
