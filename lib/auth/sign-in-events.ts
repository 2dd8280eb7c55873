import { logEvent } from '@/lib/log/logger';

// Until the audit log lands these go to the server log; lib/audit replaces the bodies.
export async function recordSignIn(event: { email: string; userId: string | null; outcome: 'success' | 'denied' }) {
  logEvent('info', 'auth.sign_in', { userId: event.userId, outcome: event.outcome });
}

export async function recordSignOut(_sessionToken: string) {
  logEvent('info', 'auth.sign_out');
}
