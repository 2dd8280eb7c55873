import 'server-only';
import type { Metric } from 'prom-client';
import { metricsRegistry } from './metric-registry';

/**
 * A label-free Prometheus histogram for the request path: an observation is a walk over the bounds
 * and three additions, where prom-client's Histogram builds a labels object, validates it and hashes
 * it on every call (about 0.3 µs, twice per request). Exposed in prom-client's format at scrape time
 * (cumulative `_bucket` series, `_sum`, `_count`) and summed across node:cluster workers.
 */
export class BandHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    let band = 0;
    while (band < this.bounds.length && value > this.bounds[band]) band += 1;
    if (band < this.bounds.length) this.counts[band] += 1;
    this.sum += value;
    this.count += 1;
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }

  async get() {
    let cumulative = 0;
    const values = this.bounds.map((bound, band) => {
      cumulative += this.counts[band];
      return { labels: { le: bound }, value: cumulative, metricName: `${this.name}_bucket` };
    });
    values.push(
      { labels: { le: '+Inf' as unknown as number }, value: this.count, metricName: `${this.name}_bucket` },
      { labels: {} as { le: number }, value: this.sum, metricName: `${this.name}_sum` },
      { labels: {} as { le: number }, value: this.count, metricName: `${this.name}_count` },
    );
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

/** The band histogram `name`, created and registered once per process (get-or-create, as metric-registry.ts). */
export function defineBandHistogram(name: string, help: string, bounds: readonly number[]): BandHistogram {
  const existing = metricsRegistry.getSingleMetric(name) as unknown as BandHistogram | undefined;
  if (existing) return existing;
  const histogram = new BandHistogram(name, help, bounds);
  metricsRegistry.registerMetric(histogram as unknown as Metric);
  return histogram;
}
