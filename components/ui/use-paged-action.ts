'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import type { ActionResult } from '@/lib/actions/action-result';

/**
 * Pages from a server action that takes a cursor and answers with the next one, fetched as the
 * reader scrolls. Fetched on demand only (no refetch behind the user's back): for a platform admin
 * each read of a tenant's log is an audit event. A refusal's first field message becomes the error.
 */
export function usePagedAction<Page extends { nextCursor: string | null }>(
  queryKey: readonly unknown[],
  fetchPage: (cursor: string | undefined) => Promise<ActionResult<Page>>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: async ({ pageParam }) => {
      const result = await fetchPage(pageParam ?? undefined);
      if (!result.ok) throw new Error(Object.values(result.fieldErrors ?? {})[0]?.[0] ?? result.error);
      return result.data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    staleTime: Infinity,
  });
}
