'use client';

import Link from 'next/link';
import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import type { AuditEvent } from '@/lib/audit/event';
import { toVisibleText } from '@/lib/audit/visible-text';
import type { InferenceDecision } from '@/lib/audit/viewer/read-inference-decision';
import { OutcomeBadge } from './audit-event-table';
import { DecisionSummary } from './decision-summary';
import { formatAuditTime, Visible } from './visible';

/**
 * The whole event as stored (what the hash covers), user text made visible, an inference event's
 * decision in clear, plus shortcuts to related events.
 */
export function AuditEventDrawer(props: {
  event: AuditEvent;
  tenantName: string;
  decision: InferenceDecision | null;
  /** The gateway request's page, for an inference event. */
  requestPage: string | null;
  onClose: () => void;
  onShowRequest: () => void;
  onShowActor: () => void;
}) {
  const { event, onClose } = props;
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (key: KeyboardEvent) => key.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const fields: [string, ReactNode][] = [
    ['Time', formatAuditTime(event.time)],
    [
      'Tenant',
      <span key="tenant" title={event.tenantId}>
        {props.tenantName}
      </span>,
    ],
    [
      'Actor',
      <Fragment key="actor">
        {event.actor.type} · <Visible text={event.actor.id} />
      </Fragment>,
    ],
    ['Actor label', <Visible key="label" text={event.actor.label} />],
    ['Action', <Visible key="action" text={event.action} />],
    ['Target', <Visible key="target" text={event.target} />],
    ['Request id', <Visible key="request" text={event.requestId} />],
    ['Outcome', <OutcomeBadge key="outcome" outcome={event.outcome} />],
    ['Previous hash', event.prevHash],
    ['Hash', event.hash],
  ];
  return (
    <div className="fixed inset-0 z-40 flex justify-end bg-slate-900/30" onClick={onClose}>
      <aside
        role="dialog"
        aria-modal="true"
        aria-labelledby="audit-event-title"
        data-testid="audit-event-drawer"
        className="h-full w-full max-w-xl overflow-y-auto bg-white p-6 shadow-xl"
        onClick={(click) => click.stopPropagation()}
      >
        <header className="mb-4 flex items-start justify-between gap-4">
          <h2 id="audit-event-title" className="text-lg font-semibold">
            Event {event.seq}
          </h2>
          <button
            ref={closeButton}
            type="button"
            onClick={onClose}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
          >
            Close
          </button>
        </header>
        <dl className="grid grid-cols-3 gap-x-3 gap-y-2 text-sm">
          {fields.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="col-span-2 break-all font-mono text-xs" data-testid={`drawer-${label.toLowerCase().replaceAll(' ', '-')}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
        {props.decision && <DecisionSummary decision={props.decision} />}
        <h3 className="mt-5 text-sm font-semibold">Payload as stored</h3>
        {props.requestPage && (
          <p className="mt-1 text-xs text-slate-500">
            A kept prompt and answer are withheld here: the request trace shows them, and records that you read them.
          </p>
        )}
        <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 text-xs" data-testid="drawer-payload">
          {toVisibleText(JSON.stringify(event.payload, null, 2), { keepNewlines: true })}
        </pre>
        <div className="mt-5 flex flex-wrap gap-2">
          {props.requestPage && (
            <Link
              href={props.requestPage}
              className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700"
              data-testid="drawer-open-request"
            >
              Open request trace
            </Link>
          )}
          <Button variant="secondary" onClick={props.onShowRequest}>
            Events of this request
          </Button>
          <Button variant="secondary" onClick={props.onShowActor}>
            Events of this actor
          </Button>
        </div>
      </aside>
    </div>
  );
}
