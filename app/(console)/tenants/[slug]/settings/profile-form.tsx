'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useActionState } from 'react';
import { ImpactPreview } from '@/components/policy/impact-preview';
import { ProfileFields, type ProfileDraft } from '@/components/policy/profile-fields';
import { PROFILE_PREVIEW_KEY, useProfilePreview } from '@/components/policy/use-profile-preview';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import { useStoredDraft } from '@/components/ui/use-stored-draft';
import type { ActionResult } from '@/lib/actions/action-result';
import { previewTenantProfileAction, updateTenantProfileAction } from './actions';

/**
 * Edits a tenant's classification, showing which tenants' minimums and which floor layers would move
 * before it is saved. `updatedAt` is the version this page loaded: a save over a newer one is refused.
 */
export function ProfileForm({ slug, tenantId, initial, updatedAt }: { slug: string; tenantId: string; initial: ProfileDraft; updatedAt: string }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useStoredDraft(initial, updatedAt);
  const preview = useProfilePreview(slug, draft, (next) => previewTenantProfileAction(slug, next));

  const [state, formAction, isPending] = useActionState(async (): Promise<ActionResult<{ affectedTenants: number }>> => {
    const result = await updateTenantProfileAction(slug, { ...draft, expectedUpdatedAt: updatedAt });
    if (result.ok) await queryClient.invalidateQueries({ queryKey: [PROFILE_PREVIEW_KEY] });
    return result;
  }, null);

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <form onSubmit={submitWithoutReset(formAction)} className="space-y-4" noValidate aria-label="Classification" data-version={updatedAt}>
        <ProfileFields draft={draft} onChange={setDraft} fieldErrors={state && !state.ok ? state.fieldErrors : undefined} />
        {state && !state.ok && (
          <FormMessage tone="error" testId="profile-error">
            {state.error}
          </FormMessage>
        )}
        {state?.ok && (
          <FormMessage tone="success" testId="profile-saved">
            Classification saved; every tenant was re-evaluated ({state.data.affectedTenants} minimum change{state.data.affectedTenants === 1 ? '' : 's'}{' '}
            recorded).
          </FormMessage>
        )}
        <Button type="submit" disabled={isPending}>
          {isPending ? 'Saving…' : 'Save classification'}
        </Button>
      </form>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Impact of saving</h3>
        <ImpactPreview preview={preview.data} subjectId={tenantId} error={preview.error} />
      </div>
    </div>
  );
}
