import http from 'node:http';
import fc from 'fast-check';
import type pg from 'pg';

/** One HTTP request exactly as it goes on the wire: any path bytes, repeated headers, any body bytes. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** Send the body chunked (no Content-Length), as a streaming client does. */
  isChunked?: boolean;
  /** Ask for the connection to be closed after this exchange (`Connection: close`), on a connection of its own. */
  closesConnection?: boolean;
}

export interface RawResponse {
  status: number;
  body: string;
}

/** Fixed, so a failure reproduces; bump it to explore further. */
export const FUZZ_SEED = 19_2026;

/**
 * Sends a request with node:http (no fetch: it would normalise the path and refuse some headers).
 * A connection the server drops counts as status 0, which the caller reports like a 5xx.
 */
export function sendRaw(baseUrl: string, request: RawRequest, agent: http.Agent): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const headers = { ...request.headers };
    // Framed either way: without either header, Node would send a GET's body as bytes after the request.
    if (request.body) headers[request.isChunked ? 'transfer-encoding' : 'content-length'] = request.isChunked ? 'chunked' : String(request.body.length);
    // A large body the server refuses early may still be uploading when the answer comes: a connection
    // of its own, kept alive as a browser's or an SDK's is, so nothing queued behind it waits.
    const isLarge = (request.body?.length ?? 0) > 64 * 1024;
    const ownAgent = request.closesConnection ? false : isLarge ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : null;
    const options = {
      host: url.hostname,
      port: url.port,
      method: request.method,
      path: request.path,
      headers,
      agent: ownAgent ?? agent,
      timeout: 60_000,
      // Read answers as a browser does (they accept far larger heads than Node's 16 KB default): a
      // long address may come back in a redirect's Location, and its status is what is judged here.
      maxHeaderSize: 256 * 1024,
    };
    const outgoing = http.request(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (ownAgent) ownAgent.destroy();
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', () => resolve({ status: 0, body: 'response aborted' }));
    });
    outgoing.on('socket', (socket) => socket.on('error', () => {}));
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', (error) => resolve({ status: 0, body: `connection failed: ${error.message}` }));
    if (request.body) outgoing.end(request.body);
    else outgoing.end();
  });
}

