'use client';
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

/** A text field, trimmed; undefined when left empty. */
export function readText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Plain values as select choices, each labelled by itself. */
export function toChoices(values: readonly string[]) {
  return values.map((value) => ({ value, label: value }));
}

export const filterInputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm';

/** A filter's choice among `choices`, or any (the empty value). */
export function FilterSelect(props: {
  label: string;
  hint?: string;
  name: string;
  applied: string | undefined;
  anyLabel: string;
  choices: { value: string; label: string }[];
}) {
  return (
    <label className="text-sm text-slate-700">
      {props.label}
      {props.hint && <span className="text-xs text-slate-500"> ({props.hint})</span>}
      <select name={props.name} defaultValue={props.applied ?? ''} className={filterInputClass}>
        <option value="">{props.anyLabel}</option>
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The From and To fields of a filter (the browser's local time; the form turns them into ISO times). */
export function TimeRangeFields({ from, to }: { from: string | undefined; to: string | undefined }) {
  return (
    <>
      <label className="text-sm text-slate-700">
        From
        <input name="from" type="datetime-local" defaultValue={toLocalInput(from)} className={filterInputClass} />
      </label>
      <label className="text-sm text-slate-700">
        To
        <input name="to" type="datetime-local" defaultValue={toLocalInput(to)} className={filterInputClass} />
      </label>
    </>
  );
}
