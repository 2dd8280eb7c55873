import 'server-only';
import type { IncomingMessage } from 'node:http';
import { GatewayError } from './gateway-error';
import type { RoutedEndpoint } from './route-endpoint';
import { parseWireJson, readChunkDeltas, readCompletion, type UpstreamAnswer, type UpstreamDelta } from './upstream-chat-wire';
import { INVALID_RESPONSE, postToUpstream, readResponseText, type UpstreamExchange } from './upstream-http';

export type { UpstreamAnswer, UpstreamChoice, UpstreamDelta, UpstreamUsage } from './upstream-chat-wire';

/** A streamed answer's deltas, and what ended the exchange early (its deadline, an abort), already known or not. */
export type UpstreamStream = AsyncGenerator<UpstreamDelta> & { failure(): GatewayError | null };

/**
 * Step 6b, non-streaming, over upstream-http.ts: one Chat Completions call, bounded by the endpoint's timeout.
 * @throws GatewayError 504 timeout or abort, 503 unreachable, 404 unknown model, 502 any other upstream failure
 */
export async function completeChatUpstream(endpoint: RoutedEndpoint, body: Record<string, unknown>, signal?: AbortSignal): Promise<UpstreamAnswer> {
  const exchange = postToUpstream(endpoint, '/chat/completions', JSON.stringify({ ...body, stream: false }), signal);
  try {
    return readCompletion(parseWireJson(await readResponseText(await exchange.response, exchange)));
  } finally {
    exchange.finish();
  }
}

/**
 * Step 6b, streaming: resolves once the upstream answered with a success status (so a dead upstream
 * is still an HTTP error), then yields deltas from its server-sent events. The whole stream is bounded
 * by the timeout. A stream that ends without `data: [DONE]`, or sends an error event or a line that is
 * not JSON, fails: a cut-off answer must not pass as whole.
 */
export async function streamChatUpstream(endpoint: RoutedEndpoint, body: Record<string, unknown>, signal?: AbortSignal): Promise<UpstreamStream> {
  const exchange = postToUpstream(endpoint, '/chat/completions', JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }), signal);
  let incoming: IncomingMessage;
  try {
    incoming = await exchange.response;
  } catch (error) {
    exchange.finish();
    throw error;
  }
  return Object.assign(readDeltas(incoming, exchange), { failure: exchange.failure });
}

async function* readDeltas(incoming: IncomingMessage, exchange: UpstreamExchange): AsyncGenerator<UpstreamDelta> {
  let buffered = '';
  let isDone = false;
  incoming.setEncoding('utf8');
  try {
    for await (const piece of incoming as AsyncIterable<string>) {
      buffered += piece;
      let end: number;
      while (!isDone && (end = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, end).replace(/\r$/, '');
        buffered = buffered.slice(end + 1);
        if (!line.startsWith('data:')) continue; // blank separators, comments, event names
        const data = line.slice(line[5] === ' ' ? 6 : 5);
        // Read on to the end of the body after [DONE], so the connection goes back to the agent.
        if (data === '[DONE]') isDone = true;
        if (isDone) break;
        yield* readChunkDeltas(parseWireJson(data));
      }
    }
  } catch (error) {
    throw exchange.failure() ?? (error instanceof GatewayError ? error : INVALID_RESPONSE());
  } finally {
    exchange.finish();
  }
  if (!isDone) throw exchange.failure() ?? INVALID_RESPONSE();
}
