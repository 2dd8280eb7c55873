'use client';

import { useQuery } from '@tanstack/react-query';

/**
 * JSON from a progress route of the console, polled every `intervalMs` until `isRunning` says the
 * work it describes has stopped. A refusal's `error` message becomes the query's error.
 */
export function usePolledJson<Data>(options: {
  queryKey: readonly unknown[];
  url: string;
  isRunning: (data: Data) => boolean;
  intervalMs: number;
  what: string;
}) {
  return useQuery({
    queryKey: options.queryKey,
    queryFn: async (): Promise<Data> => {
      const response = await fetch(options.url, { cache: 'no-store' });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ?? `Could not read the ${options.what}.`);
      return body;
    },
    refetchInterval: (query) => (!query.state.data || options.isRunning(query.state.data) ? options.intervalMs : false),
  });
}
