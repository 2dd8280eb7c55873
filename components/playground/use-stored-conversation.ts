'use client';

import { useEffect, useState } from 'react';
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

function readStored(tenantSlug: string): PlaygroundTurn[] {
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(storageKey(tenantSlug)) ?? '[]');
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

/**
 * The conversation, kept in this tab's session storage per tenant: it survives a reload, and is gone
 * when the tab closes (the texts may be sensitive; nothing of it is written to the server but the
 * gateway's own audit trail).
 */
export function useStoredConversation(tenantSlug: string) {
  const [turns, setTurns] = useState<PlaygroundTurn[]>([]);
  const [isLoaded, setIsLoaded] = useState(false);
  useEffect(() => {
    setTurns(readStored(tenantSlug));
    setIsLoaded(true);
  }, [tenantSlug]);
  useEffect(() => {
    if (isLoaded) window.sessionStorage.setItem(storageKey(tenantSlug), JSON.stringify(turns));
  }, [tenantSlug, turns, isLoaded]);
  return [turns, setTurns] as const;
}

/** What the model is sent: the answered turns only, so an earlier refusal does not refuse every later message. */
export function toChatMessages(turns: PlaygroundTurn[], question: string) {
  return [
    ...turns.filter((turn) => turn.answer !== null).flatMap((turn) => [
      { role: 'user' as const, content: turn.question },
      { role: 'assistant' as const, content: turn.answer! },
    ]),
    { role: 'user' as const, content: question },
  ];
}
