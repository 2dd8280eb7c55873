import type { DecisionTrace } from '@/lib/enforcement/decision-trace';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatOutcome {
  text: string;
  trace: DecisionTrace | null;
  error: string | null;
}

/**
 * Sends the conversation to the playground route (stream: true) and reads its server-sent events:
 * content deltas (passed to `onText` as they arrive), the `bulkhead.trace` event, an OpenAI error
 * event, `[DONE]`. A refused request comes back as a JSON error with the trace attached.
 */
export async function readChatStream(
  { tenantSlug, model, prompt }: { tenantSlug: string; model: string; prompt: string },
  turns: ChatTurn[],
  onText: (text: string) => void,
): Promise<ChatOutcome> {
  // `prompt` is the picker's query (prompt_config=… or prompt_version=…), empty for the live default.
  const response = await fetch(`/tenants/${encodeURIComponent(tenantSlug)}/playground/chat${prompt ? `?${prompt}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: turns, stream: true }),
  });
  if (!response.ok || !response.body) {
    const body = await response.json().catch(() => null);
    return { text: '', trace: body?.bulkhead_trace ?? null, error: body?.error?.message ?? `Request failed (${response.status})` };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const outcome: ChatOutcome = { text: '', trace: null, error: null };
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) !== -1) {
      handleEvent(buffer.slice(0, boundary), outcome, onText);
      buffer = buffer.slice(boundary + 2);
    }
  }
  return outcome;
}

function handleEvent(raw: string, outcome: ChatOutcome, onText: (text: string) => void) {
  const lines = raw.split('\n');
  const eventName = lines.find((line) => line.startsWith('event: '))?.slice(7);
  const data = lines
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice(6))
    .join('\n');
  if (!data || data === '[DONE]') return;
  const parsed = JSON.parse(data);
  if (eventName === 'bulkhead.trace') outcome.trace = parsed;
  else if (parsed.error) outcome.error = parsed.error.message;
  else {
    const delta = parsed.choices?.[0]?.delta?.content;
    if (delta) {
      outcome.text += delta;
      onText(outcome.text);
    }
  }
}
