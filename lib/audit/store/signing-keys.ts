import 'server-only';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';

/** A checkpoint signing key as stored: the public key in the clear, the private key sealed. */
export interface SigningKeyRecord {
  /** The public key's SHA-256 fingerprint (hex). */
  id: string;
  generation: number;
  /** base64 SPKI DER. */
  publicKey: string;
  sealedPrivateKey: string;
  kekSource: string;
}

const reason = 'audit checkpoint signing key';
const select = { id: true, generation: true, publicKey: true, sealedPrivateKey: true, kekSource: true } as const;

/** The key that signs new checkpoints: the newest unretired generation, or null before the first. */
export async function getActiveSigningKeyRecord(): Promise<SigningKeyRecord | null> {
  return withPlatformSystemAccess(reason, (tx) => tx.auditSigningKey.findFirst({ where: { retiredAt: null }, orderBy: { generation: 'desc' }, select }));
}

/**
 * Stores a new key generation unless another process stored that generation first (the unique
 * generation decides the race; the loser reads the winner's key).
 */
export async function insertSigningKeyRecord(record: SigningKeyRecord): Promise<void> {
  await withPlatformSystemAccess(
    reason,
    (tx) =>
      tx.$executeRaw`INSERT INTO audit_signing_keys (id, generation, public_key, sealed_private_key, kek_source)
      VALUES (${record.id}, ${record.generation}, ${record.publicKey}, ${record.sealedPrivateKey}, ${record.kekSource})
      ON CONFLICT (generation) DO NOTHING`,
  );
}
