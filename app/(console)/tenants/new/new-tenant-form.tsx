'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { ImpactPreview } from '@/components/policy/impact-preview';
import { ProfileFields, type ProfileDraft } from '@/components/policy/profile-fields';
import { useProfilePreview } from '@/components/policy/use-profile-preview';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import { createTenantAction, previewNewTenantAction } from './actions';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';

const emptyDraft: ProfileDraft = { name: '', kind: 'internal_department', dataClasses: [], regimes: [], adversarial: false, hasOwnDpa: false, notes: '' };

/** "Claims Ops (EU)" → "claims-ops-eu": a suggestion until the slug is edited by hand. */
function suggestSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export function NewTenantForm() {
  const router = useRouter();
  const [draft, setDraft] = useState(emptyDraft);
  const [slug, setSlug] = useState('');
  const [isSlugEdited, setIsSlugEdited] = useState(false);
  const preview = useProfilePreview('new', draft, previewNewTenantAction);

  const [state, formAction, isPending] = useActionState(async (): Promise<ActionResult<{ slug: string }>> => {
    const result = await createTenantAction({ ...draft, slug });
    if (result.ok) router.push(`/tenants/${result.data.slug}/settings`);
    return result;
  }, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card title="Classification">
        <form onSubmit={submitWithoutReset(formAction)} className="space-y-4" noValidate>
          <ProfileFields
            draft={draft}
            onChange={(next) => {
              setDraft(next);
              if (!isSlugEdited) setSlug(suggestSlug(next.name));
            }}
            fieldErrors={fieldErrors}
          />
          <label className="block">
            <span className="text-sm font-medium text-slate-700">Slug</span>
            <input
              name="slug"
              value={slug}
              onChange={(event) => {
                setSlug(event.target.value);
                setIsSlugEdited(true);
              }}
              maxLength={48}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm focus:border-indigo-500 focus:outline-none"
            />
            <span className="text-xs text-slate-500">The tenant&apos;s address in the console: lowercase letters, digits and hyphens; fixed once created.</span>
            <FieldError errors={fieldErrors} name="slug" />
          </label>
          {state && !state.ok && (
            <FormMessage tone="error" testId="form-error">
              {state.error}
            </FormMessage>
          )}
          <Button type="submit" disabled={isPending}>
            {isPending ? 'Creating…' : 'Create tenant'}
          </Button>
        </form>
      </Card>
      <Card title="Impact">
        <ImpactPreview preview={preview.data} subjectId={null} error={preview.error} />
      </Card>
    </div>
  );
}
