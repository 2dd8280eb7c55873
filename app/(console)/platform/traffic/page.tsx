import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { RangePicker } from '@/components/usage/range-picker';
import { TopTenantsTable } from '@/components/usage/top-tenants-table';
import { UsageCharts } from '@/components/usage/usage-charts';
import { UsageComparison } from '@/components/usage/usage-comparison';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { findPlatformUsage } from '@/lib/control/usage/find-usage-overview';
import { parseUsageRange } from '@/lib/control/usage/usage-range';

export const metadata: Metadata = { title: 'Platform traffic' };

/** Gateway traffic across every tenant over a range, against the previous period, and the top tenants. */
export default async function PlatformTrafficPage({ searchParams }: { searchParams: Promise<{ range?: string }> }) {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  const range = parseUsageRange((await searchParams).range);
  const usage = await findPlatformUsage(principal, range);
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Platform traffic</h1>
          <p className="text-sm text-slate-600">Every tenant&apos;s gateway requests, from usage buckets kept as requests are recorded.</p>
        </div>
        <RangePicker current={range} basePath="/platform/traffic" />
      </header>
      <UsageComparison current={usage.current} previous={usage.previous} showLatency />
      <UsageCharts points={usage.points} range={range} showLatency />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Top tenants by requests">
          <TopTenantsTable tenants={usage.topByRequests} measure="requests" testId="top-by-requests" />
        </Card>
        <Card title="Top tenants by blocks">
          <TopTenantsTable tenants={usage.topByBlocks} measure="blocked" testId="top-by-blocks" />
        </Card>
      </div>
    </div>
  );
}
