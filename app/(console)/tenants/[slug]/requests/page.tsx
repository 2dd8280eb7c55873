import type { Metadata } from 'next';
import Link from 'next/link';
import { GatewayRequestList } from '@/components/requests/gateway-request-list';
import { FormMessage } from '@/components/ui/form-message';
import { AUDIT_OUTCOMES } from '@/lib/audit/event';
import { isPlatformAuditAccess } from '@/lib/audit/viewer/record-audit-access';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { findGatewayRequests } from './actions';

export const metadata: Metadata = { title: 'Requests' };

/** The tenant's gateway requests, searchable and filterable, each opening its decision trace. */
export default async function TenantRequestsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireTenantPageAccess(slug, 'audit.read');
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h2 className="text-lg font-semibold text-slate-900">Gateway requests</h2>
        <p className="text-sm text-slate-600">
          Every request the gateway decided for this tenant, from its audit log: who sent it, to which model, what screening decided and how long it took. Open
          one for its decision trace. The full record is in the{' '}
          <Link href={`/tenants/${access.tenant.slug}/logs?action=inference.request`} className="text-indigo-700 hover:underline">
            audit log
          </Link>
          .
        </p>
      </header>
      {isPlatformAuditAccess(access) && (
        <FormMessage tone="error" testId="platform-access-notice">
          You are reading this tenant&apos;s requests as a platform admin. Each read is recorded in its audit log as an audit.access event.
        </FormMessage>
      )}
      <GatewayRequestList slug={access.tenant.slug} findRequests={findGatewayRequests} outcomes={AUDIT_OUTCOMES} />
    </div>
  );
}
