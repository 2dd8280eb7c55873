'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import type { SearchChunksResult } from '@/lib/retrieval/search-chunks';
import { UntrustedBadge } from './untrusted-badge';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';

type SearchAction = (tenantSlug: string, input: unknown) => Promise<ActionResult<SearchChunksResult & { requestId: string }>>;

/** Try a query: the chunks retrieval returns for this tenant, in order, with their scores. */
export function QueryTester({ tenantSlug, search }: { tenantSlug: string; search: SearchAction }) {
  // The query is kept with its result: React resets the form after the action, and the query should stay in view.
  const [state, run, isRunning] = useActionState(async (_previous: { query: string; result: Awaited<ReturnType<SearchAction>> } | null, form: FormData) => {
    const query = String(form.get('query') ?? '');
    return { query, result: await search(tenantSlug, { query }) };
  }, null);
  const result = state?.result ?? null;
  return (
    <div className="space-y-3">
      <form onSubmit={submitWithoutReset(run)} className="flex items-end gap-3" noValidate>
        <label className="flex-1 text-sm">
          <span className="block text-slate-600">Query</span>
          <input
            name="query"
            required
            maxLength={2000}
            className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            defaultValue={state?.query}
            placeholder="What is the refund window?"
            data-testid="query-input"
          />
          <FieldError errors={result && !result.ok ? result.fieldErrors : undefined} name="query" />
        </label>
        <Button type="submit" disabled={isRunning}>
          Retrieve
        </Button>
      </form>
      {result && !result.ok && !result.fieldErrors && <FormMessage tone="error">{result.error}</FormMessage>}
      {result?.ok && (
        <div className="space-y-2" data-testid="query-results">
          <p className="text-xs text-slate-500">
            {result.data.matches.length} chunk{result.data.matches.length === 1 ? '' : 's'} ·{' '}
            {result.data.mode === 'hybrid' ? 'full text fused with embeddings (reciprocal rank)' : 'full-text rank (ts_rank)'} · recorded as retrieval.read,
            request {result.data.requestId}
          </p>
          {result.data.matches.length === 0 && <p className="text-sm text-slate-600">Nothing in this knowledge base matches those words.</p>}
          <ol className="space-y-2">
            {result.data.matches.map((match, index) => (
              <li key={match.chunkId} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="query-match">
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <span className="font-semibold text-slate-800">#{index + 1}</span>
                  <span>
                    {match.documentTitle} · chunk {match.ordinal + 1}
                    {match.headingPath.length > 0 ? ` · ${match.headingPath.join(' › ')}` : ''}
                  </span>
                  <span className="font-mono" data-testid="match-score">
                    score {match.score.toFixed(4)}
                  </span>
                  <span className="font-mono">text {match.textScore.toFixed(4)}</span>
                  {match.vectorScore !== null && <span className="font-mono">cosine {match.vectorScore.toFixed(3)}</span>}
                  {match.isUntrusted && <UntrustedBadge reasons={match.injectionReasons} />}
                </div>
                <p className="mt-1 whitespace-pre-wrap text-slate-800">{match.text}</p>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
