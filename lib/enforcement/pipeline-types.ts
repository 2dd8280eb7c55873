import 'server-only';
import type { DecisionTrace } from './decision-trace';
import type { GatewayError } from './gateway-error';
import type { createChunkBody, createCompletionBody } from './openai-shapes';
import type { GatewayPrincipal } from './resolve-principal';

// The pipeline's input and outputs, apart from run-pipeline.ts and run-stream.ts so that the two
// steps can name each other's types without importing each other.

export interface PipelineRequest {
  principal: GatewayPrincipal;
  /** The parsed JSON body, untrusted. */
  body: unknown;
  requestId: string;
  /** performance.now() when the request arrived, for the overhead figure. */
  startedAt: number;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** Which API the client called (the trace names it when not chat completions). */
  api?: GatewayApi;
  /**
   * For APIs served through chat completions (the Responses API): validates the client's body and
   * returns it as a Chat Completions body, as the pipeline's first step (so its refusals are audited).
   */
  translateBody?: (body: unknown) => unknown;
}

export type GatewayApi = 'chat.completions' | 'embeddings' | 'responses';

export type PipelineResult =
  | { kind: 'completion'; completion: ReturnType<typeof createCompletionBody>; trace: DecisionTrace }
  | { kind: 'stream'; events: AsyncGenerator<StreamEvent>; trace: DecisionTrace };

/** What a stream hands the route handler, in order; `error` and `end` are always last. */
export type StreamEvent =
  | { type: 'chunk'; body: ReturnType<typeof createChunkBody> }
  | { type: 'error'; error: GatewayError; trace: DecisionTrace }
  | { type: 'end'; overheadMs: number; trace: DecisionTrace };
