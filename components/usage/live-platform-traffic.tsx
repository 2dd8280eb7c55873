'use client';

import { Card } from '@/components/ui/card';
import type { PlatformUsage } from '@/lib/control/usage/find-usage-overview';
import type { UsageRange } from '@/lib/control/usage/usage-range';
import { LiveStatus } from './live-status';
import { TopTenantsTable } from './top-tenants-table';
import { UsageCharts } from './usage-charts';
import { UsageComparison } from './usage-comparison';
import { useLiveUsage } from './use-live-usage';

/** Every tenant's traffic and the top tenants for one range, kept current while the page is open. */
export function LivePlatformTraffic({ range, initial }: { range: UsageRange; initial: PlatformUsage }) {
  const { data, updatedAt, error } = useLiveUsage(`/api/platform/usage?range=${range}`, initial);
  return (
    <>
      <LiveStatus updatedAt={updatedAt} error={error} />
      <UsageComparison current={data.current} previous={data.previous} showLatency />
      <UsageCharts points={data.points} range={range} showLatency />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Top tenants by requests">
          <TopTenantsTable tenants={data.topByRequests} measure="requests" testId="top-by-requests" />
        </Card>
        <Card title="Top tenants by blocks">
          <TopTenantsTable tenants={data.topByBlocks} measure="blocked" testId="top-by-blocks" />
        </Card>
      </div>
    </>
  );
}
