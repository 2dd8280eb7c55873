import 'server-only';
import { getSharedCounterCells } from '@/lib/metrics/metric-cells';
import { defineBandHistogram } from '@/lib/metrics/band-histogram';
import { defineCounter } from '@/lib/metrics/metric-registry';
import type { FindingKind } from '@/lib/screening/types';
import type { DecisionTrace } from './decision-trace';

type Outcome = NonNullable<DecisionTrace['outcome']>;

// Labels are tenant ids, outcomes, model names and rule kinds: bounded by configuration, never by
// traffic (no request ids, principals or free text). A model name becomes a label only once an
// endpoint accepted it ("unrouted" otherwise); an endpoint that lists no models accepts any name a
// client sends, so past MAX_MODEL_LABELS distinct names the rest count as "other".
const MAX_MODEL_LABELS = 100;
const modelLabels = new Set<string>();
const requestCells = getSharedCounterCells('bulkhead_gateway_requests_total', ['tenant', 'outcome', 'model'] as const);
const tokenCells = getSharedCounterCells('bulkhead_gateway_tokens_total', ['tenant', 'direction'] as const);
const verdictCells = getSharedCounterCells('bulkhead_screening_verdicts_total', ['stage', 'rule', 'action'] as const);
const refusalCells = getSharedCounterCells('bulkhead_gateway_rate_limited_total', ['tenant'] as const);

defineCounter({
  name: 'bulkhead_gateway_requests_total',
  help: 'Gateway requests answered or refused after the tenant was known, by tenant, outcome and model.',
  labelNames: ['tenant', 'outcome', 'model'],
  collect: (counter) => requestCells.publish(counter),
});
defineCounter({
  name: 'bulkhead_gateway_tokens_total',
  help: 'Tokens the model endpoint reported, by tenant and direction (in: prompt, out: completion).',
  labelNames: ['tenant', 'direction'],
  collect: (counter) => tokenCells.publish(counter),
});
defineCounter({
  name: 'bulkhead_screening_verdicts_total',
  help: 'Screening findings that flagged, redacted or blocked a request, by stage, rule and action.',
  labelNames: ['stage', 'rule', 'action'],
  collect: (counter) => verdictCells.publish(counter),
});
defineCounter({
  name: 'bulkhead_gateway_rate_limited_total',
  help: "Requests refused by the tenant's rate limit (429), by tenant.",
  labelNames: ['tenant'],
  collect: (counter) => refusalCells.publish(counter),
});
const overhead = defineBandHistogram(
  'bulkhead_gateway_overhead_seconds',
  'Time the gateway added to a request (total minus the wait for the model endpoint).',
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
);
const upstream = defineBandHistogram(
  'bulkhead_gateway_upstream_seconds',
  "Time spent waiting for the model endpoint's answer.",
  [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
);

const RULES: ReadonlySet<string> = new Set<FindingKind>(['tenant_scope_change', 'instruction_override', 'prompt_extraction', 'foreign_canary', 'own_canary']);

/**
 * Counts one finished request from its decision trace (a request, or the end of a stream), with
 * `outcome` as it was recorded. A few Map lookups and additions: it runs on every request.
 */
export function observeGatewayDecision(trace: DecisionTrace, outcome: Outcome): void {
  requestCells.add(1, trace.tenantId, outcome, toModelLabel(trace));
  if (trace.usage) {
    tokenCells.add(trace.usage.promptTokens, trace.tenantId, 'in');
    tokenCells.add(trace.usage.completionTokens, trace.tenantId, 'out');
  }
  if (trace.overheadMs !== undefined) overhead.observe(trace.overheadMs / 1000);
  if (trace.upstreamMs !== undefined) upstream.observe(trace.upstreamMs / 1000);
  if (trace.input && trace.input.action !== 'allow') countVerdicts('input', trace.input);
  if (trace.output && trace.output.action !== 'allow') countVerdicts('output', trace.output);
}

/** A request refused by the tenant's rate limit (not audited, so not in the decision counts). */
export function countRateLimitRefusal(tenantId: string): void {
  refusalCells.add(1, tenantId);
}

function toModelLabel(trace: DecisionTrace): string {
  if (!trace.endpoint || !trace.model) return 'unrouted';
  if (modelLabels.has(trace.model)) return trace.model;
  if (modelLabels.size >= MAX_MODEL_LABELS) return 'other';
  modelLabels.add(trace.model);
  return trace.model;
}

// A reason reads "<rule> (<variant>): <evidence>"; only the rule becomes a label.
function countVerdicts(stage: 'input' | 'output', decision: { action: string; reasons: string[] }) {
  for (const reason of decision.reasons) {
    const rule = reason.slice(0, reason.indexOf(' '));
    verdictCells.add(1, stage, RULES.has(rule) ? rule : 'other', decision.action);
  }
}
