'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ChainStatus } from '@/lib/audit/store/chain-status';
import { formatAuditTime } from './visible';

type VerifyLine =
  { type: 'progress'; eventCount: number; seq: number; headSeq: number } | { type: 'status'; status: ChainStatus } | { type: 'error'; error: string };

/** Reads the verify route's NDJSON as it streams. */
async function streamVerification(slug: string, onLine: (line: VerifyLine) => void) {
  const response = await fetch(`/tenants/${encodeURIComponent(slug)}/logs/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!response.ok || !response.body) {
    const body = await response.json().catch(() => null);
    throw new Error(body?.error ?? `Verification failed (${response.status}).`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending += value;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) onLine(JSON.parse(line));
  }
}

/** New events arrive with every request: the count of unverified ones is kept current at this pace. */
const STATUS_POLL_MS = 15_000;

interface ChainSnapshot {
  status: ChainStatus | null;
  headSeq: number;
}

async function fetchChainSnapshot(slug: string): Promise<ChainSnapshot> {
  const response = await fetch(`/tenants/${encodeURIComponent(slug)}/logs/status`, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? 'Could not read the chain status.');
  return body;
}

/** The later of two verifications (the one this page ran, or one recorded since by anyone). */
function pickLatest(a: ChainStatus | null, b: ChainStatus | null) {
  if (!a || !b) return a ?? b;
  return a.checkedAt >= b.checkedAt ? a : b;
}

/** The chain's last verification and head, kept current while the page is open, and "verify now" with progress. */
export function ChainStatusPanel(props: {
  slug: string;
  initialStatus: ChainStatus | null;
  headSeq: number;
  publicKey: { keyId: string; text: string } | null;
}) {
  const [verified, setVerified] = useState<ChainStatus | null>(null);
  const snapshot = useQuery({
    queryKey: ['chain-status', props.slug],
    queryFn: () => fetchChainSnapshot(props.slug),
    initialData: { status: props.initialStatus, headSeq: props.headSeq },
    refetchInterval: STATUS_POLL_MS,
    staleTime: STATUS_POLL_MS,
  });
  const status = pickLatest(verified, snapshot.data.status);
  const headSeq = Math.max(snapshot.data.headSeq, verified?.verifiedThroughSeq ?? 0);
  const [progress, setProgress] = useState<{ eventCount: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isRunning, setIsRunning] = useState(false);

  async function verifyNow() {
    setIsRunning(true);
    setError(null);
    setProgress({ eventCount: 0, total: headSeq });
    try {
      await streamVerification(props.slug, (line) => {
        if (line.type === 'progress') setProgress({ eventCount: line.eventCount, total: Math.max(line.headSeq, line.seq) });
        else if (line.type === 'status') setVerified(line.status);
        else setError(line.error);
      });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setIsRunning(false);
      setProgress(null);
      void snapshot.refetch();
    }
  }

  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="chain-status-title">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id="chain-status-title" className="text-base font-semibold">
            Chain status
          </h2>
          <p className="text-sm" data-testid="chain-status">
            {!status ? (
              <span className="text-slate-600">Never verified. {headSeq} events in the chain.</span>
            ) : status.ok ? (
              <span className="text-emerald-700">
                Verified through seq {status.verifiedThroughSeq} at {formatAuditTime(status.checkedAt)}.
                {headSeq > status.verifiedThroughSeq && (
                  <span className="text-slate-600" data-testid="chain-unverified">
                    {' '}
                    {headSeq - status.verifiedThroughSeq} newer events not verified yet.
                  </span>
                )}
              </span>
            ) : (
              <span className="text-red-700">
                Broken at seq {status.problem?.seq} ({status.problem?.kind}): {status.problem?.detail}. Checked {formatAuditTime(status.checkedAt)}.
              </span>
            )}
          </p>
        </div>
        <Button className="shrink-0 whitespace-nowrap" onClick={verifyNow} disabled={isRunning} data-testid="verify-now">
          {isRunning ? 'Verifying…' : 'Verify now'}
        </Button>
      </div>
      {progress && (
        <div data-testid="verify-progress">
          <progress className="w-full" max={Math.max(progress.total, 1)} value={progress.eventCount} />
          <p className="text-xs text-slate-500">
            {progress.eventCount} of about {progress.total} events verified…
          </p>
        </div>
      )}
      {error && <FormMessage tone="error">{error}</FormMessage>}
      {props.publicKey && (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer">Checkpoint signing key {props.publicKey.keyId.slice(0, 16)}…</summary>
          <p className="mt-1">
            Verify an export offline with <code>npm run audit:verify -- export.jsonl --public-key &lt;key&gt;</code>, using this key:
          </p>
          <code className="mt-1 block break-all rounded bg-slate-50 p-2" data-testid="checkpoint-public-key">
            {props.publicKey.text}
          </code>
        </details>
      )}
    </section>
  );
}
