import 'server-only';
import { addLatencyBands, estimateLatencyQuantile, LATENCY_BAND_COUNT } from './latency-bands';
import type { UsageWindow } from './usage-range';
import type { UsageCounts } from './usage-sample';

/** One stored bucket as the overview queries read it (latency bands are absent from rows written before them). */
export interface UsageRow extends Omit<UsageCounts, 'overheadBands' | 'upstreamBands'> {
  bucketStart: Date;
  overheadBands: number[] | null;
  upstreamBands: number[] | null;
}

/** One chart point: a bucket of the range (empty buckets included, so the time axis is even). */
export interface UsagePoint {
  time: string;
  success: number;
  flagged: number;
  blocked: number;
  denied: number;
  failure: number;
  blockedRate: number | null;
  flaggedRate: number | null;
  tokensIn: number;
  tokensOut: number;
  incidents: number;
  overheadP50: number | null;
  overheadP95: number | null;
  upstreamP50: number | null;
  upstreamP95: number | null;
}

/** A period's totals, for the comparison with the previous period. */
export interface UsageTotals {
  requests: number;
  blocked: number;
  flagged: number;
  tokens: number;
  incidents: number;
  overheadP95: number | null;
  upstreamP95: number | null;
}

export interface UsageSummary {
  points: UsagePoint[];
  current: UsageTotals;
  previous: UsageTotals;
}

/** Turns the rows of a window and its previous period into chart points and the two periods' totals. */
export function summarizeUsage(window: UsageWindow, rows: readonly UsageRow[]): UsageSummary {
  const byStart = new Map(rows.map((row) => [row.bucketStart.getTime(), row]));
  const points: UsagePoint[] = [];
  const step = window.bucketSeconds * 1000;
  for (let time = window.start.getTime(); time < window.end.getTime(); time += step) points.push(toPoint(time, byStart.get(time)));
  const startMs = window.start.getTime();
  return {
    points,
    current: totalOf(rows.filter((row) => row.bucketStart.getTime() >= startMs)),
    previous: totalOf(rows.filter((row) => row.bucketStart.getTime() < startMs)),
  };
}

function toPoint(time: number, row: UsageRow | undefined): UsagePoint {
  const requests = row ? countRequests(row) : 0;
  return {
    time: new Date(time).toISOString(),
    success: row?.success ?? 0,
    flagged: row?.flagged ?? 0,
    blocked: row?.blocked ?? 0,
    denied: row?.denied ?? 0,
    failure: row?.failure ?? 0,
    blockedRate: requests > 0 ? row!.blocked / requests : null,
    flaggedRate: requests > 0 ? row!.flagged / requests : null,
    tokensIn: row?.tokensIn ?? 0,
    tokensOut: row?.tokensOut ?? 0,
    incidents: row?.incidents ?? 0,
    overheadP50: row?.overheadBands ? estimateLatencyQuantile(row.overheadBands, 0.5) : null,
    overheadP95: row?.overheadBands ? estimateLatencyQuantile(row.overheadBands, 0.95) : null,
    upstreamP50: row?.upstreamBands ? estimateLatencyQuantile(row.upstreamBands, 0.5) : null,
    upstreamP95: row?.upstreamBands ? estimateLatencyQuantile(row.upstreamBands, 0.95) : null,
  };
}

function totalOf(rows: readonly UsageRow[]): UsageTotals {
  const overhead = new Array<number>(LATENCY_BAND_COUNT).fill(0);
  const upstream = new Array<number>(LATENCY_BAND_COUNT).fill(0);
  let requests = 0;
  let blocked = 0;
  let flagged = 0;
  let tokens = 0;
  let incidents = 0;
  for (const row of rows) {
    requests += countRequests(row);
    blocked += row.blocked;
    flagged += row.flagged;
    tokens += row.tokensIn + row.tokensOut;
    incidents += row.incidents;
    if (row.overheadBands) addLatencyBands(overhead, row.overheadBands);
    if (row.upstreamBands) addLatencyBands(upstream, row.upstreamBands);
  }
  return {
    requests,
    blocked,
    flagged,
    tokens,
    incidents,
    overheadP95: estimateLatencyQuantile(overhead, 0.95),
    upstreamP95: estimateLatencyQuantile(upstream, 0.95),
  };
}

export function countRequests(row: Pick<UsageRow, 'success' | 'flagged' | 'blocked' | 'denied' | 'failure'>): number {
  return row.success + row.flagged + row.blocked + row.denied + row.failure;
}
