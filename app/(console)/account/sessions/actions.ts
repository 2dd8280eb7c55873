'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { signedInAction } from '@/lib/actions/tenant-action';
import { revokeOwnSession } from '@/lib/auth/own-sessions';

export const revokeOwnSessionAction = signedInAction(
  { name: 'auth.session_revoke', schema: z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/, 'Not a session.') }).strict() },
  async ({ principal, input, requestId }) => {
    await revokeOwnSession(principal, { sessionId: input.sessionId, requestId });
    revalidatePath('/account/sessions');
    return { sessionId: input.sessionId };
  },
);
