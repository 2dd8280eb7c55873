import type { UsageTotals } from '@/lib/control/usage/summarize-usage';

interface Tile {
  label: string;
  testId: string;
  current: number | null;
  previous: number | null;
  format: (value: number) => string;
  /** True when a rise is bad news (blocks, incidents, latency). */
  isRiseBad?: boolean;
}

const count = (value: number) => value.toLocaleString('en-US');
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const milliseconds = (value: number) => `≤ ${value.toLocaleString('en-US')} ms`;
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** The range's totals beside the previous period's, each with its change. */
export function UsageComparison({ current, previous, showLatency }: { current: UsageTotals; previous: UsageTotals; showLatency: boolean }) {
  const tiles: Tile[] = [
    { label: 'Requests', testId: 'requests', current: current.requests, previous: previous.requests, format: count },
    {
      label: 'Blocked rate',
      testId: 'blocked-rate',
      current: rate(current.blocked, current.requests),
      previous: rate(previous.blocked, previous.requests),
      format: percent,
      isRiseBad: true,
    },
    {
      label: 'Flagged rate',
      testId: 'flagged-rate',
      current: rate(current.flagged, current.requests),
      previous: rate(previous.flagged, previous.requests),
      format: percent,
      isRiseBad: true,
    },
    { label: 'Tokens', testId: 'tokens', current: current.tokens, previous: previous.tokens, format: count },
    { label: 'Incidents opened', testId: 'incidents', current: current.incidents, previous: previous.incidents, format: count, isRiseBad: true },
  ];
  if (showLatency)
    tiles.push({
      label: 'p95 gateway overhead',
      testId: 'overhead-p95',
      current: current.overheadP95,
      previous: previous.overheadP95,
      format: milliseconds,
      isRiseBad: true,
    });
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6" data-testid="usage-comparison">
      {tiles.map((tile) => (
        <div key={tile.testId} className="rounded-lg border border-slate-200 bg-white p-3" data-testid={`usage-${tile.testId}`}>
          <dt className="text-xs font-medium text-slate-500">{tile.label}</dt>
          <dd className="mt-1 text-xl font-semibold text-slate-900">{tile.current === null ? '–' : tile.format(tile.current)}</dd>
          <dd className="mt-0.5 text-xs">{describeChange(tile)}</dd>
        </div>
      ))}
    </dl>
  );
}

function describeChange(tile: Tile) {
  if (tile.previous === null || tile.current === null) return <span className="text-slate-500">no previous data</span>;
  if (tile.previous === 0) return <span className="text-slate-500">previous period: {tile.format(0)}</span>;
  const change = (tile.current - tile.previous) / tile.previous;
  const isBad = tile.isRiseBad ? change > 0 : change < 0;
  const tone = change === 0 ? 'text-slate-500' : isBad ? 'text-red-700' : 'text-emerald-700';
  return (
    <span className={tone}>
      {change > 0 ? '▲' : change < 0 ? '▼' : '='} {Math.abs(change * 100).toFixed(0)} % vs previous
    </span>
  );
}
