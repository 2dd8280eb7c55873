'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import type { OwnSession } from '@/lib/auth/own-sessions';

const formatTime = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';

export function OwnSessionsPanel({ sessions, revoke }: { sessions: OwnSession[]; revoke: (input: unknown) => Promise<ActionResult<{ sessionId: string }>> }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function revokeSession(session: OwnSession) {
    const result = await revoke({ sessionId: session.id });
    setError(result.ok ? null : result.error);
    // This browser's own session is gone: the next request would bounce to sign-in anyway.
    if (result.ok && session.isCurrent) router.push('/login');
  }
  return (
    <Card title={`Open sessions (${sessions.length})`}>
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <ul className="divide-y divide-slate-100" data-testid="own-sessions">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm" data-testid="own-session">
            <div>
              <p>
                Signed in {formatTime(session.createdAt)} {session.isCurrent && <Badge tone="info">this browser</Badge>}
              </p>
              <p className="text-xs text-slate-500">
                Last active {formatTime(session.lastSeenAt)} · expires {formatTime(session.expiresAt)}
              </p>
            </div>
            <ConfirmButton
              label="Revoke"
              confirmLabel="Revoke now"
              question={session.isCurrent ? <>This signs you out here.</> : <>That browser is signed out on its next request.</>}
              onConfirm={() => revokeSession(session)}
            />
          </li>
        ))}
      </ul>
    </Card>
  );
}
