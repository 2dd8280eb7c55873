import type { Metadata } from 'next';
import { OwnSessionsPanel } from '@/components/users/own-sessions-panel';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { findOwnSessions } from '@/lib/auth/own-sessions';
import { revokeOwnSessionAction } from './actions';

export const metadata: Metadata = { title: 'Your sessions' };

/** The signed-in user's open sessions, each revocable; revoking this browser's signs it out. */
export default async function OwnSessionsPage() {
  const principal = await requirePrincipalOrRedirect();
  const sessions = await findOwnSessions(principal);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Your sessions</h1>
        <p className="text-sm text-slate-600">Every browser signed in as {principal.email}. Revoking one signs it out on its next request.</p>
      </header>
      <OwnSessionsPanel sessions={sessions} revoke={revokeOwnSessionAction} />
    </div>
  );
}
