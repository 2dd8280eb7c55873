import 'server-only';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { logEvent } from '@/lib/log/logger';
import type { GatewayError } from './gateway-error';
import type { GatewayPrincipal } from './resolve-principal';

/** One audit event per caller per window at most, plus one summary of the rest. */
export const BODY_REFUSAL_WINDOW_MS = 60_000;

interface RefusalWindow {
  principal: GatewayPrincipal;
  firstRequestId: string;
  /** Refusals after the first, by error code: written as one summary when the window closes. */
  later: Map<string, number>;
  timer: NodeJS.Timeout;
}

const openWindows = new Map<string, RefusalWindow>();

/**
 * Records a request the gateway refused while reading its body (413 too large, 400 not JSON) in the
 * caller's tenant chain: the key already named the tenant, so the refusal is that tenant's business.
 * Bounded, so a flood of junk cannot become a flood of writes: the first refusal of a caller in a
 * window is recorded at once, later ones are counted and written as one `inference.refused` summary
 * when the window closes (or the process shuts down, flushBodyRefusals). A failed write is logged,
 * not raised: the request is refused either way.
 */
export async function recordBodyRefusal(principal: GatewayPrincipal, error: GatewayError, requestId: string): Promise<void> {
  const windowKey = `${principal.tenantId}:${principal.actor.type}:${principal.actor.id}`;
  const open = openWindows.get(windowKey);
  if (open) {
    open.later.set(error.code, (open.later.get(error.code) ?? 0) + 1);
    return;
  }
  const timer = setTimeout(() => void closeWindow(windowKey), BODY_REFUSAL_WINDOW_MS).unref();
  openWindows.set(windowKey, { principal, firstRequestId: requestId, later: new Map(), timer });
  await writeRefusal(principal, requestId, { status: error.status, code: error.code, count: 1 });
}

/** Writes every open window's summary now (graceful shutdown, tests). */
export async function flushBodyRefusals(): Promise<void> {
  await Promise.all([...openWindows.keys()].map(closeWindow));
}

async function closeWindow(windowKey: string): Promise<void> {
  const window = openWindows.get(windowKey);
  if (!window) return;
  openWindows.delete(windowKey);
  clearTimeout(window.timer);
  if (window.later.size === 0) return;
  const byCode = Object.fromEntries(window.later);
  const count = [...window.later.values()].reduce((sum, value) => sum + value, 0);
  await writeRefusal(window.principal, window.firstRequestId, { summary: true, count, byCode, windowSeconds: BODY_REFUSAL_WINDOW_MS / 1000 });
}

async function writeRefusal(principal: GatewayPrincipal, requestId: string, payload: Record<string, string | number | boolean | Record<string, number>>) {
  try {
    await recordAuditEvent({
      tenantId: principal.tenantId,
      actor: principal.actor,
      action: 'inference.refused',
      target: null,
      requestId,
      outcome: 'denied',
      payload,
    });
  } catch (error) {
    logEvent('error', 'a refused request could not be audited', { requestId, error });
  }
}
