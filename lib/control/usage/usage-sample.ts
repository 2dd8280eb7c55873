import 'server-only';
import { LATENCY_BAND_COUNT } from './latency-bands';

/** What one finished gateway request adds to its tenant's usage buckets (no content, no ids). */
export interface UsageSample {
  tenantId: string;
  outcome: 'success' | 'flagged' | 'blocked' | 'denied' | 'failure';
  tokensIn: number;
  tokensOut: number;
  overheadMs?: number;
  upstreamMs?: number;
}

/** Counts of one bucket, as accumulated in memory and as stored. */
export interface UsageCounts {
  success: number;
  flagged: number;
  blocked: number;
  denied: number;
  failure: number;
  tokensIn: number;
  tokensOut: number;
  incidents: number;
  overheadBands: number[];
  upstreamBands: number[];
}

/** The bucket sizes kept, in seconds: 5 minutes, 1 hour, 1 day. */
export const BUCKET_SECONDS = [300, 3_600, 86_400] as const;
export type BucketSeconds = (typeof BUCKET_SECONDS)[number];

export function createEmptyCounts(): UsageCounts {
  return {
    success: 0,
    flagged: 0,
    blocked: 0,
    denied: 0,
    failure: 0,
    tokensIn: 0,
    tokensOut: 0,
    incidents: 0,
    overheadBands: new Array<number>(LATENCY_BAND_COUNT).fill(0),
    upstreamBands: new Array<number>(LATENCY_BAND_COUNT).fill(0),
  };
}

export function mergeCounts(into: UsageCounts, from: UsageCounts): UsageCounts {
  into.success += from.success;
  into.flagged += from.flagged;
  into.blocked += from.blocked;
  into.denied += from.denied;
  into.failure += from.failure;
  into.tokensIn += from.tokensIn;
  into.tokensOut += from.tokensOut;
  into.incidents += from.incidents;
  for (let index = 0; index < LATENCY_BAND_COUNT; index += 1) {
    into.overheadBands[index] += from.overheadBands[index] ?? 0;
    into.upstreamBands[index] += from.upstreamBands[index] ?? 0;
  }
  return into;
}
