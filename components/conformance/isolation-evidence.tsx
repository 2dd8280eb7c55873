'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import type { ConformanceRunDetail, ConformanceRunSummary } from '@/lib/conformance/run-store';
import { RunStatusBadge } from './check-result-badge';
import { CheckResultsList } from './check-results-list';
import { RunProgress } from './run-progress';

interface IsolationEvidenceProps {
  slug: string;
  canRun: boolean;
  runs: ConformanceRunSummary[];
  latest: ConformanceRunDetail | null;
  startRun: (slug: string, input: object) => Promise<ActionResult<{ runId: string }>>;
  /** Shown under the run card, above the (long) results. */
  attestation: ReactNode;
}

/** Run now (for those who may), the run under way, the latest result per check, and the history of runs. */
export function IsolationEvidence({ slug, canRun, runs, latest, startRun, attestation }: IsolationEvidenceProps) {
  const router = useRouter();
  const running = runs.find((run) => run.status === 'running');
  const [activeRunId, setActiveRunId] = useState<string | null>(running?.id ?? null);
  const [state, start, isStarting] = useActionState(async () => {
    const result = await startRun(slug, {});
    if (result.ok) setActiveRunId(result.data.runId);
    return result;
  }, null);

  return (
    <div className="space-y-6">
      <Card
        title="Run the suite"
        actions={
          canRun && (
            <form action={start}>
              <Button type="submit" disabled={isStarting || activeRunId !== null} data-testid="run-conformance">
                {isStarting ? 'Starting…' : 'Run now'}
              </Button>
            </form>
          )
        }
      >
        <p className="text-sm text-slate-600">
          Each check attacks this tenant&apos;s live placements as the roles the application uses, with a positive control that proves the attack would have
          seen a leak. Probes remove what they plant and are recorded in the audit log of every tenant they touch.
          {!canRun && ' Compliance officers assigned to this tenant and platform admins can start a run.'}
        </p>
        {state && !state.ok && (
          <div className="mt-3">
            <FormMessage tone="error">{state.error}</FormMessage>
          </div>
        )}
        {activeRunId && (
          <div className="mt-4">
            <RunProgress
              slug={slug}
              runId={activeRunId}
              onFinished={() => {
                setActiveRunId(null);
                router.refresh();
              }}
            />
          </div>
        )}
      </Card>

      {attestation}

      <Card title="Latest result per check">
        {latest ? (
          <>
            <p className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
              Run {latest.id.slice(0, 8)}, {new Date(latest.startedAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC{' '}
              <RunStatusBadge status={latest.status} />
            </p>
            <CheckResultsList records={latest.results} />
          </>
        ) : (
          <p className="text-sm text-slate-500">No run has finished for this tenant yet.</p>
        )}
      </Card>

      <Card title="History">
        {runs.length === 0 ? (
          <p className="text-sm text-slate-500">No runs yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="run-history">
            {runs.map((run) => (
              <li key={run.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <RunStatusBadge status={run.status} />
                <code className="text-xs">{run.id.slice(0, 8)}</code>
                <span className="text-slate-600">{new Date(run.startedAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC</span>
                <span className="text-slate-500">{run.trigger === 'schedule' ? 'scheduled' : run.trigger === 'cli' ? 'command line' : 'console'}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
