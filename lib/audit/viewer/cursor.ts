import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { UserFacingError } from '@/lib/errors';
import { canonicalJson } from '../canonical-json';
import { env } from '@/lib/env';

/** Refused cursors all read the same: a cursor of another tenant, of another filter, or forged. */
export class InvalidCursorError extends UserFacingError {
  constructor() {
    super('This cursor belongs to another tenant or query.', 400);
    this.name = 'InvalidCursorError';
  }
}

const MAC_LENGTH = 22; // base64url characters: 128 bits

let cursorKey: Buffer | undefined;

/** Derived from AUTH_SECRET (which every console process has), under its own label. */
function getCursorKey(): Buffer {
  if (!cursorKey) {
    const secret = env.authSecret;
    if (!secret) throw new Error('AUTH_SECRET is not set: audit cursors cannot be signed.');
    cursorKey = Buffer.from(hkdfSync('sha256', secret, 'bulkhead', 'audit cursor v1', 32));
  }
  return cursorKey;
}

function computeMac(tenantId: string, filter: object, seq: number): string {
  const message = `bulkhead-audit-cursor.v1\n${tenantId}\n${canonicalJson(filter)}\n${seq}`;
  return createHmac('sha256', getCursorKey()).update(message).digest('base64url').slice(0, MAC_LENGTH);
}

/**
 * An opaque keyset cursor: the last seq of a page, MACed together with the tenant and the exact filter,
 * so it continues only the query that produced it and nothing of another tenant.
 */
export function encodeAuditCursor(tenantId: string, filter: object, seq: number): string {
  return Buffer.from(`${seq}.${computeMac(tenantId, filter, seq)}`).toString('base64url');
}

/**
 * @returns the seq the next page starts below
 * @throws InvalidCursorError (400) for a cursor of another tenant or filter, or a malformed or forged one
 */
export function decodeAuditCursor(tenantId: string, filter: object, cursor: string): number {
  const match = /^([1-9][0-9]{0,15})\.([\w-]{22})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match) throw new InvalidCursorError();
  const seq = Number(match[1]);
  const expected = Buffer.from(computeMac(tenantId, filter, seq));
  const given = Buffer.from(match[2]);
  if (!Number.isSafeInteger(seq) || !timingSafeEqual(expected, given)) throw new InvalidCursorError();
  return seq;
}
