import 'server-only';
import { env } from '@/lib/env';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { platformKeyAlias } from '@/lib/kms';
import { getKmsClient } from '@/lib/kms/kms-client';
import { connectAppClient } from '@/lib/tenancy/with-tenant-sql';
import type { GatewayRouteContext } from './route-types';

/** Each readiness check gives up after this long: a probe must answer before the balancer's own timeout. */
const CHECK_TIMEOUT_MS = env.readinessTimeoutMs;

/** `GET /healthz`: the process is up and its event loop turns. Nothing else is checked (liveness). */
export async function serveHealth(_incoming: IncomingMessage, outgoing: ServerResponse) {
  sendJson(outgoing, 200, { status: 'ok' });
}

/**
 * `GET /readyz`: whether this process can answer a request fully, i.e. reach what fails it closed:
 * PostgreSQL (tenant, keys, retrieval), the audit path (the app role may append to the audit tables
 * and the server accepts writes) and KMS (sealing schema_kms payloads). 503 with the failing checks
 * named (never their error text), and 503 once shutdown began, so balancers stop sending first.
 */
export async function serveReadiness(_incoming: IncomingMessage, outgoing: ServerResponse, context: GatewayRouteContext) {
  if (context.isDraining) return sendJson(outgoing, 503, { status: 'draining' });
  const [auditPath, kms] = await Promise.all([withTimeout(checkAuditPath()), withTimeout(checkKms())]);
  // The audit check runs on PostgreSQL: when it could not run at all, PostgreSQL is the one down.
  const checks = { postgres: auditPath === 'unreachable' ? 'failed' : 'ok', audit: auditPath === 'ok' ? 'ok' : 'failed', kms: kms === 'ok' ? 'ok' : 'failed' };
  const isReady = Object.values(checks).every((state) => state === 'ok');
  sendJson(outgoing, isReady ? 200 : 503, { status: isReady ? 'ready' : 'not_ready', checks });
}

type CheckState = 'ok' | 'failed' | 'unreachable';

/** PostgreSQL answers as the app role, accepts writes, and lets that role append to the audit tables. */
async function checkAuditPath(): Promise<CheckState> {
  const client = await connectAppClient();
  try {
    const { rows } = await client.query<{ read_only: boolean; can_append: boolean }>(
      "SELECT pg_is_in_recovery() AS read_only, has_table_privilege('audit_events', 'INSERT') AND has_column_privilege('audit_heads', 'hash', 'UPDATE') AS can_append",
    );
    return !rows[0].read_only && rows[0].can_append ? 'ok' : 'failed';
  } finally {
    client.release();
  }
}

/** KMS answers an authenticated call (an unknown alias still proves it is reachable and accepts our credentials). */
async function checkKms(): Promise<CheckState> {
  try {
    await getKmsClient().send(new DescribeKeyCommand({ KeyId: platformKeyAlias }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'NotFoundException') throw error;
  }
  return 'ok';
}

async function withTimeout(check: Promise<CheckState>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckState>((resolve) => {
    timer = setTimeout(() => resolve('unreachable'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.catch((): CheckState => 'unreachable'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sendJson(outgoing: ServerResponse, status: number, body: unknown) {
  outgoing.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
