import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LivePlatformTraffic } from '@/components/usage/live-platform-traffic';
import { RangePicker } from '@/components/usage/range-picker';
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
      <LivePlatformTraffic key={range} range={range} initial={usage} />
    </div>
  );
}
