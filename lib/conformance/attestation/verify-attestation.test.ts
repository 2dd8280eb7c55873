import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { buildStatement, publicKey, signed } from './test-fixtures';
import { verifyAttestation } from './verify-attestation';

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
