import 'server-only';
import type { BucketSeconds } from './usage-sample';

export const USAGE_RANGES = ['1h', '24h', '7d', '30d'] as const;
export type UsageRange = (typeof USAGE_RANGES)[number];

const RANGE_SECONDS: Record<UsageRange, number> = { '1h': 3_600, '24h': 86_400, '7d': 604_800, '30d': 2_592_000 };
// Each range reads a few dozen to a few hundred points per tenant.
const RANGE_BUCKET: Record<UsageRange, BucketSeconds> = { '1h': 300, '24h': 3_600, '7d': 3_600, '30d': 86_400 };

/** A range and the one before it, aligned to whole buckets, the current bucket included. */
export interface UsageWindow {
  range: UsageRange;
  bucketSeconds: BucketSeconds;
  start: Date;
  end: Date;
  previousStart: Date;
}

export function parseUsageRange(value: string | undefined): UsageRange {
  return USAGE_RANGES.includes(value as UsageRange) ? (value as UsageRange) : '24h';
}

export function getUsageWindow(range: UsageRange, now = Date.now()): UsageWindow {
  const bucketMs = RANGE_BUCKET[range] * 1000;
  const end = now - (now % bucketMs) + bucketMs;
  const start = end - RANGE_SECONDS[range] * 1000;
  return {
    range,
    bucketSeconds: RANGE_BUCKET[range],
    start: new Date(start),
    end: new Date(end),
    previousStart: new Date(start - RANGE_SECONDS[range] * 1000),
  };
}
