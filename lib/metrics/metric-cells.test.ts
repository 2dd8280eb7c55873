import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineBandHistogram } from './band-histogram';
import { getSharedCounterCells } from './metric-cells';
import { defineCounter, renderMetrics } from './metric-registry';

describe('request-path metrics', () => {
  test('counter cells are published as one series per label combination at scrape time', async () => {
    const cells = getSharedCounterCells('test_cells_total', ['tenant', 'outcome'] as const);
    defineCounter({ name: 'test_cells_total', help: 'test', labelNames: ['tenant', 'outcome'], collect: (counter) => cells.publish(counter) });
    cells.add(1, 'tenant-a', 'success');
    cells.add(2, 'tenant-a', 'success');
    cells.add(1, 'tenant-b', 'blocked');
    assert.equal(getSharedCounterCells('test_cells_total', ['tenant', 'outcome'] as const), cells, 'one set of cells per name');
    const { body } = await renderMetrics();
    assert.match(body, /^test_cells_total\{tenant="tenant-a",outcome="success"\} 3$/m);
    assert.match(body, /^test_cells_total\{tenant="tenant-b",outcome="blocked"\} 1$/m);
  });

  test('a band histogram is exposed as cumulative buckets with +Inf, sum and count', async () => {
    const histogram = defineBandHistogram('test_band_seconds', 'test', [0.01, 0.1, 1]);
    assert.equal(defineBandHistogram('test_band_seconds', 'test', [0.01, 0.1, 1]), histogram, 'get-or-create');
    for (const value of [0.005, 0.05, 0.05, 0.5, 5]) histogram.observe(value);
    const { body } = await renderMetrics();
    assert.match(body, /^# TYPE test_band_seconds histogram$/m);
    for (const [le, count] of [
      ['0.01', 1],
      ['0.1', 3],
      ['1', 4],
      ['\\+Inf', 5],
    ] as const)
      assert.match(body, new RegExp(`^test_band_seconds_bucket\\{le="${le}"\\} ${count}$`, 'm'));
    assert.match(body, /^test_band_seconds_count 5$/m);
    assert.match(body, /^test_band_seconds_sum 5\.605$/m);
  });
});
