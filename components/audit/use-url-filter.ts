'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { AuditEventFilter } from '@/lib/audit/store/chain-store';

const FILTER_KEYS = ['from', 'to', 'actorId', 'action', 'outcome', 'requestId', 'text'] as const;

/** The applied audit filter, read from the address: a filtered view can be reloaded, bookmarked and shared, and export uses the same range. */
export function readUrlFilter(params: URLSearchParams): AuditEventFilter {
  const filter: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter as AuditEventFilter;
}

export function useUrlFilter(): [AuditEventFilter, (next: AuditEventFilter) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const setFilter = (next: AuditEventFilter) => {
    const query = new URLSearchParams(Object.entries(next).filter(([, value]) => value !== undefined && value !== '') as [string, string][]);
    router.replace(query.size ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return [readUrlFilter(new URLSearchParams(params.toString())), setFilter];
}
