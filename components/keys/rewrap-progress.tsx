'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { ProgressBar } from '@/components/ui/progress-bar';
import { usePolledJson } from '@/components/ui/use-polled-json';
import type { KeyPanelActions } from './key-action-types';

interface JobProgress {
  state: 'running' | 'succeeded' | 'failed';
  done: number;
  total: number;
  error: string | null;
  updatedAt: string;
}

/**
 * The server treats a running job without progress for a minute as stalled (its runner is gone).
 * Judged as of the last poll (react-query's dataUpdatedAt), so rendering stays a pure function of the data.
 */
const STALLED_AFTER_MS = 60_000;

/** A re-wrap job's progress bar, polled from the progress route until the job stops running. */
export function RewrapProgress({ slug, jobId, resumeJob }: { slug: string; jobId: string; resumeJob: KeyPanelActions['resumeJob'] }) {
  const { data, dataUpdatedAt, error, refetch } = usePolledJson<JobProgress>({
    queryKey: ['rewrap-job', slug, jobId],
    url: `/api/tenants/${encodeURIComponent(slug)}/rewrap-jobs/${jobId}`,
    isRunning: (job) => job.state === 'running',
    intervalMs: 500,
    what: 'job',
  });
  const [resumeState, resume, isResuming] = useActionState(async () => {
    const result = await resumeJob(slug, { jobId });
    if (result.ok) await refetch();
    return result;
  }, null);

  if (error) return <FormMessage tone="error">{error.message}</FormMessage>;
  if (!data) return <p className="text-sm text-slate-500">Loading re-wrap progress…</p>;
  // Rows written after the job counted its work are moved too, so done can pass total.
  const percent = data.total === 0 ? 100 : Math.min(100, Math.round((data.done / data.total) * 100));
  const label = { running: 'Re-wrapping stored data keys', succeeded: 'Re-wrap complete', failed: 'Re-wrap stopped' }[data.state];
  return (
    <div className="space-y-2" data-testid="rewrap-progress" data-state={data.state}>
      <div className="flex justify-between text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-slate-600">
          {data.done} of {data.total} ciphertexts
        </span>
      </div>
      <ProgressBar label="Re-wrap progress" percent={percent} failed={data.state === 'failed'} />
      {(data.state === 'failed' || (data.state === 'running' && dataUpdatedAt - Date.parse(data.updatedAt) > STALLED_AFTER_MS)) && (
        <form action={resume} className="flex items-center gap-3">
          <p className="text-sm text-red-700">{data.error}</p>
          <Button type="submit" variant="secondary" disabled={isResuming}>
            Resume
          </Button>
        </form>
      )}
      {resumeState && !resumeState.ok && <FormMessage tone="error">{resumeState.error}</FormMessage>}
    </div>
  );
}
