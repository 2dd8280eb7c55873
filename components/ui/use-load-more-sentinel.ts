'use client';

import { useCallback, useEffect, useRef } from 'react';

/**
 * Infinite scroll for a react-query infinite list: returns `loadMore` (for a button too) and a ref for
 * an element below the list that loads the next page when it comes within 400 px of the screen.
 */
export function useLoadMoreSentinel(query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> }) {
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [fetchNextPage, hasNextPage, isFetchingNextPage]);
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && loadMore(), { rootMargin: '400px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [loadMore]);
  return { loadMore, sentinel };
}
