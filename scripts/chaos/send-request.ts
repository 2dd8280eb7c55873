import { CHAOS_QUESTION, findForeignPlants, type ChaosTenant } from './chaos-tenants';
import type { FleetMember, GatewayFleet } from './gateway-fleet';

/** What one request through the fleet came to, as its client saw it. */
export interface Outcome {
  tenant: ChaosTenant;
  isStream: boolean;
  /** The gateway it was sent to (index in the fleet), -1 when none ran. */
  gateway: number;
  /** ms since the run started. */
  startedAt: number;
  endedAt: number;
  /** HTTP status; 0 when no response arrived (connection refused or cut before headers). */
  status: number;
  requestId: string | null;
  /**
   * answered: a whole answer (JSON with a message, or a stream through `[DONE]`);
   * failed: an OpenAI-style error (an error status, or an error event ending a stream);
   * cut: a response that began and then broke off; unreachable: no response;
   * timeout: no whole answer within REQUEST_TIMEOUT_MS (never allowed: every failure must be answered).
   */
  kind: 'answered' | 'failed' | 'cut' | 'unreachable' | 'timeout';
  /** Answer text the client received (all of it, or what arrived before a cut or an error event). */
  content: string;
  error: { message: string; code: string | null } | null;
  foreignPlants: string[];
}

const REQUEST_TIMEOUT_MS = 30_000;

/** One chat completion for `tenant` through the fleet's balancer (or to `to`), streaming or not, classified. */
export async function sendThroughFleet(fleet: GatewayFleet, tenant: ChaosTenant, isStream: boolean, runStartedAt: number, to?: FleetMember): Promise<Outcome> {
  const member = to ?? fleet.pick();
  const outcome: Outcome = { ...sendTemplate(tenant, isStream), gateway: member?.index ?? -1, startedAt: performance.now() - runStartedAt };
  if (member) {
    if (isStream) member.streamsInFlight += 1;
    await send(member.url, outcome).catch((error: unknown) => {
      if (isTimeout(error)) outcome.kind = 'timeout';
      else fleet.markUnreachable(member);
    });
    if (isStream) member.streamsInFlight -= 1;
  }
  outcome.endedAt = performance.now() - runStartedAt;
  return outcome;
}

function sendTemplate(tenant: ChaosTenant, isStream: boolean): Outcome {
  return {
    tenant,
    isStream,
    gateway: -1,
    startedAt: 0,
    endedAt: 0,
    status: 0,
    requestId: null,
    kind: 'unreachable',
    content: '',
    error: null,
    foreignPlants: [],
  };
}

async function send(url: string, outcome: Outcome) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${outcome.tenant.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-small', stream: outcome.isStream, messages: [{ role: 'user', content: CHAOS_QUESTION }] }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  outcome.status = response.status;
  outcome.requestId = response.headers.get('x-request-id');
  outcome.kind = 'cut';
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (isTimeout(error)) outcome.kind = 'timeout';
    return; // otherwise the response began and broke off (a killed gateway)
  }
  if (response.status !== 200) {
    outcome.kind = 'failed';
    outcome.error = readError(text);
    return;
  }
  if (outcome.isStream) readStream(text, outcome);
  else readCompletion(text, outcome);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

function readCompletion(text: string, outcome: Outcome) {
  try {
    const content = (JSON.parse(text) as { choices: { message: { content: string | null } }[] }).choices[0].message.content ?? '';
    record(outcome, content, 'answered');
  } catch {
    outcome.kind = 'cut';
  }
}

/** Server-sent events: content deltas, an error event, `[DONE]`. A stream cut before `[DONE]` is `cut`. */
function readStream(text: string, outcome: Outcome) {
  let content = '';
  for (const block of text.split('\n\n')) {
    const data = block.startsWith('data: ') ? block.slice('data: '.length) : null;
    if (data === null) continue;
    if (data === '[DONE]') return record(outcome, content, outcome.error ? 'failed' : 'answered');
    try {
      const event = JSON.parse(data) as { choices?: { delta?: { content?: string | null } }[]; error?: { message?: string; code?: string } };
      if (event.error) outcome.error = { message: String(event.error.message ?? ''), code: event.error.code ?? null };
      content += event.choices?.[0]?.delta?.content ?? '';
    } catch {
      break;
    }
  }
  record(outcome, content, outcome.error ? 'failed' : 'cut');
}

function record(outcome: Outcome, content: string, kind: Outcome['kind']) {
  outcome.content = content;
  outcome.kind = kind;
  outcome.foreignPlants = findForeignPlants(content, outcome.tenant, allTenants);
}

function readError(text: string): Outcome['error'] {
  try {
    const error = (JSON.parse(text) as { error: { message: string; code?: string | null } }).error;
    return { message: String(error.message), code: error.code ?? null };
  } catch {
    return { message: text.slice(0, 200), code: null };
  }
}

let allTenants: readonly ChaosTenant[] = [];
/** The tenants whose plants every answer is searched for. */
export function setPlantedTenants(tenants: readonly ChaosTenant[]) {
  allTenants = tenants;
}
