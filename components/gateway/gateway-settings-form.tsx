'use client';

import { useActionState } from 'react';
import { Card } from '@/components/ui/card';
import { FieldError } from '@/components/ui/form-message';
import { inputClass, SaveRow } from '@/components/ui/save-row';
import type { ActionResult } from '@/lib/actions/action-result';
import type { GatewaySettingsInput } from '@/lib/control/gateway-settings';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';

/** The tenant's gateway policy: rate limit, what input screening does with a finding, whether texts are logged, whether a shared provider may store completions. */
export function GatewaySettingsForm({
  initial,
  save,
}: {
  initial: GatewaySettingsInput;
  save: (input: Record<string, unknown>) => Promise<ActionResult<GatewaySettingsInput>>;
}) {
  const [result, submit, isSaving] = useActionState(async (_previous: ActionResult<GatewaySettingsInput> | null, form: FormData) => {
    return save({
      requestsPerMinute: String(form.get('requestsPerMinute') ?? ''),
      burst: String(form.get('burst') ?? ''),
      screeningMode: String(form.get('screeningMode') ?? ''),
      storePayloads: form.get('storePayloads') === 'on',
      allowProviderStore: form.get('allowProviderStore') === 'on',
    });
  }, null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const current = result?.ok ? result.data : initial;

  return (
    <Card title="Gateway policy">
      <form onSubmit={submitWithoutReset(submit)} className="grid gap-4 sm:grid-cols-2" data-testid="gateway-settings-form" noValidate>
        <label className="text-sm">
          Requests per minute
          <input name="requestsPerMinute" type="number" defaultValue={current.requestsPerMinute} className={inputClass} />
          <FieldError errors={errors} name="requestsPerMinute" />
        </label>
        <label className="text-sm">
          Burst (requests at once before the per-minute rate applies)
          <input name="burst" type="number" defaultValue={current.burst} className={inputClass} />
          <FieldError errors={errors} name="burst" />
        </label>
        <fieldset className="text-sm sm:col-span-2">
          <legend>When screening finds a tenant-scope change, an instruction override or a prompt-extraction request</legend>
          <label className="mt-2 flex items-center gap-2">
            <input type="radio" name="screeningMode" value="block" defaultChecked={current.screeningMode === 'block'} /> Block it (403) and open an incident
          </label>
          <label className="mt-1 flex items-center gap-2">
            <input type="radio" name="screeningMode" value="flag" defaultChecked={current.screeningMode === 'flag'} /> Let it through, flag it in the audit log
            and open an incident; a leak of this tenant&apos;s own prompt canary is cut from the answer
          </label>
          <FieldError errors={errors} name="screeningMode" />
          <p className="mt-1 text-xs text-slate-500">Another tenant&apos;s canary is always blocked, in the request or in the answer, whatever this says.</p>
        </fieldset>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" name="storePayloads" defaultChecked={current.storePayloads} />
          <span>
            Keep prompt and answer texts in the audit log (otherwise only their SHA-256; encrypted under this tenant&apos;s key at the schema_kms and dedicated
            log tiers)
          </span>
        </label>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" name="allowProviderStore" defaultChecked={current.allowProviderStore} />
          {/* One text node for the flex row: a bare <code> would become a column of its own. */}
          <span>
            Let applications ask a shared model provider to store completions (<code>store: true</code>): they are then kept in a provider account other tenants
            share. Dedicated endpoints always may.
          </span>
        </label>
        <SaveRow
          isSaving={isSaving}
          label="Save policy"
          result={result}
          saved="Saved. New requests run under this policy."
          savedTestId="gateway-settings-saved"
        />
      </form>
    </Card>
  );
}
