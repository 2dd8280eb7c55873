import 'server-only';
import type { AuditEvent } from '../event';

/** Stands in for a kept prompt or answer in the audit log viewer. */
export const WITHHELD_TEXT = '[kept: shown on the request page, where reading it is recorded]';

const KEPT_TEXT_FIELDS = ['requestText', 'answerText'] as const;

/**
 * An event as the console's audit log viewer shows it: a gateway event's kept prompt and answer (stored in
 * clear at the namespace log tier when the tenant keeps payloads) are withheld, so the only way to read
 * them in the console is the request page's reveal, which records the read in the tenant's chain. Their
 * SHA-256 stays. Exports and the audit API carry events whole (an export is itself an audited event).
 */
export function withholdKeptText(event: AuditEvent): AuditEvent {
  const payload = event.payload;
  if (event.action !== 'inference.request' || !payload || typeof payload !== 'object' || Array.isArray(payload)) return event;
  if (!KEPT_TEXT_FIELDS.some((field) => field in payload)) return event;
  const withheld = { ...payload };
  for (const field of KEPT_TEXT_FIELDS) if (field in withheld) withheld[field] = WITHHELD_TEXT;
  return { ...event, payload: withheld } as AuditEvent;
}
