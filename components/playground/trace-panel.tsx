import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { DecisionTrace } from '@/lib/enforcement/decision-trace';
import { describePromptVersion } from '@/components/prompts/describe-prompt-version';

const actionTones: Record<string, 'good' | 'warn' | 'bad' | 'info'> = { allow: 'good', flag: 'warn', redact: 'warn', block: 'bad' };

/** The last request's decision trace: verdicts, retrieval, endpoint and tier, cache isolation, tools, timings. */
export function TracePanel({ trace }: { trace: DecisionTrace | null }) {
  if (!trace) {
    return (
      <Card title="Decision trace">
        <p className="text-sm text-slate-500">Send a message to see how the gateway handled it.</p>
      </Card>
    );
  }
  return (
    <Card title="Decision trace">
      <dl className="space-y-3 text-sm" data-testid="decision-trace">
        <Row label="Outcome">
          <Badge tone={trace.outcome === 'success' ? 'good' : trace.outcome === 'blocked' ? 'bad' : 'warn'}>{trace.outcome ?? 'in progress'}</Badge>
          {trace.error && <span className="ml-2 font-mono text-xs">{trace.error.code}</span>}
        </Row>
        <Row label="Input screening">
          <Verdict verdict={trace.input} testId="trace-input" />
        </Row>
        <Row label="Prompt">
          <span data-testid="trace-prompt">
            {trace.prompt ? `${describePromptVersion(trace.prompt)} (${trace.prompt.chosen ? 'chosen' : 'live default'})` : '—'}
          </span>
        </Row>
        <Row label="Retrieved chunks">
          {trace.retrieval ? (trace.retrieval.chunks.length ? trace.retrieval.chunks.map((chunk) => chunk.source).join(', ') : 'none') : '—'}
        </Row>
        <Row label="Endpoint">
          {trace.endpoint ? `${trace.endpoint.name} (${trace.endpoint.kind}, ${trace.endpoint.scope}) · prompt tier ${trace.endpoint.tier}` : '—'}
        </Row>
        <Row label="Cache isolation">
          {trace.cacheIsolation ? (trace.cacheIsolation.saltSent ? 'tenant cache salt sent' : 'no salt (endpoint does not take one)') : '—'}
        </Row>
        {trace.tools ? (
          <Row label="Tools">
            {`offered ${trace.tools.offered.join(', ') || 'none'}; results sent ${trace.tools.results.length}; called ${trace.tools.calls.map((call) => call.name).join(', ') || 'none'}`}
          </Row>
        ) : null}
        <Row label="Output screening">
          <Verdict verdict={trace.output} testId="trace-output" />
        </Row>
        <Row label="Tokens">
          {trace.usage ? `${trace.usage.promptTokens} in (${trace.usage.cachedTokens} cached), ${trace.usage.completionTokens} out` : '—'}
        </Row>
        <Row label="Latency">{trace.upstreamMs !== undefined ? `upstream ${trace.upstreamMs} ms, gateway ${trace.overheadMs ?? '?'} ms` : '—'}</Row>
        {trace.incidents?.length ? (
          <Row label="Incidents opened">
            <span data-testid="trace-incidents">{trace.incidents.length}</span>
          </Row>
        ) : null}
        <Row label="Steps">
          <ul className="font-mono text-xs">
            {trace.steps.map((step, index) => (
              <li key={index}>
                {step.name}: {step.ms} ms
              </li>
            ))}
          </ul>
        </Row>
        <Row label="Request id">
          <code className="font-mono text-xs" data-testid="trace-request-id">
            {trace.requestId}
          </code>
        </Row>
      </dl>
    </Card>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

function Verdict({ verdict, testId }: { verdict?: { action: string; reasons: string[] }; testId: string }) {
  if (!verdict) return <>—</>;
  return (
    <span data-testid={testId}>
      <Badge tone={actionTones[verdict.action] ?? 'info'}>{verdict.action}</Badge>
      {verdict.reasons.length > 0 && (
        <ul className="mt-1 list-disc pl-4 text-xs text-slate-600">
          {verdict.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </span>
  );
}
