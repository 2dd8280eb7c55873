import pg from 'pg';
import { canonicalJson } from '@/lib/audit/canonical-json';
import { buildCheckpoint, type Checkpoint } from '@/lib/audit/checkpoint';
import type { CheckpointSigner } from '@/lib/audit/checkpoint-signer';
import type { AuditEvent } from '@/lib/audit/event';
import { computeEventHash, GENESIS_HASH } from '@/lib/audit/hash-chain';

export interface SeededTenant {
  id: string;
  eventCount: number;
}

const BATCH_ROWS = 5_000;
const CHECKPOINT_EVERY = 10_000;
const ACTIONS = [
  'inference.request',
  'inference.request',
  'inference.request',
  'retrieval.read',
  'retrieval.read',
  'policy.decision',
  'auth.sign_in',
  'prompt.update',
  'kms.key_rotate',
  'incident.open',
];
const OUTCOMES = [...Array(88).fill('success'), ...Array(6).fill('blocked'), ...Array(3).fill('denied'), ...Array(2).fill('flagged'), 'failure'];
const COLUMNS = [
  'tenant_id',
  'seq',
  'time',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target',
  'request_id',
  'outcome',
  'payload_json',
  'prev_hash',
  'hash',
];
const TYPES = ['uuid', 'bigint', 'timestamptz', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];

/**
 * Seeds `events` valid, hash-chained events across `tenants` new tenants: the first tenant holds 10% of
 * them (the worst case for one tenant's queries), the rest share the remainder. Rows go in through the
 * platform role in 5 000-row unnest() inserts, with audit_events' secondary indexes dropped during the load
 * and rebuilt after (as a bulk import would); each tenant gets its head and a signed checkpoint every
 * 10 000 events and at its head, so verification covers checkpoints too.
 */
