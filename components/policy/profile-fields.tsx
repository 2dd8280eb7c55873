'use client';

import { FieldError } from '@/components/ui/form-message';
import { MAX_NOTES_LENGTH } from '@/lib/control/tenant-schemas';
import { DATA_CLASSES, DATA_CLASS_LABELS, REGIMES, REGIME_LABELS, TENANT_KINDS, TENANT_KIND_LABELS, type TenantProfile } from '@/lib/policy';

/** A classification being edited: what the profile forms hold and send (a tenant profile without its id, plus notes). */
export type ProfileDraft = Omit<TenantProfile, 'id'> & { notes: string };

const inputStyle = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none';

function toggle<T>(values: readonly T[], value: T, isOn: boolean): T[] {
  return isOn ? [...values.filter((v) => v !== value), value] : values.filter((v) => v !== value);
}

/** The classification inputs shared by the create and edit forms; controlled, so the impact preview follows every change. */
export function ProfileFields({
  draft,
  onChange,
  fieldErrors,
}: {
  draft: ProfileDraft;
  onChange: (draft: ProfileDraft) => void;
  fieldErrors?: Record<string, string[]>;
}) {
  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <div className="space-y-4">
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Name</span>
        <input name="name" value={draft.name} onChange={(event) => set('name', event.target.value)} maxLength={120} className={inputStyle} />
        <FieldError errors={fieldErrors} name="name" />
      </label>

      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Kind</legend>
        <div className="mt-1 flex gap-4 text-sm">
          {TENANT_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input type="radio" name="kind" value={kind} checked={draft.kind === kind} onChange={() => set('kind', kind)} />
              {TENANT_KIND_LABELS[kind]}
            </label>
          ))}
        </div>
        <FieldError errors={fieldErrors} name="kind" />
      </fieldset>

      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Data classes</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {DATA_CLASSES.map((dataClass) => (
            <label key={dataClass} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={draft.dataClasses.includes(dataClass)}
                onChange={(event) => set('dataClasses', toggle(draft.dataClasses, dataClass, event.target.checked))}
              />
              {DATA_CLASS_LABELS[dataClass]}
            </label>
          ))}
        </div>
        <FieldError errors={fieldErrors} name="dataClasses" />
      </fieldset>

      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Regulatory regimes</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {REGIMES.map((regime) => (
            <label key={regime} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={draft.regimes.includes(regime)}
                onChange={(event) => set('regimes', toggle(draft.regimes, regime, event.target.checked))}
              />
              {REGIME_LABELS[regime]}
            </label>
          ))}
        </div>
        <FieldError errors={fieldErrors} name="regimes" />
      </fieldset>

      <fieldset className="space-y-1 text-sm">
        <legend className="text-sm font-medium text-slate-700">Threat and agreements</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={draft.adversarial} onChange={(event) => set('adversarial', event.target.checked)} />
          Adversarial threat to other tenants (a competitor, a litigant, an untrusted party)
        </label>
        <label className={`flex items-center gap-2 ${draft.kind === 'external_client' ? '' : 'text-slate-400'}`}>
          <input
            type="checkbox"
            disabled={draft.kind !== 'external_client'}
            checked={draft.kind === 'external_client' && draft.hasOwnDpa}
            onChange={(event) => set('hasOwnDpa', event.target.checked)}
          />
          Has its own data processing agreement (external clients only)
        </label>
      </fieldset>

      <label className="block">
        <span className="text-sm font-medium text-slate-700">Notes</span>
        <textarea
          name="notes"
          rows={3}
          value={draft.notes}
          maxLength={MAX_NOTES_LENGTH}
          onChange={(event) => set('notes', event.target.value)}
          className={inputStyle}
        />
        <span className="text-xs text-slate-500">
          {draft.notes.length} / {MAX_NOTES_LENGTH.toLocaleString('en')}
        </span>
        <FieldError errors={fieldErrors} name="notes" />
      </label>
    </div>
  );
}
