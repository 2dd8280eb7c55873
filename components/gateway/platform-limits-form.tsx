'use client';

import { useActionState } from 'react';
import { Card } from '@/components/ui/card';
import { FieldError } from '@/components/ui/form-message';
import { inputClass, SaveRow } from '@/components/ui/save-row';
import type { ActionResult } from '@/lib/actions/action-result';
import type { PlatformGatewayLimits } from '@/lib/control/platform-gateway-limits';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';

/** The platform's ceiling on every tenant's rate limit (platform admins). */
export function PlatformLimitsForm({
  initial,
  save,
}: {
  initial: PlatformGatewayLimits;
  save: (input: Record<string, unknown>) => Promise<ActionResult<PlatformGatewayLimits>>;
}) {
  const [result, submit, isSaving] = useActionState(
    async (_previous: ActionResult<PlatformGatewayLimits> | null, form: FormData) =>
      save({ maxRequestsPerMinute: String(form.get('maxRequestsPerMinute') ?? ''), maxBurst: String(form.get('maxBurst') ?? '') }),
    null,
  );
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const current = result?.ok ? result.data : initial;

  return (
    <Card title="Rate limit ceiling per tenant">
      <form onSubmit={submitWithoutReset(submit)} className="grid gap-4 sm:grid-cols-2" data-testid="platform-limits-form" noValidate>
        <p className="text-sm text-slate-600 sm:col-span-2">
          The most a tenant admin may set on the tenant&apos;s Model endpoints tab. A tenant that saved more runs at the ceiling.
        </p>
        <label className="text-sm">
          Requests per minute, at most
          <input name="maxRequestsPerMinute" type="number" defaultValue={current.maxRequestsPerMinute} className={inputClass} />
          <FieldError errors={errors} name="maxRequestsPerMinute" />
        </label>
        <label className="text-sm">
          Burst, at most
          <input name="maxBurst" type="number" defaultValue={current.maxBurst} className={inputClass} />
          <FieldError errors={errors} name="maxBurst" />
        </label>
        <SaveRow
          isSaving={isSaving}
          label="Save ceiling"
          result={result}
          saved="Saved. Tenants run under it within seconds."
          savedTestId="platform-limits-saved"
        />
      </form>
    </Card>
  );
}
