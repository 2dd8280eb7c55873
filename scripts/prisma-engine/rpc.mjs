// The schema-engine binary's stdio protocol: one JSON-RPC 2.0 message per line on stdin/stdout.
// Requests from the CLI are answered in order; the engine may itself send requests to the CLI
// (only `print` exists), whose responses arrive on stdin while a request is being handled.
import readline from 'node:readline';

const PARSE_ERROR = -32700;

/**
 * Serves JSON-RPC on stdin/stdout until stdin ends.
 * @param {{ handleRequest: (method: string, params: unknown) => Promise<unknown>,
 *           toErrorObject: (error: unknown) => object }} options
 * @returns {{ callClient: (method: string, params: unknown) => Promise<unknown>, closed: Promise<void> }}
 *   `closed` settles once stdin has ended and every request has been answered.
 */
export function serveJsonRpc({ handleRequest, toErrorObject }) {
  const pendingCalls = new Map();
  let nextCallId = 1;
  let queue = Promise.resolve();

  const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);

  const callClient = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextCallId++;
      pendingCalls.set(id, { resolve, reject });
      send({ id, method, params });
    });

  const answer = async ({ id, method, params }) => {
    try {
      const result = await handleRequest(method, params);
      // JSON.stringify drops `undefined`, and the CLI needs a `result` key to see success.
      if (id !== undefined) send({ id, result: result ?? null });
    } catch (error) {
      if (id !== undefined) send({ id, error: toErrorObject(error) });
    }
  };

  const onLine = (line) => {
    if (line.trim() === '') return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ id: null, error: { code: PARSE_ERROR, message: 'Parse error' } });
      return;
    }
    if (typeof message.method === 'string') {
      queue = queue.then(() => answer(message));
    } else if (pendingCalls.has(message.id)) {
      const { resolve, reject } = pendingCalls.get(message.id);
      pendingCalls.delete(message.id);
      if (message.error) reject(new Error(`The CLI refused ${JSON.stringify(message.error)}`));
      else resolve(message.result);
    }
  };

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', onLine);
  const closed = new Promise((resolve) => lines.on('close', () => resolve(queue)));
  return { callClient, closed };
}