const LEAK_PATTERNS: [string, RegExp][] = [
  ['stack trace', /\n\s+at (?:async )?\S+ \(?(?:file:|node:|\/)/],
  ['source location', /\.(?:ts|tsx|js|mjs):\d+:\d+/],
  ['SQL', /\b(?:INSERT INTO|DELETE FROM|UPDATE\s+"?\w+"?\s+SET|SELECT\s[^<>]{0,120}\sFROM\s+"?\w+)/],
  [
    'database error',
    /syntax error at or near|violates (?:row-level security|foreign key|unique|check|not-null) constraint|relation "[^"]+" does not exist|invalid byte sequence for encoding/i,
  ],
  ['Prisma error', /PrismaClient\w*Error|Invalid `(?:prisma|tx)\.\w+/],
];

/** Why a response fails the fuzz property (a 5xx, a dropped connection, leaked internals), or null. */
export function findResponseProblem(response: RawResponse): string | null {
  if (response.status === 0 || response.status >= 500) return `status ${response.status}: ${response.body.slice(0, 300)}`;
  for (const [name, pattern] of LEAK_PATTERNS) {
    const match = pattern.exec(response.body);
    if (match) return `${name} in the body: ${JSON.stringify(response.body.slice(Math.max(0, match.index - 80), match.index + 120))}`;
  }
  return null;
}

/** Counts per status (the suites print them) and the problems found, with the request that caused each. */
export class FuzzTally {
  readonly byStatus = new Map<number, number>();
  readonly problems: string[] = [];
  total = 0;

  record(label: string, request: RawRequest, response: RawResponse) {
    this.total++;
    this.byStatus.set(response.status, (this.byStatus.get(response.status) ?? 0) + 1);
    const problem = findResponseProblem(response);
    if (problem && this.problems.length < 50) {
      this.problems.push(`${label}: ${request.method} ${request.path.slice(0, 200)} (${request.body?.length ?? 0} body bytes): ${problem}`);
    }
    return problem;
  }

  describe(name: string): string {
    const statuses = [...this.byStatus].sort(([left], [right]) => left - right);
    return `${name}: ${this.total} malformed requests; by status ${statuses.map(([status, count]) => `${status}×${count}`).join(', ')}; problems ${this.problems.length}`;
  }
}

const text = (value: string) => Buffer.from(value, 'utf8');

/** Every UTF-8 byte as `%XX` (encodeURIComponent throws on lone surrogates, which the fuzz generates on purpose). */
export function percentEncode(value: string): string {
  return Array.from(Buffer.from(value, 'utf8'), (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

/** Strings that break naive code: NUL, lone surrogates, bidi marks, SQL and path fragments, long runs. */
export const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff\ud800',
    '\u202e',
    "' OR 1=1 --",
    '"; DROP TABLE tenants; --',
    '../../etc/passwd',
    '%',
    '%ff%fe',
    '${x}',
    '{{x}}',
  ),
  fc.integer({ min: 1_000, max: 20_000 }).map((length) => 'x'.repeat(length)),
);

/** Any JSON value where the API expects something else: numbers for strings, arrays for objects, nulls. */
export const wrongJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}, [null], { __proto__: null }, { constructor: { prototype: 1 } }),
  hostileString,
);

/** Bodies that are not what any route accepts: broken or huge or deeply nested JSON, invalid UTF-8, NUL bytes, empty. */
export const malformedBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constantFrom('', 'null', '[]', '{}', '{', '{"a":', '[1,2', '"unterminated', 'undefined', 'NaN', '\u0000', '{"a":1}{"b":2}').map(text),
  wrongJson.map((value) => text(JSON.stringify(value) ?? 'null')),
  fc.integer({ min: 500, max: 20_000 }).map((depth) => text('['.repeat(depth) + ']'.repeat(depth))),
  fc.integer({ min: 500, max: 20_000 }).map((depth) => text('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    Buffer.from('{"a":"\u0000"}'),
  ),
  fc.constantFrom(1_100_000, 5 * 1024 * 1024).map((size) => text(JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'y'.repeat(size) }] }))),
);

/** Path and query tricks: bare and invalid percent escapes, NUL, traversal, doubled slashes, huge segments. */
export const pathTrick = fc.constantFrom(
  '%',
  '%ff%fe',
  '%00',
  '%2e%2e',
  '..',
  '%2f',
  '%c0%af',
  '%zz',
  '%u0000',
  '',
  '/',
  '//',
  'x'.repeat(5_000),
  '%e2%80%ae',
  '?a=%',
  '?a=%ff',
  '?actor=%00',
  '#frag',
  ';param',
);

/** Header sets that are wrong: missing, repeated, the wrong content type, an origin from elsewhere. */
export function malformedHeaders(credentials: readonly (string | null)[]): fc.Arbitrary<Record<string, string | string[]>> {
  const authorization = fc.oneof(
    fc.constantFrom(...credentials),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic YTpi', 'bearer bh_x', `Bearer ${'a'.repeat(5_000)}`),
    fc.constant('duplicate' as const),
  );
  const contentType = fc.constantFrom(
    undefined,
    'application/json',
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=',
    'multipart/form-data; boundary=x',
    'application/json; charset=utf-16',
    'application/octet-stream',
    '*/*',
    ['application/json', 'text/plain'],
  );
  return fc.record({ authorization, contentType, origin: fc.constantFrom(undefined, 'https://evil.example', 'null', 'not a url', '%') }).map((picked) => {
    const headers: Record<string, string | string[]> = {};
    if (picked.authorization === 'duplicate') headers.authorization = credentials.filter((value): value is string => value !== null).slice(0, 2);
    else if (picked.authorization) headers.authorization = picked.authorization;
    if (picked.contentType) headers['content-type'] = picked.contentType;
    if (picked.origin) headers.origin = picked.origin;
    return headers;
  });
}

/**
 * Rows per table whose `tenant_id` is one of `tenantIds`, as the owner sees them, leaving out the
 * audit chain and incidents (refusals are recorded there by design, bounded) and the usage buckets
 * summed from that audit trail (one row per tenant and 5-minute, hour and day bucket). A refused
 * request must change none of these counts.
 */
export async function countTenantRows(owner: pg.Client, tenantIds: readonly string[]): Promise<Record<string, number>> {
  const tables = await owner.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
       AND c.table_name NOT LIKE 'audit%' AND c.table_name NOT IN ('incidents', 'incident_requests', 'tenant_usage_buckets') ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables.rows) {
    const result = await owner.query<{ count: string }>(`SELECT count(*) FROM "${table}" WHERE tenant_id = ANY($1::uuid[])`, [tenantIds]);
    counts[table] = Number(result.rows[0].count);
  }
  return counts;
}
