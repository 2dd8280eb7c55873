'use client';

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { DecisionTrace } from '@/lib/enforcement/decision-trace';

/** One question and what came of it: an answer, or the gateway's refusal (kept on screen, never sent again). */
export interface PlaygroundTurn {
  id: string;
  question: string;
  model: string;
  answer: string | null;
  error: string | null;
  trace: DecisionTrace | null;
}

const storageKey = (tenantSlug: string) => `bulkhead.playground.${tenantSlug}`;
const EMPTY = '[]';

function parseStored(raw: string): PlaygroundTurn[] {
  try {
    const stored = JSON.parse(raw);
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

// Session storage as an external store: this tab's writes notify here, other tabs' through 'storage'.
const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/**
 * The conversation, kept in this tab's session storage per tenant: it survives a reload, and is gone
 * when the tab closes (the texts may be sensitive; nothing of it is written to the server but the
 * gateway's own audit trail). The server renders it empty; the browser then shows what is stored.
 */
export function useStoredConversation(tenantSlug: string) {
  const key = storageKey(tenantSlug);
  const raw = useSyncExternalStore(
    subscribe,
    () => window.sessionStorage.getItem(key) ?? EMPTY,
    () => EMPTY,
  );
  const turns = useMemo(() => parseStored(raw), [raw]);
  const setTurns = useCallback(
    (update: PlaygroundTurn[] | ((current: PlaygroundTurn[]) => PlaygroundTurn[])) => {
      const next = typeof update === 'function' ? update(parseStored(window.sessionStorage.getItem(key) ?? EMPTY)) : update;
      window.sessionStorage.setItem(key, JSON.stringify(next));
      for (const listener of listeners) listener();
    },
    [key],
  );
  return [turns, setTurns] as const;
}

/** What the model is sent: the answered turns only, so an earlier refusal does not refuse every later message. */
export function toChatMessages(turns: PlaygroundTurn[], question: string) {
  return [
    ...turns
      .filter((turn) => turn.answer !== null)
      .flatMap((turn) => [
        { role: 'user' as const, content: turn.question },
        { role: 'assistant' as const, content: turn.answer! },
      ]),
    { role: 'user' as const, content: question },
  ];
}
