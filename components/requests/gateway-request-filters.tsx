'use client';

import type { FormEvent } from 'react';
import { filterInputClass, FilterSelect, readText, TimeRangeFields, toChoices, toIsoOrUndefined } from '@/components/audit/filter-fields';
import { Button } from '@/components/ui/button';
import type { GatewayRequestFilter, RecentRequestFacets } from '@/lib/audit/store/chain-store';

/** Choices for a select: the recent ones, plus the applied value when it is not among them. */
function withApplied(choices: { value: string; label: string }[], applied: string | undefined) {
  return applied && !choices.some((choice) => choice.value === applied) ? [{ value: applied, label: applied }, ...choices] : choices;
}

/** The requests list's filter form; `filter` is the applied one (the form is re-keyed when it changes elsewhere). */
export function GatewayRequestFilters(props: {
  filter: GatewayRequestFilter;
  outcomes: readonly string[];
  facets: RecentRequestFacets | null;
  onApply: (filter: GatewayRequestFilter) => void;
}) {
  const { filter, outcomes, facets, onApply } = props;
  const models = withApplied(
    (facets?.models ?? []).map((model) => ({ value: model, label: model })),
    filter.model,
  );
  const principals = withApplied(
    (facets?.principals ?? []).map((principal) => ({ value: principal.id, label: `${principal.label ?? principal.id} (${principal.type.replace('_', ' ')})` })),
    filter.actorId,
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: GatewayRequestFilter = {
      from: toIsoOrUndefined(form.get('from')),
      to: toIsoOrUndefined(form.get('to')),
      outcome: readText(form, 'outcome') as GatewayRequestFilter['outcome'],
      model: readText(form, 'model'),
      actorId: readText(form, 'actorId'),
      requestId: readText(form, 'requestId'),
    };
    onApply(Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)));
  }
  return (
    <form
      key={JSON.stringify(filter) + (facets ? 'facets' : '')}
      onSubmit={submit}
      aria-label="Filter requests"
      className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-3"
    >
      <TimeRangeFields from={filter.from} to={filter.to} />
      <label className="text-sm text-slate-700">
        Request id <span className="text-xs text-slate-500">(whole or part)</span>
        <input name="requestId" type="search" defaultValue={filter.requestId} className={`${filterInputClass} font-mono`} />
      </label>
      <FilterSelect label="Outcome" name="outcome" applied={filter.outcome} anyLabel="Any outcome" choices={toChoices(outcomes)} />
      <FilterSelect label="Model" name="model" applied={filter.model} anyLabel="Any model" choices={models} />
      <FilterSelect label="Principal" hint="API key or user" name="actorId" applied={filter.actorId} anyLabel="Any principal" choices={principals} />
      <div className="flex gap-2 sm:col-span-2 lg:col-span-3">
        <Button type="submit">Apply filters</Button>
        <Button type="button" variant="secondary" onClick={() => onApply({})}>
          Clear
        </Button>
      </div>
    </form>
  );
}
