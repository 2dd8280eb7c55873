'use client';

import { useRouter } from 'next/navigation';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import { ModelParamsFields, readModelParams } from './model-params-fields';
import { PromptTextField } from './prompt-text-field';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';

type CreateAction = (tenantSlug: string, input: unknown) => Promise<ActionResult<{ configId: string; versionId: string }>>;

/** Names a new configuration and writes its first draft; opens the editor once created. */
export function CreateConfigForm({ tenantSlug, models, action }: { tenantSlug: string; models: string[]; action: CreateAction }) {
  const router = useRouter();
  const [result, submit, isPending] = useActionState(async (_previous: Awaited<ReturnType<CreateAction>> | null, form: FormData) => {
    const outcome = await action(tenantSlug, { name: form.get('name'), body: form.get('body'), ...readModelParams(form) });
    if (outcome.ok) router.push(`/tenants/${tenantSlug}/prompts/${outcome.data.configId}`);
    return outcome;
  }, null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <form onSubmit={submitWithoutReset(submit)} className="space-y-4" data-testid="create-prompt-config" noValidate>
      <label className="block text-sm">
        <span className="text-slate-600">Name (e.g. the assistant it serves)</span>
        <input name="name" maxLength={80} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
        <FieldError errors={errors} name="name" />
      </label>
      <PromptTextField errors={errors} />
      <ModelParamsFields models={models} errors={errors} />
      {result && !result.ok && <FormMessage tone="error">{result.error}</FormMessage>}
      <Button type="submit" disabled={isPending}>
        Create draft
      </Button>
    </form>
  );
}
