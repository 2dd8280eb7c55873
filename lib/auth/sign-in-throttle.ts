import 'server-only';
import { createHash } from 'node:crypto';
import { getIdentityClient } from '@/lib/tenancy/identity';

/** What is counted: one account (by email, known or not) and one client address. */
export interface ThrottleKey {
  kind: 'account' | 'address';
  value: string;
}

/** Failures allowed per window before each further one adds a growing wait. */
const FREE_FAILURES: Record<ThrottleKey['kind'], number> = { account: 5, address: 30 };
/** Counting starts afresh this long after a window's first failure. */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
/** The longest wait one failure adds. */
const MAX_WAIT_SECONDS = 15 * 60;

/** The stored key: a digest, so the table holds no email addresses or client addresses. */
function toStoredKey(key: ThrottleKey): string {
  return `${key.kind}:${createHash('sha256').update(key.value.trim().toLowerCase()).digest('base64url')}`;
}

/** Seconds until every given key may try again, or 0 when none is waiting. */
export async function getSignInWaitSeconds(keys: readonly ThrottleKey[]): Promise<number> {
  const rows = await getIdentityClient().$queryRaw<{ wait: number | null }[]>`
    SELECT ceil(extract(epoch FROM max(blocked_until) - clock_timestamp()))::int AS wait
      FROM sign_in_throttles
     WHERE key = ANY(${keys.map(toStoredKey)}::text[]) AND blocked_until > clock_timestamp()`;
  return Math.max(0, rows[0]?.wait ?? 0);
}

/** One key's count after a failure. */
export interface FailureCount {
  /** Failures in the current window, this one included. */
  failures: number;
  /** When this failure opened a new window: how many the previous window counted (0 when none). */
  previousWindowFailures: number;
}

/**
 * Counts a failed sign-in for the key in PostgreSQL, so every process shares the count: the window
 * restarts once it has passed; past the free failures each one makes the key wait 5, 10, 20 ...
 * seconds, at most a quarter of an hour. The row is created first and then updated under its row
 * lock, so concurrent failures (a burst of parallel guesses) each count.
 */
export async function recordSignInFailure(key: ThrottleKey): Promise<FailureCount> {
  const storedKey = toStoredKey(key);
  const free = FREE_FAILURES[key.kind];
  const client = getIdentityClient();
  await client.$executeRaw`
    INSERT INTO sign_in_throttles (key, failures, window_started_at) VALUES (${storedKey}, 0, clock_timestamp()) ON CONFLICT (key) DO NOTHING`;
  const [row] = await client.$queryRaw<{ failures: number; previous_failures: number }[]>`
    WITH window_rule AS (SELECT clock_timestamp() - make_interval(secs => ${THROTTLE_WINDOW_SECONDS}) AS expired_before)
    UPDATE sign_in_throttles AS t
       SET failures = CASE WHEN t.window_started_at <= w.expired_before THEN 1 ELSE t.failures + 1 END,
           previous_failures = CASE WHEN t.window_started_at <= w.expired_before THEN t.failures ELSE 0 END,
           window_started_at = CASE WHEN t.window_started_at <= w.expired_before THEN clock_timestamp() ELSE t.window_started_at END,
           blocked_until = CASE WHEN (CASE WHEN t.window_started_at <= w.expired_before THEN 1 ELSE t.failures + 1 END) > ${free}
                                THEN clock_timestamp() + make_interval(secs => least(5 * power(2, t.failures - ${free}), ${MAX_WAIT_SECONDS}))
                           END
      FROM window_rule w
     WHERE t.key = ${storedKey}
    RETURNING t.failures, t.previous_failures`;
  return { failures: row.failures, previousWindowFailures: row.failures === 1 ? row.previous_failures : 0 };
}

/** A successful sign-in clears the account's count (the address keeps its own); returns the failures it had. */
export async function clearAccountFailures(email: string): Promise<number> {
  const rows = await getIdentityClient().$queryRaw<{ failures: number; expired: boolean }[]>`
    DELETE FROM sign_in_throttles WHERE key = ${toStoredKey({ kind: 'account', value: email })}
    RETURNING failures, window_started_at <= clock_timestamp() - make_interval(secs => ${THROTTLE_WINDOW_SECONDS}) AS expired`;
  const [row] = rows;
  return row && !row.expired ? row.failures : 0;
}
