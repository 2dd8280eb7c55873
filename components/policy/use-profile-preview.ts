'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ActionResult } from '@/lib/actions/action-result';
import type { ProfilePreview } from '@/lib/control/preview-profile-change';
import type { ProfileDraft } from './profile-fields';

const DEBOUNCE_MS = 300;

/** Key of every preview query: saving a profile invalidates them, since "before" has changed. */
export const PROFILE_PREVIEW_KEY = 'profile-preview';

/**
 * Re-evaluates the platform for a draft classification as it is edited (debounced), through a
 * server action: the server computes from the database, the browser only shows the answer.
 */
export function useProfilePreview(scope: string, draft: ProfileDraft, loadPreview: (draft: ProfileDraft) => Promise<ActionResult<ProfilePreview>>) {
  const [settled, setSettled] = useState(draft);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(draft), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  return useQuery({
    queryKey: [PROFILE_PREVIEW_KEY, scope, settled],
    queryFn: async () => {
      const result = await loadPreview(settled);
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    placeholderData: keepPreviousData,
  });
}
