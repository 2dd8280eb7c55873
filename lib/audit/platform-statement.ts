import 'server-only';
import { verify } from 'node:crypto';
import { importPublicKey } from './checkpoint-key';

const kindPattern = /^[a-z][a-z0-9_.]{0,99}$/;

/**
 * The bytes a platform statement's signature covers: a context line naming the statement kind, then
 * the statement. The context keeps a signature over one kind (a deletion receipt) from verifying as
 * another, or as an audit checkpoint (whose context line differs), although one key signs them all.
 */
export function buildPlatformStatementBytes(kind: string, bytes: Buffer): Buffer {
  if (!kindPattern.test(kind)) throw new TypeError(`Not a statement kind: ${JSON.stringify(kind)}`);
  return Buffer.concat([Buffer.from(`bulkhead-platform-statement.v1\n${kind}\n`, 'utf8'), bytes]);
}

/**
 * Checks an Ed25519 platform statement signature (base64) against a base64 SPKI public key. Needs no
 * database or secret, so verifiers outside the platform can run it. False for a wrong signature,
 * another kind, other bytes or a malformed key; never throws on hostile input.
 */
export function verifyPlatformStatement(kind: string, bytes: Buffer, signature: string, publicKeyText: string): boolean {
  try {
    return verify(null, buildPlatformStatementBytes(kind, bytes), importPublicKey(publicKeyText), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
