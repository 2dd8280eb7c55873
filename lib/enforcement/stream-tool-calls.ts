import 'server-only';
import type { UpstreamDelta } from './call-upstream';
import type { ToolCallDelta } from './openai-shapes';
import { createOutputScreen, type OutputScreen, type OutputScreenContext, type OutputScreenVerdict } from './screen-output-step';

type ToolCallPiece = Extract<UpstreamDelta, { type: 'tool_call' }>;

interface StreamedCall {
  id: string;
  name: string;
  screen: OutputScreen;
  isAnnounced: boolean;
  /** Argument text sent to the client so far. */
  sent: string;
}

/** A step of the tool-call screen: the pieces safe to send, or a block. */
export type ToolCallScreenStep = { action: 'block' } | { action: 'pass'; deltas: ToolCallDelta[] };

/**
 * Step 7 for tool calls in a stream: each call's arguments pass through an output screen of their
 * own (the same hold-back that catches a canary split across chunks), so what the model writes into
 * a tool's arguments is screened as its prose is. A call is announced (index, id, name) with its
 * first piece, as OpenAI's stream does; later pieces carry only argument text.
 */
export function createToolCallStreamScreen(context: OutputScreenContext) {
  const calls = new Map<number, StreamedCall>();

  const release = (index: number, call: StreamedCall, text: string): ToolCallDelta[] => {
    const deltas: ToolCallDelta[] = [];
    if (!call.isAnnounced) {
      call.isAnnounced = true;
      deltas.push({ index, id: call.id, type: 'function', function: { name: call.name, arguments: text } });
    } else if (text) deltas.push({ index, function: { arguments: text } });
    call.sent += text;
    return deltas;
  };

  return {
    push(piece: ToolCallPiece): ToolCallScreenStep {
      let call = calls.get(piece.index);
      if (!call) {
        call = { id: piece.id ?? `call_${piece.index}`, name: piece.name ?? '', screen: createOutputScreen(context), isAnnounced: false, sent: '' };
        calls.set(piece.index, call);
      }
      if (piece.name && !call.isAnnounced) call.name = piece.name;
      const step = call.screen.push(piece.arguments ?? '');
      if (step.action === 'block') return { action: 'block' };
      return { action: 'pass', deltas: release(piece.index, call, step.safeText) };
    },
    end(): ToolCallScreenStep {
      const deltas: ToolCallDelta[] = [];
      for (const [index, call] of calls) {
        const step = call.screen.end();
        if (step.action === 'block') return { action: 'block' };
        deltas.push(...release(index, call, step.safeText));
      }
      return { action: 'pass', deltas };
    },
    /** The calls as the client received them. */
    sentCalls: () => [...calls.values()].map((call) => ({ id: call.id, function: { name: call.name, arguments: call.sent } })),
    verdicts: (): OutputScreenVerdict[] => [...calls.values()].map((call) => call.screen.verdict()),
  };
}
