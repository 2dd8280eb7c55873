'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import { ModelParamsFields, readModelParams, type ModelParamsValue } from './model-params-fields';
import { PromptTextField } from './prompt-text-field';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';

type SaveAction = (tenantSlug: string, input: unknown) => Promise<ActionResult<{ versionId: string; version: number }>>;

interface PromptEditorProps {
  tenantSlug: string;
  configId: string;
  models: string[];
  /** The text to start from: the open draft, or else the newest version. */
  start: ModelParamsValue & { body: string; version: number; isDraft: boolean };
  action: SaveAction;
}

/** Edits the configuration's draft; saving a live or archived version's text opens a new draft. */
export function PromptEditor({ tenantSlug, configId, models, start, action }: PromptEditorProps) {
  const [result, submit, isPending] = useActionState(
    async (_previous: Awaited<ReturnType<SaveAction>> | null, form: FormData) =>
      action(tenantSlug, { configId, body: form.get('body'), ...readModelParams(form) }),
    null,
  );
  return (
    // The key remounts the fields when the server sends a newer starting point (after a save).
    <form key={`${start.version}:${start.isDraft}`} onSubmit={submitWithoutReset(submit)} className="space-y-4" data-testid="prompt-editor" noValidate>
      <p className="text-sm text-slate-600">
        {start.isDraft ? `Editing the draft, version ${start.version}.` : `Starting from version ${start.version}; saving creates a new draft.`}
      </p>
      <PromptTextField defaultValue={start.body} errors={result && !result.ok ? result.fieldErrors : undefined} />
      <ModelParamsFields models={models} value={start} errors={result && !result.ok ? result.fieldErrors : undefined} />
      {result?.ok && (
        <FormMessage tone="success" testId="draft-saved">
          Draft saved as version {result.data.version}.
        </FormMessage>
      )}
      {result && !result.ok && (
        <FormMessage tone="error" testId="draft-error">
          {result.error}
        </FormMessage>
      )}
      <Button type="submit" disabled={isPending}>
        Save draft
      </Button>
    </form>
  );
}
