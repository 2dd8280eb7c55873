import 'server-only';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import { logEvent } from '@/lib/log/logger';
import { getCheckpointPublicKey, getCheckpointSigner } from '../checkpoint-signer';
import { signExportSeal } from '../export-seal';
import { writeCsvExport, writeJsonlExport } from '../export-format';
import { getAuditChainStore } from '../store/chain-store';
import { createCheckpoint } from '../store/create-checkpoint';
import { recordAuditEvent } from '../store/record-event';
import type { AuditExportRequest } from './event-filter';
import { isPlatformAuditAccess } from './record-audit-access';

export interface AuditExport {
  filename: string;
  contentType: string;
  /** The file, streamed: events are read in batches as the client downloads. */
  chunks: AsyncGenerator<string>;
}

/** Retention removed the chain's start: an export "from the beginning" then starts mid-chain. */
const EPOCH = new Date(0).toISOString();

/**
 * Exports an authorized tenant's events of a time range, after recording the export as an `audit.export`
 * event in the same chain (so a platform admin's export is logged like any of its reads). The JSONL form
 * carries the header's public key and every checkpoint of the tenant, read before the events, and the
 * head is signed first, so `npm run audit:verify` can check the whole file.
 * CSV is for people and spreadsheets and is not verifiable.
 */
export async function createAuditExport(access: TenantAccess, request: AuditExportRequest, requestId: string): Promise<AuditExport> {
  const { tenant, principal } = access;
  const store = getAuditChainStore(tenant.id);
  await recordAuditEvent({
    tenantId: tenant.id,
    actor: { type: 'user', id: principal.userId, label: principal.email },
    action: 'audit.export',
    target: tenant.id,
    requestId,
    outcome: 'success',
    payload: { format: request.format, from: request.from ?? null, to: request.to ?? null, isPlatformAccess: isPlatformAuditAccess(access) },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const filename = `audit-${tenant.slug}-${stamp}.${request.format}`;
  if (request.format === 'csv') {
    return { filename, contentType: 'text/csv; charset=utf-8', chunks: writeCsvExport(store.streamEvents({ from: request.from, to: request.to })) };
  }

  // Sign the head first, so everything up to it is covered (a checkpoint past `to` is simply not expected).
  await createCheckpoint(tenant.id).catch((error) => logEvent('warn', 'audit checkpoint before export failed', { tenantId: tenant.id, requestId, error }));
  const key = await getCheckpointPublicKey();
  if (!key) throw new Error('no checkpoint signing key exists: the export could not be made verifiable');
  const signer = await getCheckpointSigner();
  if (signer.keyId !== key.keyId) throw new Error('the checkpoint signing key changed while the export was prepared: export again');
  const checkpoints = await store.findCheckpoints();
  const mark = request.from ? null : await store.getRetentionMark();
  const from = request.from ?? (mark ? EPOCH : null);
  const header = { tenantId: tenant.id, from, to: request.to ?? null, publicKey: key.publicKeyText, exportedAt: new Date().toISOString() };
  const events = store.streamEvents({ from: from ?? undefined, to: request.to });
  const seal = (full: Parameters<typeof signExportSeal>[0], summary: Parameters<typeof signExportSeal>[1]) => signExportSeal(full, summary, signer.privateKey);
  return { filename, contentType: 'application/x-ndjson; charset=utf-8', chunks: writeJsonlExport({ header, events, checkpoints, seal }) };
}
