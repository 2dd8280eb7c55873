import { describePromptVersion } from '@/components/prompts/describe-prompt-version';
import { Badge } from '@/components/ui/badge';
import type { InferenceDecision } from '@/lib/audit/viewer/read-inference-decision';

const verdictTone = { allow: 'good', flag: 'warn', redact: 'warn', block: 'bad' } as const;

function Verdict({ label, verdict }: { label: string; verdict: InferenceDecision['input'] }) {
  if (!verdict) return null;
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-0.5">
        <Badge tone={verdictTone[verdict.action as keyof typeof verdictTone] ?? 'info'}>{verdict.action}</Badge>
        {verdict.reasons.length > 0 && (
          <ul className="mt-1 list-disc pl-4 text-xs text-slate-700">
            {verdict.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </dd>
    </div>
  );
}

/** Why the gateway answered or refused, read from the event's payload (decrypted for the reader when the log tier encrypts it). */
export function DecisionSummary({ decision }: { decision: InferenceDecision }) {
  return (
    <section className="mt-5 rounded-lg border border-slate-200 p-3" data-testid="drawer-decision">
      <h3 className="text-sm font-semibold">Decision</h3>
      <dl className="mt-2 space-y-2 text-sm">
        {decision.errorCode && (
          <div>
            <dt className="text-slate-500">Refused as</dt>
            <dd className="font-mono text-xs">{decision.errorCode}</dd>
          </div>
        )}
        <Verdict label="Input screening" verdict={decision.input} />
        <Verdict label="Output screening" verdict={decision.output} />
        <div>
          <dt className="text-slate-500">Endpoint</dt>
          <dd>
            {decision.endpoint ? `${decision.endpoint.name} (${decision.endpoint.scope}, prompt tier ${decision.endpoint.tier})` : 'not reached'}
            {decision.model ? ` · model ${decision.model}` : ''}
          </dd>
        </div>
        {decision.prompt && (
          <div>
            <dt className="text-slate-500">Prompt</dt>
            <dd data-testid="drawer-prompt">
              {describePromptVersion(decision.prompt)}
              {decision.prompt.chosen ? ' (chosen in the playground)' : ' (live default)'}
            </dd>
          </div>
        )}
        <div>
          <dt className="text-slate-500">Latency</dt>
          <dd>{decision.upstreamMs !== null ? `upstream ${decision.upstreamMs} ms, gateway ${decision.overheadMs ?? '?'} ms` : 'no upstream call'}</dd>
        </div>
        {decision.incidents > 0 && (
          <div>
            <dt className="text-slate-500">Incidents opened</dt>
            <dd>{decision.incidents}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
