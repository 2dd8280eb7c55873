'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { platformAction } from '@/lib/actions/tenant-action';
import { createTenant } from '@/lib/control/create-tenant';
import { previewProfileChange } from '@/lib/control/preview-profile-change';

// createTenant and previewProfileChange validate the input themselves (the same zod schemas the form
// uses), after their own platform-admin check; the wrapper adds the session and error handling.
const validatedInside = z.unknown();

export const createTenantAction = platformAction({ name: 'tenant.create', schema: validatedInside }, async ({ principal, input, requestId }) => {
  const created = await createTenant(principal, input, { requestId });
  revalidatePath('/', 'layout');
  return { slug: created.slug };
});

export const previewNewTenantAction = platformAction({ name: 'tenant.preview_new', schema: validatedInside }, ({ principal, input }) =>
  previewProfileChange(principal, null, input),
);