export async function seedAuditEvents(options: {
  ownerUrl: string;
  platformUrl: string;
  events: number;
  tenants: number;
  signer: CheckpointSigner;
  log: (line: string) => void;
}): Promise<SeededTenant[]> {
  const owner = new pg.Client({ connectionString: options.ownerUrl });
  const platform = new pg.Client({ connectionString: options.platformUrl });
  await Promise.all([owner.connect(), platform.connect()]);
  try {
    const { rows: created } = await platform.query<{ id: string }>(
      `INSERT INTO tenants (slug, name, kind) SELECT 'bench-' || i, 'Bench ' || i, 'internal_department' FROM generate_series(1, $1) i RETURNING id`,
      [options.tenants],
    );
    const largest = Math.round(options.events * 0.1);
    const perTenant = Math.floor((options.events - largest) / Math.max(1, options.tenants - 1));
    const tenants = created.map((row, index) => ({ id: row.id, eventCount: index === 0 ? largest : perTenant }));
    tenants[tenants.length - 1].eventCount += options.events - tenants.reduce((sum, tenant) => sum + tenant.eventCount, 0);

    const { rows: indexes } = await owner.query<{ indexname: string; indexdef: string }>(
      // The shared chain only: the data plane has an audit_events of its own (placed logs) with the same index names.
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'audit_events' AND indexname <> 'audit_events_pkey'`,
    );
    for (const index of indexes) await owner.query(`DROP INDEX public.${pg.escapeIdentifier(index.indexname)}`);

    // One batch inserts while the next is generated.
    let pending: Promise<unknown> = Promise.resolve();
    let batch = emptyBatch();
    const flush = async () => {
      const rows = batch;
      batch = emptyBatch();
      await pending;
      pending = insertBatch(platform, rows);
    };
    let generated = 0;
    for (const tenant of tenants) {
      const checkpoints: Checkpoint[] = [];
      let last: AuditEvent | null = null;
      for (const event of generateChain(tenant)) {
        pushEvent(batch, event);
        if (batch[0].length >= BATCH_ROWS) await flush();
        if (event.seq % CHECKPOINT_EVERY === 0 || event.seq === tenant.eventCount) {
          checkpoints.push(buildCheckpoint({ tenantId: tenant.id, head: event, previous: checkpoints.at(-1) ?? null, privateKey: options.signer.privateKey }));
        }
        last = event;
      }
      await platform.query('INSERT INTO audit_heads (tenant_id, seq, hash, time) VALUES ($1, $2, $3, $4)', [tenant.id, last!.seq, last!.hash, last!.time]);
      for (const checkpoint of checkpoints) await insertCheckpoint(platform, checkpoint, options.signer.keyId);
      const before = generated;
      generated += tenant.eventCount;
      if (Math.floor(generated / 250_000) > Math.floor(before / 250_000)) options.log(`  ${generated.toLocaleString('en')} events generated`);
    }
    await flush();
    await pending;

    options.log('  rebuilding indexes…');
    await owner.query(`SET maintenance_work_mem = '256MB'`);
    for (const index of indexes) await owner.query(index.indexdef);
    await owner.query('ANALYZE audit_events, audit_heads, audit_checkpoints');
    return tenants;
  } finally {
    await Promise.all([owner.end(), platform.end()]);
  }
}

/** One tenant's chain, shaped like the inference path's events and hashed as the appender hashes. */
function* generateChain(tenant: SeededTenant): Generator<AuditEvent> {
  const spanMs = 30 * 24 * 3600 * 1000;
  const start = Date.now() - spanMs;
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= tenant.eventCount; seq++) {
    const isKey = seq % 5 === 0;
    const unhashed = {
      tenantId: tenant.id,
      actor: isKey
        ? { type: 'api_key' as const, id: `key-${seq % 3}`, label: `service ${seq % 3}` }
        : { type: 'user' as const, id: `user-${seq % 10}`, label: `person${seq % 10}@example.com` },
      action: ACTIONS[(seq * 7919) % ACTIONS.length],
      target: `model:small-${seq % 3}`,
      requestId: `req-${tenant.id.slice(0, 8)}-${seq}`,
      outcome: OUTCOMES[(seq * 31) % OUTCOMES.length] as AuditEvent['outcome'],
      payload: { promptTokens: 100 + (seq % 900), latencyMs: (seq % 5000) / 10, rules: ['pii.email'], decision: { allowed: seq % 11 !== 0 } },
      seq,
      time: new Date(start + Math.floor((seq * spanMs) / tenant.eventCount)).toISOString(),
      prevHash,
    };
    const event: AuditEvent = { ...unhashed, hash: computeEventHash(unhashed) };
    prevHash = event.hash;
    yield event;
  }
}

function emptyBatch(): unknown[][] {
  return COLUMNS.map(() => []);
}

function pushEvent(batch: unknown[][], event: AuditEvent) {
  const values = [
    event.tenantId,
    event.seq,
    event.time,
    event.actor.type,
    event.actor.id,
    event.actor.label ?? null,
    event.action,
    event.target,
    event.requestId,
    event.outcome,
    canonicalJson(event.payload),
    event.prevHash,
    event.hash,
  ];
  values.forEach((value, column) => batch[column].push(value));
}

async function insertBatch(client: pg.Client, batch: unknown[][]) {
  if (batch[0].length === 0) return;
  const arrays = TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ');
  await client.query(`INSERT INTO audit_events (${COLUMNS.join(', ')}) SELECT * FROM unnest(${arrays})`, batch);
}

async function insertCheckpoint(client: pg.Client, checkpoint: Checkpoint, keyId: string) {
  await client.query('INSERT INTO audit_checkpoints (tenant_id, seq, head_hash, time, prev_signature, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    checkpoint.tenantId,
    checkpoint.seq,
    checkpoint.headHash,
    checkpoint.time,
    checkpoint.prevSignature,
    checkpoint.signature,
    keyId,
  ]);
}
