'use client';

import Link from 'next/link';
import type { UsageSummary } from '@/lib/control/usage/summarize-usage';
import type { UsageRange } from '@/lib/control/usage/usage-range';
import { LiveStatus } from './live-status';
import { UsageCharts } from './usage-charts';
import { UsageComparison } from './usage-comparison';
import { useLiveUsage } from './use-live-usage';

export type TenantTraffic = UsageSummary & { openIncidents: number | null };

/** A tenant's traffic tiles and charts for one range, kept current while the overview is open. */
export function LiveTenantTraffic({ slug, range, initial }: { slug: string; range: UsageRange; initial: TenantTraffic }) {
  const { data, updatedAt, error } = useLiveUsage(`/api/tenants/${encodeURIComponent(slug)}/usage?range=${range}`, initial);
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <LiveStatus updatedAt={updatedAt} error={error} />
        {data.openIncidents !== null && (
          <Link href={`/tenants/${encodeURIComponent(slug)}/incidents`} className="text-sm text-indigo-700 hover:underline" data-testid="open-incidents">
            {data.openIncidents === 1 ? '1 open incident' : `${data.openIncidents} open incidents`}
          </Link>
        )}
      </div>
      <UsageComparison current={data.current} previous={data.previous} showLatency />
      <UsageCharts points={data.points} range={range} showLatency />
    </>
  );
}
