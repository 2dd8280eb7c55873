'use client';

import { useEffect } from 'react';
import { FormMessage } from '@/components/ui/form-message';
import { ProgressBar } from '@/components/ui/progress-bar';
import { usePolledJson } from '@/components/ui/use-polled-json';
import type { ConformanceRunDetail } from '@/lib/conformance/run-store';
import { CheckResultBadge, RunStatusBadge } from './check-result-badge';

/** A run's checks as they complete, polled from the progress route until the run stops. */
export function RunProgress({ slug, runId, onFinished }: { slug: string; runId: string; onFinished: (run: ConformanceRunDetail) => void }) {
  const { data, error } = usePolledJson<ConformanceRunDetail>({
    queryKey: ['conformance-run', slug, runId],
    url: `/api/tenants/${encodeURIComponent(slug)}/conformance-runs/${runId}`,
    isRunning: (run) => run.status === 'running',
    intervalMs: 700,
    what: 'run',
  });
  const finished = data && data.status !== 'running' ? data : null;
  useEffect(() => {
    if (finished) onFinished(finished);
    // Once per finished run: the parent refreshes its history then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finished?.id, finished?.status]);
  if (error) return <FormMessage tone="error">{error.message}</FormMessage>;
  if (!data) return <p className="text-sm text-slate-500">Starting the run…</p>;
  const done = new Map(data.results.map((record) => [record.checkId, record.result]));
  const percent = Math.round((done.size / Math.max(1, data.plannedChecks.length)) * 100);
  const firstPending = data.plannedChecks.find((id) => !done.has(id));
  return (
    <div className="space-y-3" data-testid="run-progress" data-status={data.status}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="flex items-center gap-2 font-medium">
          Run {data.id.slice(0, 8)} <RunStatusBadge status={data.status} />
        </span>
        <span className="text-slate-600">
          {done.size} of {data.plannedChecks.length} checks
        </span>
      </div>
      <ProgressBar label="Conformance run progress" percent={percent} failed={data.status === 'failed'} />
      <ul className="grid gap-1 text-sm sm:grid-cols-2">
        {data.plannedChecks.map((id) => (
          <li key={id} className="flex items-center justify-between gap-2 rounded-md bg-slate-50 px-2 py-1" data-testid="run-progress-check" data-check={id}>
            <code className="truncate text-xs">{id}</code>
            <CheckResultBadge result={done.get(id) ?? (data.status === 'running' && id === firstPending ? 'running' : 'pending')} />
          </li>
        ))}
      </ul>
    </div>
  );
}
