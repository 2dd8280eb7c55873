'use client';

import { useQuery } from '@tanstack/react-query';

/** Usage buckets are flushed every second; a chart a person watches does not need to move faster than this. */
export const USAGE_POLL_MS = 30_000;

/**
 * Overview data that keeps itself current: the server's first render as initial data, then `url`
 * fetched every 30 s while the tab is visible (react-query pauses interval fetches in a hidden tab and
 * fetches once when it shows again). A failed poll keeps the last figures and says so.
 */
export function useLiveUsage<Data>(url: string, initial: Data) {
  const query = useQuery({
    queryKey: ['usage', url],
    queryFn: async (): Promise<Data> => {
      const response = await fetch(url, { cache: 'no-store' });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ?? 'Could not refresh the figures.');
      return body;
    },
    initialData: initial,
    refetchInterval: USAGE_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: USAGE_POLL_MS,
  });
  return { data: query.data ?? initial, updatedAt: query.dataUpdatedAt, error: query.error };
}
