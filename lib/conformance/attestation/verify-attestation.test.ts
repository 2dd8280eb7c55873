import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { getPublicKeyFingerprint } from '@/lib/audit/checkpoint-key';
import { buildPlatformStatementBytes } from '@/lib/audit/platform-statement';
import { CONFORMANCE_CHECK_IDS } from '../check-ids';
import type { CheckRecord } from '../types';
import { ATTESTATION_KIND, type SignedAttestation, type TenantAttestationStatement } from './attestation-types';
import { mapControls } from './map-controls';
import { serializeAttestation } from './sign-attestation';
import { verifyAttestation } from './verify-attestation';

// Signed here with a throwaway Ed25519 key exactly as signPlatformStatement signs (same statement
// bytes), so the verifier is tested offline, as attest:verify runs.
const keys = generateKeyPairSync('ed25519');
const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

function signed(statement: TenantAttestationStatement): SignedAttestation {
  const signature = sign(null, buildPlatformStatementBytes(statement.kind, serializeAttestation(statement)), keys.privateKey).toString('base64');
  return { algorithm: 'Ed25519', statement, signature, signingKeyId: getPublicKeyFingerprint(keys.publicKey), publicKey };
}

function buildStatement(): TenantAttestationStatement {
  const checks: CheckRecord[] = CONFORMANCE_CHECK_IDS.map((checkId) => ({
    checkId, layer: 'database', attacked: 'a', expected: 'e', observed: 'o', result: 'pass', controlResult: 'pass', controlObserved: 'c', durationMs: 3,
  }));
  return {
    kind: ATTESTATION_KIND,
    version: 1,
    issuedAt: '2026-12-07T12:00:00.000Z',
    tenant: { id: '7f1c7e0e-35a4-4f53-9d35-6c4a7a3a3b11', slug: 'acme', name: 'Acme' },
    layers: [],
    keys: { tenantKeyId: 'k', keyOwner: 'tenant', rotation: null, dataKeyCache: { maxAgeMs: 60000, maxUses: 50000, maxEntries: 10000 }, error: null },
    cacheSalt: { configured: true, clientSaltsDropped: true },
    run: { id: 'r', status: 'passed', trigger: 'console', startedAt: '2026-12-07T11:00:00.000Z', finishedAt: '2026-12-07T11:00:05.000Z', checks },
    auditChain: { verified: true, checkedAt: null, eventCount: 10, verifiedThroughSeq: 10, lastSignedCheckpoint: null },
    controls: mapControls(checks),
  };
}

test('a signed attestation verifies with its embedded run, and against the trusted key', () => {
  const document = signed(buildStatement());
  assert.deepEqual(verifyAttestation(document), { ok: true, problems: [] });
  assert.equal(verifyAttestation(JSON.parse(JSON.stringify(document)), { trustedPublicKey: publicKey }).ok, true);
  const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  assert.equal(verifyAttestation(document, { trustedPublicKey: other }).ok, false);
});

test('any edited byte of the document fails verification', () => {
  const text = JSON.stringify(signed(buildStatement()));
  let checked = 0;
  // Every letter or digit anywhere (statement, signature, key id, public key): changed, the JSON still parses.
  for (let index = 0; index < text.length; index++) {
    const replacement = text[index] === 'a' ? 'b' : text[index] === '0' ? '1' : /[a-z0-9]/i.test(text[index]) ? (text[index] === 'x' ? 'y' : 'x') : null;
    if (!replacement) continue;
    const edited = text.slice(0, index) + replacement + text.slice(index + 1);
    let parsed: unknown;
    try {
      parsed = JSON.parse(edited);
    } catch {
      continue;
    }
    assert.equal(verifyAttestation(parsed).ok, false, `edit at byte ${index} still verified`);
    checked++;
  }
  assert.ok(checked > 500, `only ${checked} edits tried`);
  // The spare bits of base64's last character: an edit there changes no decoded byte, and is still refused.
  const document = signed(buildStatement());
  const last = document.signature.replace(/=+$/, '').length - 1;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const sibling = alphabet[alphabet.indexOf(document.signature[last]) ^ 1];
  const alias = { ...document, signature: document.signature.slice(0, last) + sibling + document.signature.slice(last + 1) };
  assert.deepEqual(Buffer.from(alias.signature, 'base64'), Buffer.from(document.signature, 'base64'), 'the same signature bytes');
  assert.deepEqual(verifyAttestation(alias).problems, ['the signature is not canonical base64']);
});

test('a run whose status or mapping does not follow from its checks is refused even when validly signed', () => {
  const statement = buildStatement();
  statement.run!.checks[0] = { ...statement.run!.checks[0], result: 'fail' };
  const verdict = verifyAttestation(signed(statement));
  assert.equal(verdict.ok, false);
  assert.ok(verdict.problems.some((problem) => problem.includes('the run says passed')));
  assert.ok(verdict.problems.some((problem) => problem.includes('control mapping')));
  assert.equal(verifyAttestation({ algorithm: 'Ed25519' }).ok, false);
  assert.equal(verifyAttestation('not json').ok, false);
});
