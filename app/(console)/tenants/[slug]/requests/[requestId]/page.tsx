import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { formatAuditTime, Visible } from '@/components/audit/visible';
import { OutcomeBadge } from '@/components/audit/audit-event-table';
import { TracePanel } from '@/components/playground/trace-panel';
import { RequestEvents } from '@/components/requests/request-events';
import { RequestPayloadReveal } from '@/components/requests/request-payload-reveal';
import { Card } from '@/components/ui/card';
import { FormMessage } from '@/components/ui/form-message';
import { readGatewayRequest, type GatewayRequestDetail } from '@/lib/audit/viewer/read-gateway-request';
import { isPlatformAuditAccess } from '@/lib/audit/viewer/record-audit-access';
import { requestIdSchema } from '@/lib/audit/viewer/request-filter';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import type { DecisionTrace } from '@/lib/enforcement/decision-trace';
import { NotFoundError } from '@/lib/errors';
import { revealRequestPayload } from '../actions';

export const metadata: Metadata = { title: 'Request' };

/** One gateway request: its decision trace as the audit log stores it, the events it caused, and (where kept) its prompt and answer on request. */
export default async function GatewayRequestPage({ params }: { params: Promise<{ slug: string; requestId: string }> }) {
  const { slug, requestId: rawRequestId } = await params;
  const access = await requireTenantPageAccess(slug, 'audit.read');
  const listHref = `/tenants/${access.tenant.slug}/requests`;
  const parsed = requestIdSchema.safeParse(decodeURIComponent(rawRequestId));
  let detail: GatewayRequestDetail | null = null;
  if (parsed.success) {
    try {
      detail = await readGatewayRequest(access, parsed.data, { requestId: randomUUID() });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return (
    <div className="space-y-4">
      <Link href={listHref} className="text-sm text-indigo-700 hover:underline">
        ← All requests
      </Link>
      {!detail ? (
        <div className="space-y-2 rounded-xl border border-slate-200 bg-white p-5" data-testid="request-not-found">
          <h2 className="text-lg font-semibold">No such request</h2>
          <p className="text-sm text-slate-600">
            This tenant&apos;s audit log holds no gateway request with this id. It may belong to another tenant, or retention may have removed it.
          </p>
          {parsed.success && (
            <Link href={`/tenants/${access.tenant.slug}/logs?requestId=${encodeURIComponent(parsed.data)}`} className="text-sm text-indigo-700 hover:underline">
              Search the audit log for this id
            </Link>
          )}
        </div>
      ) : (
        <RequestDetail detail={detail} slug={access.tenant.slug} isPlatformAccess={isPlatformAuditAccess(access)} />
      )}
    </div>
  );
}

function RequestDetail({ detail, slug, isPlatformAccess }: { detail: GatewayRequestDetail; slug: string; isPlatformAccess: boolean }) {
  // The trace is stored as the gateway built it (lib/enforcement/decision-trace.ts), so the playground's panel reads it as it is.
  const trace = detail.trace as DecisionTrace | null;
  return (
    <>
      <header className="space-y-2">
        <h2 className="text-lg font-semibold text-slate-900">Request</h2>
        <p className="break-all font-mono text-sm text-slate-700" data-testid="request-id">
          {detail.requestId}
        </p>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-xs text-slate-500">Received</dt>
            <dd className="font-mono text-xs">{formatAuditTime(detail.time)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Principal</dt>
            <dd className="truncate" title={`${detail.principal.type} ${detail.principal.id}`}>
              <Visible text={detail.principal.label ?? detail.principal.id} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Outcome</dt>
            <dd data-testid="request-outcome">
              <OutcomeBadge outcome={detail.outcome} />
              {detail.phase === 'stream_start' && <span className="ml-1 text-xs text-slate-500">stream not ended</span>}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Kind</dt>
            <dd>{trace?.stream || detail.phase !== 'request' ? 'stream' : 'complete'}</dd>
          </div>
        </dl>
      </header>
      {isPlatformAccess && (
        <FormMessage tone="error" testId="platform-access-notice">
          You are reading this tenant&apos;s request as a platform admin: the read is recorded in its audit log.
        </FormMessage>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {trace ? (
          <TracePanel trace={trace} />
        ) : (
          <Card title="Decision trace">
            <p className="text-sm text-slate-600">This request&apos;s record is sealed under a key that was destroyed: only its outcome and time remain.</p>
          </Card>
        )}
        <div className="space-y-4">
          <Card title="Prompt and answer">
            {detail.hasStoredText ? (
              <RequestPayloadReveal slug={slug} requestId={detail.requestId} reveal={revealRequestPayload} />
            ) : (
              <p className="text-sm text-slate-600" data-testid="payload-not-kept">
                Not kept: this tenant&apos;s gateway settings did not store prompts and answers when the request ran. The audit log holds their SHA-256 only.
              </p>
            )}
          </Card>
          <Card title="Events of this request">
            <RequestEvents slug={slug} requestId={detail.requestId} events={detail.events} />
          </Card>
        </div>
      </div>
    </>
  );
}
