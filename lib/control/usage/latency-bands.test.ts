import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addLatencyBands, estimateLatencyQuantile, findLatencyBand, LATENCY_BAND_COUNT } from './latency-bands';

describe('latency bands', () => {
  test('a latency falls in the first band whose bound holds it; beyond the last bound, the open band', () => {
    assert.equal(findLatencyBand(0.4), 0);
    assert.equal(findLatencyBand(1), 0);
    assert.equal(findLatencyBand(1.01), 1);
    assert.equal(findLatencyBand(150), 7);
    assert.equal(findLatencyBand(60_000), LATENCY_BAND_COUNT - 1);
  });

  test('quantiles come from the summed bands: p50 and p95 of 90 fast and 10 slow requests', () => {
    const bands = new Array<number>(LATENCY_BAND_COUNT).fill(0);
    for (let index = 0; index < 90; index += 1) bands[findLatencyBand(3)] += 1;
    for (let index = 0; index < 10; index += 1) bands[findLatencyBand(400)] += 1;
    assert.equal(estimateLatencyQuantile(bands, 0.5), 5);
    assert.equal(estimateLatencyQuantile(bands, 0.95), 500);
    assert.equal(estimateLatencyQuantile(new Array<number>(LATENCY_BAND_COUNT).fill(0), 0.5), null);
    assert.deepEqual(addLatencyBands([1, 2], [3, 4, 5]), [4, 6, 5]);
  });
});
