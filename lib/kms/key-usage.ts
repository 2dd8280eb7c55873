import 'server-only';
/**
 * When each tenant's data was last encrypted or decrypted by this process. Kept in memory from the
 * envelope calls themselves: most of them hit the data-key cache and never reach KMS, so the KMS
 * access log (or CloudTrail) would show the last cache miss, not the last use. Per process and
 * lost on restart; with several servers each reports its own.
 */
export interface KeyUse {
  at: Date;
  operation: 'encrypt' | 'decrypt';
  purpose: string;
}

const shared = globalThis as typeof globalThis & { bulkheadKeyUses?: Map<string, KeyUse> };
const lastUses = (shared.bulkheadKeyUses ??= new Map<string, KeyUse>());

/** Called by encryptForTenant and decryptForTenant after they succeed. */
export function recordKeyUse(tenantId: string, operation: KeyUse['operation'], purpose: string) {
  lastUses.set(tenantId, { at: new Date(), operation, purpose });
}

/** The tenant's last successful encryption or decryption in this process, or null. */
export function getLastKeyUse(tenantId: string): KeyUse | null {
  return lastUses.get(tenantId.toLowerCase()) ?? null;
}
