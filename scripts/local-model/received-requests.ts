/** One HTTP request as the simulator received it (test hook for gateway tests). */
export interface ReceivedRequest {
  /** Increases by one per request in this process. */
  sequence: number;
  /** Base URL of the simulator that received it (several may run in one process). */
  serverUrl: string;
  method: string;
  path: string;
  /** All headers, `authorization` included: tests check which key the gateway sent upstream. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or the raw text when it was not JSON, or null when empty. */
  body: unknown;
  receivedAt: string;
}

const DEFAULT_CAPACITY = 200;
const received: ReceivedRequest[] = [];
let nextSequence = 1;

/** Remembers a request; only the last 200 are kept, process-wide. */
export function recordReceivedRequest(request: Omit<ReceivedRequest, 'sequence' | 'receivedAt'>) {
  received.push({ ...request, sequence: nextSequence++, receivedAt: new Date().toISOString() });
  if (received.length > DEFAULT_CAPACITY) received.splice(0, received.length - DEFAULT_CAPACITY);
}

/** The last requests received by any simulator in this process, oldest first (copies). */
export function getReceivedRequests(serverUrl?: string): ReceivedRequest[] {
  return received.filter((request) => serverUrl === undefined || request.serverUrl === serverUrl).map((request) => structuredClone(request));
}

/** Forgets received requests: all of them, or one simulator's. */
export function clearReceivedRequests(serverUrl?: string) {
  if (serverUrl === undefined) received.length = 0;
  else received.splice(0, received.length, ...received.filter((request) => request.serverUrl !== serverUrl));
}
