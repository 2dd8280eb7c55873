// Chains shared by the audit tests: a deterministic clock, real hashing, real Ed25519 checkpoints.
import type { KeyObject } from 'node:crypto';
import { buildCheckpoint, type Checkpoint } from './checkpoint';
import { exportPublicKey, generateCheckpointKeyPair } from './checkpoint-key';
import type { AuditEvent, AuditEventFields } from './event';
import { EXPORT_FORMAT, EXPORT_VERSION, formatCheckpointLine, formatEventLine, formatHeaderLine, formatSealLine, type ExportHeader } from './export-format';
import { signExportSeal } from './export-seal';
import { buildNextEvent, computeEventHash } from './hash-chain';

export const TENANT_A = '0a0a0a0a-0000-4000-8000-00000000000a';
export const TENANT_B = '0b0b0b0b-0000-4000-8000-00000000000b';
/** Event n (1-based) is dated START + n seconds; its checkpoint, if any, half a second later. */
export const START = Date.UTC(2026, 0, 1);

export interface TestChain {
  events: AuditEvent[];
  checkpoints: Checkpoint[];
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function makeFields(tenantId: string, n: number, overrides: Partial<AuditEventFields> = {}): AuditEventFields {
  return {
    tenantId,
    actor: { type: 'user', id: `user-${n % 3}`, label: `person${n % 3}@example.com` },
    action: 'inference.request',
    target: `model:small-${n % 2}`,
    requestId: `req-${tenantId.slice(0, 4)}-${n}`,
    outcome: n % 5 === 0 ? 'blocked' : 'success',
    payload: { promptTokens: 100 + n, rules: ['pii.email'], note: `event ${n}` },
    ...overrides,
  };
}

/**
 * A chain of `length` events with a checkpoint after every `checkpointEvery`-th event.
 * @param fieldsFor the fields of event n; defaults to makeFields
 */
export function buildChain(options: {
  tenantId?: string;
  length: number;
  checkpointEvery?: number;
  keys?: { publicKey: KeyObject; privateKey: KeyObject };
  fieldsFor?: (n: number) => AuditEventFields;
}): TestChain {
  const { tenantId = TENANT_A, length, checkpointEvery = 10 } = options;
  const { publicKey, privateKey } = options.keys ?? generateCheckpointKeyPair();
  const chain: TestChain = { events: [], checkpoints: [], publicKey, privateKey };
  for (let n = 1; n <= length; n++) {
    appendEvent(chain, options.fieldsFor ? options.fieldsFor(n) : makeFields(tenantId, n), new Date(START + n * 1000));
    if (n % checkpointEvery === 0) appendCheckpoint(chain, new Date(START + n * 1000 + 500));
  }
  return chain;
}

export function appendEvent(chain: TestChain, fields: AuditEventFields, now: Date): AuditEvent {
  const event = buildNextEvent(chain.events.at(-1) ?? null, fields, now);
  chain.events.push(event);
  return event;
}

export function appendCheckpoint(chain: TestChain, now: Date): Checkpoint {
  const head = chain.events.at(-1) ?? null;
  const tenantId = head?.tenantId ?? TENANT_A;
  const checkpoint = buildCheckpoint({ tenantId, head, previous: chain.checkpoints.at(-1) ?? null, privateKey: chain.privateKey, now });
  chain.checkpoints.push(checkpoint);
  return checkpoint;
}

/** What an attacker with the owner role does after editing: recompute every link and hash from `from` on. */
export function rehashFrom(events: AuditEvent[], from: number): AuditEvent[] {
  const out = events.map((event) => ({ ...event }));
  for (let index = from; index < out.length; index++) {
    if (index > 0) out[index].prevHash = out[index - 1].hash;
    out[index].hash = computeEventHash(out[index]);
  }
  return out;
}

/** The JSONL text of an export, sealed with the chain's key as the platform seals it. */
export function renderExport(
  chain: { events: AuditEvent[]; checkpoints: Checkpoint[]; publicKey: KeyObject; privateKey: KeyObject },
  header: Partial<Omit<ExportHeader, 'format' | 'version'>> = {},
): string {
  const fields = {
    tenantId: chain.events[0]?.tenantId ?? TENANT_A,
    from: null,
    to: null,
    publicKey: exportPublicKey(chain.publicKey),
    exportedAt: new Date(START + 10_000_000).toISOString(),
    ...header,
  };
  const summary = {
    eventCount: chain.events.length,
    firstSeq: chain.events[0]?.seq ?? null,
    lastSeq: chain.events.at(-1)?.seq ?? null,
    lastHash: chain.events.at(-1)?.hash ?? null,
    checkpointCount: chain.checkpoints.length,
  };
  const seal = signExportSeal({ format: EXPORT_FORMAT, version: EXPORT_VERSION, ...fields }, summary, chain.privateKey);
  return formatHeaderLine(fields) + chain.events.map(formatEventLine).join('') + chain.checkpoints.map(formatCheckpointLine).join('') + formatSealLine(seal);
}
