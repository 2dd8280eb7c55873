'use client';

import type { FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import type { AuditEventFilter } from '@/lib/audit/store/chain-store';

const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm';

/** datetime-local values are in the browser's zone; the server wants ISO with a zone. */
export function toIsoOrUndefined(local: FormDataEntryValue | null): string | undefined {
  if (typeof local !== 'string' || local === '') return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function readText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The viewer's filter form; `filter` is the applied one (the form is re-keyed when it changes elsewhere). */
export function AuditFilters(props: {
  filter: AuditEventFilter;
  actions: readonly string[];
  outcomes: readonly string[];
  onApply: (filter: AuditEventFilter) => void;
}) {
  const { filter, actions, outcomes, onApply } = props;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: AuditEventFilter = {
      from: toIsoOrUndefined(form.get('from')),
      to: toIsoOrUndefined(form.get('to')),
      actorId: readText(form, 'actorId'),
      action: readText(form, 'action'),
      outcome: readText(form, 'outcome') as AuditEventFilter['outcome'],
      requestId: readText(form, 'requestId'),
      text: readText(form, 'text'),
    };
    onApply(Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)));
  }
  return (
    <form
      key={JSON.stringify(filter)}
      onSubmit={submit}
      aria-label="Filter events"
      className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4"
    >
      <label className="text-sm text-slate-700">
        From
        <input name="from" type="datetime-local" defaultValue={toLocalInput(filter.from)} className={inputClass} />
      </label>
      <label className="text-sm text-slate-700">
        To
        <input name="to" type="datetime-local" defaultValue={toLocalInput(filter.to)} className={inputClass} />
      </label>
      <label className="text-sm text-slate-700">
        Actor id
        <input name="actorId" defaultValue={filter.actorId} className={inputClass} />
      </label>
      <label className="text-sm text-slate-700">
        Request id
        <input name="requestId" defaultValue={filter.requestId} className={inputClass} />
      </label>
      <label className="text-sm text-slate-700">
        Action
        <select name="action" defaultValue={filter.action ?? ''} className={inputClass}>
          <option value="">Any action</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm text-slate-700">
        Outcome
        <select name="outcome" defaultValue={filter.outcome ?? ''} className={inputClass}>
          <option value="">Any outcome</option>
          {outcomes.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcome}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm text-slate-700 sm:col-span-2">
        Text <span className="text-xs text-slate-500">(action, target, actor, outcome; payloads are not searched)</span>
        <input name="text" type="search" defaultValue={filter.text} className={inputClass} />
      </label>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-4">
        <Button type="submit">Apply filters</Button>
        <Button type="button" variant="secondary" onClick={() => onApply({})}>
          Clear
        </Button>
      </div>
    </form>
  );
}
