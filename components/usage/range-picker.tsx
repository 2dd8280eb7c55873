import Link from 'next/link';
import { USAGE_RANGES, type UsageRange } from '@/lib/control/usage/usage-range';

const LABELS: Record<UsageRange, string> = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days' };

/** The range links of an overview (plain links: the page reads ?range= on the server). */
export function RangePicker({ current, basePath }: { current: UsageRange; basePath: string }) {
  return (
    <nav aria-label="Range" className="inline-flex overflow-hidden rounded-lg border border-slate-200 text-sm" data-testid="usage-range">
      {USAGE_RANGES.map((range) => (
        <Link
          key={range}
          href={`${basePath}?range=${range}`}
          aria-current={range === current ? 'page' : undefined}
          className={`px-3 py-1.5 ${range === current ? 'bg-slate-900 text-white' : 'bg-white text-slate-700 hover:bg-slate-50'} border-l border-slate-200 first:border-l-0`}
        >
          {LABELS[range]}
        </Link>
      ))}
    </nav>
  );
}
