'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { platformAction } from '@/lib/actions/tenant-action';
import { addSsoMapping, deleteSsoSettings, removeSsoMapping, saveSsoSettings } from '@/lib/auth/sso/manage-sso-settings';
import { describeActor } from '@/lib/control/policy-audit';
import { tenantRoleSchema } from '@/lib/control/identity/identity-schemas';

const SSO_PATH = '/platform/sso';

// An issuer is fetched by the server (discovery): https, or http on loopback for a provider on this machine.
const issuerSchema = z
  .string()
  .trim()
  .max(500)
  .refine((value) => URL.canParse(value), 'Enter the issuer URL, for example https://login.example.com/realms/acme.')
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  }, 'The issuer must use https (http only on this machine).');

const settingsSchema = z
  .object({
    issuer: issuerSchema,
    clientId: z.string().trim().min(1, 'Enter the client id.').max(500),
    // Empty keeps the stored secret.
    clientSecret: z.string().max(2000).default(''),
    isPasswordSignInEnabled: z.boolean(),
  })
  .strict();

export const saveSsoSettingsAction = platformAction({ name: 'sso.settings_change', schema: settingsSchema }, async ({ principal, input, requestId }) => {
  await saveSsoSettings(principal, { ...input, clientSecret: input.clientSecret || null, actor: describeActor(principal), requestId });
  revalidatePath(SSO_PATH);
  return { issuer: input.issuer };
});

export const deleteSsoSettingsAction = platformAction({ name: 'sso.settings_change', schema: z.object({}).strict() }, async ({ principal, requestId }) => {
  await deleteSsoSettings(principal, { actor: describeActor(principal), requestId });
  revalidatePath(SSO_PATH);
  return {};
});

const claimName = z
  .string()
  .trim()
  .min(1, 'Name the claim, for example groups.')
  .max(100)
  .regex(/^[A-Za-z0-9_:./-]+$/, 'A claim name has no spaces.');

const ruleBase = {
  claim: claimName,
  value: z.string().trim().min(1, 'Enter the value the claim must hold.').max(500),
};

const mappingSchema = z.discriminatedUnion(
  'access',
  [
    z.object({ ...ruleBase, access: z.literal('tenant'), tenantId: z.uuid('Choose a tenant.'), role: tenantRoleSchema }).strict(),
    // Platform admin is every tenant and this page: the admin confirms it on purpose.
    z
      .object({
        ...ruleBase,
        access: z.literal('platform_admin'),
        confirmPlatformAdmin: z.literal(true, { message: 'Confirm that everyone holding this value becomes a platform admin.' }),
      })
      .strict(),
    z
      .object({ ...ruleBase, access: z.literal('compliance_officer'), complianceTenantIds: z.array(z.uuid()).min(1, 'Choose at least one tenant.').max(1000) })
      .strict(),
  ],
  { message: 'Choose what the rule grants.' },
);

export const addSsoMappingAction = platformAction({ name: 'sso.mapping_add', schema: mappingSchema }, async ({ principal, input, requestId }) => {
  const grant =
    input.access === 'tenant'
      ? { access: input.access, tenantId: input.tenantId, role: input.role }
      : input.access === 'compliance_officer'
        ? { access: input.access, complianceTenantIds: input.complianceTenantIds }
        : { access: input.access };
  await addSsoMapping(principal, { claim: input.claim, value: input.value, grant, actor: describeActor(principal), requestId });
  revalidatePath(SSO_PATH);
  return { claim: input.claim };
});

export const removeSsoMappingAction = platformAction(
  { name: 'sso.mapping_remove', schema: z.object({ mappingId: z.uuid() }).strict() },
  async ({ principal, input, requestId }) => {
    await removeSsoMapping(principal, { ...input, actor: describeActor(principal), requestId });
    revalidatePath(SSO_PATH);
    return { mappingId: input.mappingId };
  },
);
