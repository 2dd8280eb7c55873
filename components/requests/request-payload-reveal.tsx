'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import type { GatewayRequestPayload } from '@/lib/audit/viewer/read-request-payload';
import { toVisibleText } from '@/lib/audit/visible-text';

type RevealPayload = (tenantSlug: string, input: { requestId: string }) => Promise<ActionResult<GatewayRequestPayload>>;

function Text({ label, text, testId }: { label: string; text: string | null; testId: string }) {
  return (
    <div>
      <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</h3>
      <pre className="mt-1 max-h-72 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 text-xs" data-testid={testId}>
        {text === null ? '(not kept)' : toVisibleText(text, { keepNewlines: true })}
      </pre>
    </div>
  );
}

/** The kept prompt and answer, fetched only when asked for: the server records the read in the tenant's audit log first. */
export function RequestPayloadReveal({ slug, requestId, reveal }: { slug: string; requestId: string; reveal: RevealPayload }) {
  const [payload, setPayload] = useState<GatewayRequestPayload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  async function show() {
    setIsLoading(true);
    const result = await reveal(slug, { requestId });
    setIsLoading(false);
    if (result.ok) setPayload(result.data);
    else setError(result.error);
  }
  if (payload)
    return (
      <div className="space-y-3">
        <Text label="Prompt as screened" text={payload.requestText} testId="payload-request" />
        <Text label="Answer" text={payload.answerText} testId="payload-answer" />
        <p className="text-xs text-slate-500">This read is recorded in the tenant&apos;s audit log.</p>
      </div>
    );
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">The tenant keeps prompts and answers. Showing them records your read in its audit log.</p>
      <Button variant="secondary" onClick={show} disabled={isLoading} data-testid="payload-reveal">
        {isLoading ? 'Decrypting…' : 'Show prompt and answer'}
      </Button>
      {error && <FormMessage tone="error">{error}</FormMessage>}
    </div>
  );
}
