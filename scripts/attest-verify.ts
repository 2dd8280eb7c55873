/**
 * `npm run attest:verify -- <attestation.json> [--public-key <base64 SPKI | path>]`
 *
 * Verifies a signed isolation attestation offline (no database, no network): the Ed25519 signature
 * over exactly its statement, and the conformance run it embeds (status and control mapping follow
 * from its checks). Exit 0: prints what it attests. Exit 1: names every problem. Exit 2: bad
 * arguments or an unreadable file. --public-key pins the platform's signing key (shown on the
 * console's Isolation evidence page); without it the document vouches for its own key and only the
 * key's fingerprint is printed for comparison.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getPublicKeyFingerprint, importPublicKey } from '@/lib/audit/checkpoint-key';
import type { SignedAttestation, TenantAttestationStatement } from '@/lib/conformance/attestation/attestation-types';
import { verifyAttestation } from '@/lib/conformance/attestation/verify-attestation';

const usage = 'usage: attest-verify <attestation.json> [--public-key <base64|path>]';

function main(): number {
  let file: string;
  let trustedPublicKey: string | undefined;
  let document: unknown;
  try {
    const { values, positionals } = parseArgs({ options: { 'public-key': { type: 'string' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new Error('name one attestation file');
    file = positionals[0];
    const pinned = values['public-key'];
    trustedPublicKey = pinned && existsSync(pinned) ? readFileSync(pinned, 'utf8').trim() : pinned;
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`${clean((error as Error).message)}\n${usage}`);
    return 2;
  }
  const verdict = verifyAttestation(document, { trustedPublicKey });
  if (!verdict.ok) {
    for (const problem of verdict.problems) console.log(`FAILED: ${clean(problem)}`);
    return 1;
  }
  const signed = document as SignedAttestation;
  const fingerprint = getPublicKeyFingerprint(importPublicKey(signed.publicKey));
  if (signed.statement.kind === 'conformance.attestation') {
    const statement = signed.statement as TenantAttestationStatement;
    const checks = statement.run?.checks ?? [];
    const passed = checks.filter((check) => check.result === 'pass').length;
    console.log(clean(`verified the attestation of tenant ${statement.tenant.slug} (${statement.tenant.id}) issued ${statement.issuedAt}`));
    console.log(
      statement.run ? clean(`run ${statement.run.id}: ${statement.run.status}, ${passed} of ${checks.length} checks passed`) : 'no conformance run embedded',
    );
  } else {
    console.log(clean(`verified the platform attestation issued ${signed.statement.issuedAt}`));
  }
  console.log(
    `signed by key ${fingerprint}${trustedPublicKey ? ' (the pinned key)' : ' (not pinned: compare this fingerprint with the one the console shows)'}`,
  );
  return 0;
}

/** File contents reach a terminal: no control characters. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

process.exit(main());
