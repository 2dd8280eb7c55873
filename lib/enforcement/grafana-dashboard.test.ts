import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { metricsRegistry } from '@/lib/metrics/metric-registry';
import { registerServerMetrics } from './server-metrics';

const dashboardPath = path.join(process.cwd(), 'docs/grafana/bulkhead-gateway.json');

describe('the Grafana dashboard in docs/grafana', () => {
  test('every metric its panels query is one the servers expose', async () => {
    registerServerMetrics();
    const exposed = new Set((await metricsRegistry.getMetricsAsJSON()).map((metric) => metric.name));
    const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const queried = new Set<string>();
    for (const panel of dashboard.panels)
      for (const target of panel.targets ?? [])
        for (const name of target.expr.match(/bulkhead_[a-z0-9_]+/g) ?? []) queried.add(name.replace(/_(bucket|count|sum)$/, ''));
    assert.ok(queried.size >= 15, 'positive control: the panels were read');
    const unknown = [...queried].filter((name) => !exposed.has(name));
    assert.deepEqual(unknown, [], 'queried but never exposed');
  });
});
