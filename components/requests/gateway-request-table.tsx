'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { OutcomeBadge } from '@/components/audit/audit-event-table';
import { formatAuditTime, Visible } from '@/components/audit/visible';
import { CopyTextButton } from '@/components/ui/copy-button';
import { Table } from '@/components/ui/table';
import { buildRequestPath } from './request-path';
import type { GatewayRequestSummary } from '@/lib/audit/viewer/summarize-gateway-request';

const milliseconds = (value: number | null) => (value === null ? '—' : `${Math.round(value).toLocaleString('en-US')} ms`);

function describeLatency(request: GatewayRequestSummary) {
  if (request.overheadMs === null && request.upstreamMs === null) return '—';
  return `${milliseconds(request.overheadMs)} + ${milliseconds(request.upstreamMs)}`;
}

/** The gateway's time over the upstream's, one per line, so the column stays narrow. */
function Latency({ request }: { request: GatewayRequestSummary }) {
  if (request.overheadMs === null && request.upstreamMs === null) return <>—</>;
  return (
    <>
      <span className="block">{milliseconds(request.overheadMs)}</span>
      <span className="block text-slate-500">+ {milliseconds(request.upstreamMs)}</span>
    </>
  );
}

/** The first 8 characters of a request id, the whole id in its title and a copy button. */
function ShortRequestId({ requestId }: { requestId: string }) {
  return (
    <span className="flex items-center gap-2">
      <span className="font-mono text-xs text-slate-500" title={requestId} data-testid="request-short-id">
        {requestId.slice(0, 8)}
      </span>
      <CopyTextButton text={requestId} label={`Copy request id ${requestId}`} />
    </span>
  );
}

function describeTokens(request: GatewayRequestSummary) {
  if (request.tokensIn === null && request.tokensOut === null) return '—';
  return `${request.tokensIn ?? 0} / ${request.tokensOut ?? 0}`;
}

function Screening({ request }: { request: GatewayRequestSummary }) {
  if (!request.isReadable) return <span className="text-xs text-slate-500">sealed (key destroyed)</span>;
  if (request.reasons.length === 0 && !request.errorCode) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {request.errorCode && <code className="rounded bg-slate-100 px-1 font-mono text-xs">{request.errorCode}</code>}
      {request.reasons.map((reason) => (
        <span
          key={reason}
          className="whitespace-nowrap rounded bg-amber-50 px-1.5 text-xs text-amber-900"
          title={reason}
          data-testid="request-screening-reason"
          data-reason={reason}
        >
          {labelReason(reason)}
        </span>
      ))}
    </span>
  );
}

/**
 * "tool result: prompt_extraction (base64): rule reveal-instructions" reads as "tool result: prompt
 * extraction · base64": the finding and where it was found fit a table cell; the rule is in the title
 * and the decision trace.
 */
function labelReason(reason: string): string {
  const match = /^(tool result: )?([a-z_]+) \(([^)]+)\)/.exec(reason);
  if (!match) return reason.length > 60 ? `${reason.slice(0, 59)}…` : reason;
  const [, origin = '', kind, variant] = match;
  return `${origin}${kind.replaceAll('_', ' ')}${variant === 'plain' ? '' : ` · ${variant}`}`;
}

function Principal({ request }: { request: GatewayRequestSummary }) {
  return (
    <span title={`${request.principal.type} ${request.principal.id}`}>
      <Visible text={request.principal.label ?? request.principal.id} />
    </span>
  );
}

/**
 * Requests newest first; each opens its decision trace. A table from tablet width up, a card per
 * request on a phone (seven columns do not fit 390 px). The table fits a desktop's width without
 * scrolling sideways: the request id sits under the time (shortened, whole in its title, with a copy
 * button), latency takes two lines and long headers wrap.
 */
export function GatewayRequestTable({ slug, requests }: { slug: string; requests: GatewayRequestSummary[] }) {
  const router = useRouter();
  return (
    <>
      <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm md:block">
        <Table
          columns={[
            'Time · request',
            'Principal',
            'Model',
            'Outcome',
            { label: 'Gateway + upstream', className: 'px-3 py-2 text-right' },
            { label: 'Tokens in / out', className: 'px-3 py-2 text-right' },
            'Screening',
          ]}
          headerCellClassName="px-3 py-2 whitespace-nowrap"
          headClassName="bg-slate-50 text-xs uppercase tracking-wide text-slate-500"
          bodyClassName="divide-y divide-slate-100"
          testId="request-table"
        >
          {requests.map((request) => (
            <tr
              key={request.seq}
              className="cursor-pointer align-top hover:bg-slate-50"
              onClick={() => router.push(buildRequestPath(slug, request.requestId))}
              data-testid="request-row"
              data-request-id={request.requestId}
            >
              <td className="whitespace-nowrap px-3 py-2">
                <Link
                  href={buildRequestPath(slug, request.requestId)}
                  className="font-mono text-xs text-indigo-700 hover:underline"
                  onClick={(click) => click.stopPropagation()}
                >
                  {formatAuditTime(request.time)}
                </Link>
                <ShortRequestId requestId={request.requestId} />
              </td>
              <td className="max-w-40 truncate px-3 py-2">
                <Principal request={request} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{request.model ?? '—'}</td>
              <td className="whitespace-nowrap px-3 py-2" data-testid="request-outcome">
                <OutcomeBadge outcome={request.outcome} />
                {request.isInProgress && <span className="ml-1 text-xs text-slate-500">streaming</span>}
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                <Latency request={request} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{describeTokens(request)}</td>
              <td className="max-w-64 px-3 py-2">
                <Screening request={request} />
              </td>
            </tr>
          ))}
        </Table>
      </div>
      <ul className="space-y-2 md:hidden" data-testid="request-cards">
        {requests.map((request) => (
          <li key={request.seq}>
            <Link
              href={buildRequestPath(slug, request.requestId)}
              className="block rounded-xl border border-slate-200 bg-white p-3 shadow-sm hover:bg-slate-50"
              data-testid="request-card"
              data-request-id={request.requestId}
            >
              <span className="flex items-center justify-between gap-2">
                <span className="font-mono text-xs text-slate-600">{formatAuditTime(request.time)}</span>
                <OutcomeBadge outcome={request.outcome} />
              </span>
              <span className="mt-1 flex flex-wrap gap-x-3 text-sm">
                <span className="font-mono text-xs">{request.model ?? '—'}</span>
                <span className="truncate text-slate-700">
                  <Principal request={request} />
                </span>
              </span>
              <span className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600">
                <span>{describeLatency(request)}</span>
                <span>tokens {describeTokens(request)}</span>
                <span className="font-mono" title={request.requestId}>
                  {request.requestId.slice(0, 8)}
                </span>
              </span>
              {(request.reasons.length > 0 || request.errorCode) && (
                <span className="mt-1 block">
                  <Screening request={request} />
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
