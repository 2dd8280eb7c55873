'use client';

import type { FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import type { AuditEventFilter } from '@/lib/audit/store/chain-store';

import { filterInputClass as inputClass, FilterSelect, readText, TimeRangeFields, toChoices, toIsoOrUndefined } from './filter-fields';

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
      <TimeRangeFields from={filter.from} to={filter.to} />
      <label className="text-sm text-slate-700">
        Actor id
        <input name="actorId" defaultValue={filter.actorId} className={inputClass} />
      </label>
      <label className="text-sm text-slate-700">
        Request id
        <input name="requestId" defaultValue={filter.requestId} className={inputClass} />
      </label>
      <FilterSelect label="Action" name="action" applied={filter.action} anyLabel="Any action" choices={toChoices(actions)} />
      <FilterSelect label="Outcome" name="outcome" applied={filter.outcome} anyLabel="Any outcome" choices={toChoices(outcomes)} />
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
