'use server';

import { revalidatePath } from 'next/cache';
import { tenantAction, type TenantActionContext } from '@/lib/actions/tenant-action';
import { activatePromptVersion } from '@/lib/prompts/activate-prompt-version';
import { createPromptConfig } from '@/lib/prompts/create-prompt-config';
import type { PromptActor } from '@/lib/prompts/prompt-context';
import { configRefSchema, createConfigSchema, saveDraftSchema, versionRefSchema } from '@/lib/prompts/prompt-schemas';
import { rollbackPromptConfig } from '@/lib/prompts/rollback-prompt-config';
import { savePromptDraft } from '@/lib/prompts/save-prompt-draft';

// Tenant members do not read system prompts: every action needs prompts.manage.
const manage = { permission: 'prompts.manage' } as const;

function toActor({ principal, requestId }: TenantActionContext<unknown>): PromptActor {
  return { userId: principal.userId, label: principal.email, requestId };
}

export const createPromptConfigAction = tenantAction({ name: 'prompt.create', ...manage, schema: createConfigSchema }, async (context) => {
  const created = await createPromptConfig(context.tenant.id, context.input, toActor(context));
  revalidatePath(`/tenants/${context.tenant.slug}/prompts`);
  return created;
});

export const savePromptDraftAction = tenantAction({ name: 'prompt.save_draft', ...manage, schema: saveDraftSchema }, async (context) => {
  const saved = await savePromptDraft(context.tenant.id, context.input, toActor(context));
  revalidatePath(`/tenants/${context.tenant.slug}/prompts`, 'layout');
  return saved;
});

export const activatePromptVersionAction = tenantAction({ name: 'prompt.activate', ...manage, schema: versionRefSchema }, async (context) => {
  const activated = await activatePromptVersion(context.tenant.id, context.input, toActor(context));
  revalidatePath(`/tenants/${context.tenant.slug}/prompts`, 'layout');
  return activated;
});

export const rollbackPromptConfigAction = tenantAction({ name: 'prompt.rollback', ...manage, schema: configRefSchema }, async (context) => {
  const restored = await rollbackPromptConfig(context.tenant.id, context.input.configId, toActor(context));
  revalidatePath(`/tenants/${context.tenant.slug}/prompts`, 'layout');
  return restored;
});
