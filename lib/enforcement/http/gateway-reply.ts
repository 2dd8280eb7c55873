import 'server-only';
/**
 * A gateway answer that is not yet tied to an HTTP server: the console's Next.js routes turn it into a
 * Web `Response` (toWebResponse), the gateway service writes it straight onto node:http's response,
 * so the hot path builds no Web Request, Response or ReadableStream. One handler, two thin doors.
 */
export interface GatewayReply {
  status: number;
  headers: Record<string, string>;
  /** The whole body, or server-sent-event text written piece by piece (closing it stops the producer). */
  body: string | AsyncGenerator<string>;
}

export function isStreamedReply(reply: GatewayReply): reply is GatewayReply & { body: AsyncGenerator<string> } {
  return typeof reply.body !== 'string';
}

/** The reply as a Web Response, for a Next.js route handler. */
export function toWebResponse(reply: GatewayReply): Response {
  if (typeof reply.body === 'string') return new Response(reply.body, { status: reply.status, headers: reply.headers });
  const pieces = reply.body;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return new Response(body, { status: reply.status, headers: reply.headers });
}
