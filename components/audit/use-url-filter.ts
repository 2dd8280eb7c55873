'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { AuditEventFilter } from '@/lib/audit/store/chain-store';

const AUDIT_FILTER_KEYS = ['from', 'to', 'actorId', 'action', 'outcome', 'requestId', 'text'] as const;

/** The named parameters of the address that are set, as a filter object. */
export function readUrlParams<Filter>(params: URLSearchParams, keys: readonly string[]): Filter {
  const filter: Record<string, string> = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter as Filter;
}

/** The applied audit filter, read from the address: a filtered view can be reloaded, bookmarked and shared, and export uses the same range. */
export function readUrlFilter(params: URLSearchParams): AuditEventFilter {
  return readUrlParams(params, AUDIT_FILTER_KEYS);
}

/** A list's filter kept in the address (its `keys`), and a setter that replaces the address. */
export function useUrlParams<Filter extends object>(keys: readonly string[]): [Filter, (next: Filter) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const setFilter = (next: Filter) => {
    const query = new URLSearchParams(Object.entries(next).filter(([, value]) => value !== undefined && value !== '') as [string, string][]);
    router.replace(query.size ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return [readUrlParams<Filter>(new URLSearchParams(params.toString()), keys), setFilter];
}

export function useUrlFilter(): [AuditEventFilter, (next: AuditEventFilter) => void] {
  return useUrlParams<AuditEventFilter>(AUDIT_FILTER_KEYS);
}
