import type { Metadata } from 'next';
import { AuditLogViewer } from '@/components/audit/audit-log-viewer';
import { ChainStatusPanel } from '@/components/audit/chain-status-panel';
import { ExportLinks } from '@/components/audit/export-links';
import { FormMessage } from '@/components/ui/form-message';
import { getCheckpointPublicKey } from '@/lib/audit/checkpoint-signer';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '@/lib/audit/event';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { getChainStatus } from '@/lib/audit/store/chain-status';
import { createCheckpointIfDue } from '@/lib/audit/store/create-checkpoint';
import { isPlatformAuditAccess } from '@/lib/audit/viewer/record-audit-access';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { logEvent } from '@/lib/log/logger';
import { findAuditEvents } from './actions';

export const metadata: Metadata = { title: 'Audit log' };

export default async function TenantLogsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireTenantPageAccess(slug, 'audit.read');
  const { tenant } = access;
  // Opening the viewer is one of the moments a periodic checkpoint is taken (there is no daemon).
  await createCheckpointIfDue(tenant.id).catch((error) => logEvent('warn', 'audit checkpoint from the viewer failed', { tenantId: tenant.id, error }));
  const [stored, head, key] = await Promise.all([getChainStatus(tenant.id), getAuditChainStore(tenant.id).getHead(), getCheckpointPublicKey()]);
  const status = stored && { ...stored, trustedCheckpoint: undefined };
  return (
    <div className="space-y-6">
      {isPlatformAuditAccess(access) && (
        <FormMessage tone="error" testId="platform-access-notice">
          You are reading this tenant&apos;s audit log as a platform admin. Each read is recorded in this log as an audit.access event.
        </FormMessage>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <ChainStatusPanel slug={tenant.slug} initialStatus={status} headSeq={head?.seq ?? 0} publicKey={key && { keyId: key.keyId, text: key.publicKeyText }} />
        <ExportLinks slug={tenant.slug} />
      </div>
      <AuditLogViewer slug={tenant.slug} tenantName={tenant.name} findEvents={findAuditEvents} actions={AUDIT_ACTIONS} outcomes={AUDIT_OUTCOMES} />
    </div>
  );
}
