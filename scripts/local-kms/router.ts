import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeRequest, describeResponseKey, type AccessLog, type AccessLogEntry } from './access-log';
import { aliasOperations } from './alias-operations';
import { cryptoOperations } from './crypto-operations';
import { KmsProtocolError } from './errors';
import type { ActiveFault, FaultInjector } from './faults';
import { keyOperations } from './key-operations';
import type { KeyStore } from './key-store';
import type { Operation, OperationInput } from './operation-context';
import { verifySigV4, type KmsCredentials } from './sigv4';

const operations: Record<string, Operation> = { ...keyOperations, ...aliasOperations, ...cryptoOperations };
const maxBodyBytes = 64 * 1024;

export interface RouterDependencies {
  store: KeyStore;
  credentials: KmsCredentials[];
  accessLog: AccessLog;
  faults: FaultInjector;
  now: () => number;
}

/**
 * The KMS JSON 1.1 endpoint: `POST /` with `x-amz-target: TrentService.<Operation>`, SigV4
 * verified, JSON in and out; failures are `{ "__type", "message" }` with the AWS status code.
 * Operation handlers are synchronous, so two requests never interleave inside the key store.
 */
export function createRouter(dependencies: RouterDependencies) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const started = performance.now();
    const requestId = randomUUID();
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
    const entry: AccessLogEntry = { time: new Date().toISOString(), requestId, operation, outcome: 'ok', status: 200, durationMs: 0 };

    const finish = (status: number, body: object) => {
      entry.status = status;
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
      try {
        dependencies.accessLog.write(entry);
      } catch (error) {
        console.error('local-kms: could not write the access log', error);
      }
      if (response.destroyed || request.socket.destroyed) return;
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId });
      response.end(JSON.stringify(body));
    };
    const fail = (error: unknown) => {
      const known = error instanceof KmsProtocolError ? error : new KmsProtocolError('KMSInternalException', 'Internal error.', 500);
      if (!(error instanceof KmsProtocolError)) console.error('local-kms: internal error', error);
      entry.outcome = known.type;
      finish(known.status, { __type: known.type, message: known.message });
    };

    readBody(request)
      .then(async (body) => {
        if (request.method !== 'POST' || request.url !== '/') throw new KmsProtocolError('UnknownOperationException', 'Use POST / with x-amz-target.', 404);
        const caller = verifySigV4(request.method, request.headers, body, dependencies.credentials);
        entry.accessKeyId = caller.accessKeyId;
        const fault = dependencies.faults.take(operation);
        if (fault) {
          entry.fault = fault.kind;
          await applyFault(fault, request);
        }
        const input = parseJson(body);
        Object.assign(entry, describeRequest(input));
        const handler = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
        if (!handler) throw new KmsProtocolError('UnknownOperationException', `Operation ${operation} is not supported by the local KMS.`);
        const output = handler(input, { store: dependencies.store, region: caller.region, now: dependencies.now }) as Record<string, unknown>;
        entry.keyId = describeResponseKey(output);
        finish(200, output);
      })
      .catch(fail);
  };
}

async function applyFault(fault: ActiveFault, request: IncomingMessage) {
  if (fault.kind === 'throttle') throw new KmsProtocolError('ThrottlingException', 'Rate exceeded');
  if (fault.kind === 'unavailable') throw new KmsProtocolError('ServiceUnavailableException', 'Service unavailable', 503);
  if (fault.kind === 'reset') {
    request.socket.destroy();
    throw new KmsProtocolError('ConnectionReset', 'Connection reset by fault injection', 0);
  }
  // Hold the request, but let go as soon as the client gives up, so no timer outlives the connection.
  const socket = request.socket;
  await new Promise<void>((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      socket.off('close', onClose);
      resolve();
    }, fault.ms);
    socket.once('close', onClose);
  });
  if (socket.destroyed) throw new KmsProtocolError('ClientClosedRequest', 'The client closed the connection while the request was delayed.', 499);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new KmsProtocolError('ValidationException', 'Request body is too large.', 413));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseJson(body: Buffer): OperationInput {
  try {
    const value = JSON.parse(body.length ? body.toString('utf8') : '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // fall through to the protocol error
  }
  throw new KmsProtocolError('SerializationException', 'The request body is not a JSON object.');
}
