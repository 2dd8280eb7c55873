import 'server-only';
/**
 * Latency bands of the usage buckets: upper bounds in milliseconds, the last band open-ended. A
 * quantile read from summed bands is the upper bound of the band it falls in, so it errs high by at
 * most one band (roughly a factor of two), which is the precision an overview chart needs.
 */
export const LATENCY_BAND_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000] as const;
export const LATENCY_BAND_COUNT = LATENCY_BAND_BOUNDS_MS.length + 1;

/** The index of the band `ms` falls in. */
export function findLatencyBand(ms: number): number {
  for (let index = 0; index < LATENCY_BAND_BOUNDS_MS.length; index += 1) if (ms <= LATENCY_BAND_BOUNDS_MS[index]) return index;
  return LATENCY_BAND_BOUNDS_MS.length;
}

/** The `quantile` (0..1) of the requests counted in `bands`, in milliseconds; null when there are none. */
export function estimateLatencyQuantile(bands: readonly number[], quantile: number): number | null {
  const total = bands.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(total * quantile));
  let seen = 0;
  for (let index = 0; index < bands.length; index += 1) {
    seen += bands[index];
    if (seen >= rank) return LATENCY_BAND_BOUNDS_MS[index] ?? LATENCY_BAND_BOUNDS_MS[LATENCY_BAND_BOUNDS_MS.length - 1] * 2;
  }
  return null;
}

/** Element-wise sum (bands of several buckets). */
export function addLatencyBands(into: number[], bands: readonly number[]): number[] {
  for (let index = 0; index < bands.length; index += 1) into[index] = (into[index] ?? 0) + bands[index];
  return into;
}
