import 'server-only';
import { sign } from 'node:crypto';
import { exportPublicKey } from './checkpoint-key';
import { getCheckpointSigner } from './checkpoint-signer';
import { buildPlatformStatementBytes } from './platform-statement';

/** An Ed25519 signature by the platform's signing key, with what a verifier needs to check it. */
export interface PlatformSignature {
  /** base64 Ed25519 signature over buildPlatformStatementBytes(kind, bytes). */
  signature: string;
  /** The signing key's fingerprint (SHA-256 of its SPKI DER, hex), as audit exports name it. */
  signingKeyId: string;
  /** base64 SPKI DER, the format of audit export headers. */
  publicKey: string;
}

/**
 * Signs a statement (e.g. a KMS deletion receipt) with the platform's checkpoint signing key, unsealed
 * by getCheckpointSigner; verify with verifyPlatformStatement (platform-statement.ts).
 * @throws CheckpointSignerError without a KEK; CheckpointKeyError when the stored key cannot be opened
 */
export async function signPlatformStatement(kind: string, bytes: Buffer): Promise<PlatformSignature> {
  const signer = await getCheckpointSigner();
  const signature = sign(null, buildPlatformStatementBytes(kind, bytes), signer.privateKey).toString('base64');
  return { signature, signingKeyId: signer.keyId, publicKey: exportPublicKey(signer.publicKey) };
}
