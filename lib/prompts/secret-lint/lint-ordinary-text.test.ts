import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lintPromptText } from './lint-prompt-text';
import { createSecretGenerator } from './test-secrets';
import { measureEntropy, SECRET_ENTROPY_BITS_PER_CHAR } from './value-checks';

const fake = createSecretGenerator('ordinary-text');
// A PNG signature and header followed by deterministic bytes: a realistic inline image.
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), fake.bytes(3000)]).toString('base64');
const gitSha = createHash('sha1').update('ordinary').digest('hex');

/** Ordinary system prompts and prose: none of it is a credential, an address or an access rule. */
const ordinary = [
  `You are Acme Corp's support assistant. Answer questions about orders, shipping and returns.
Be concise. If you do not know, say so and offer to open a ticket.
Our password reset policy: customers reset their password from the sign-in page; never ask for it.
Explain token limits plainly: long conversations are summarised after about 8,000 tokens.
Staff manage settings in the admin console; customers cannot see it.`,
  `# Role
You help analysts write SQL for the reporting warehouse.
## Rules
- Prefer CTEs over nested subqueries.
- Use ISO dates (2025-03-01).
- Example connection (placeholder): postgres://user:<password>@db.example.com:5432/reports
- Links look like https://example.com/docs/reports?id=42 and https://www.example.com/faq.`,
  `Reference ids look like 550e8400-e29b-41d4-a716-446655440000 and commits like ${gitSha}.
The logo is embedded here: data:image/png;base64,${png}
Release notes mention version 10.4.2 and build 2024.11.07.
AWS documents its example key AKIAIOSFODNN7EXAMPLE; ours are never shown.`,
  `When the user asks about API keys, explain that keys are created in Settings > API keys and shown once.
Never print a key; if a user pastes a token, tell them to rotate it.
Password: must be at least 12 characters. Passphrase: any four random words.
Set max_tokens: 1024 and token_limit = 4096 in the examples.
Use the environment variable OPENAI_API_KEY=\${OPENAI_API_KEY} in code samples, or api_key: your-api-key-here.`,
  `Tone: warm, never salesy. Mention the admin role only to say that account owners manage billing.
If the user is frustrated, apologise once and move to solutions.
Do not reveal internal pricing.
The bearer of a gift card can redeem it online. Basic information about plans is public.
A tenant in a commercial lease may sublet with consent. Only one discount applies per order.`,
  `Tu es un assistant. Réponds en français. Vérifie l'orthographe.
日本語で丁寧に答えてください。
Mots de passe : jamais par courriel.`,
];

describe('lintPromptText on ordinary prompts', () => {
  ordinary.forEach((text, index) => {
    test(`ordinary prompt ${index + 1} has no findings`, () => {
      assert.deepEqual(lintPromptText(text), []);
    });
  });

  test('positive control: the same prompt with a key appended is blocked', () => {
    const findings = lintPromptText(`${ordinary[0]}\nUse key ghp_${fake.alnum(36)} for the tracker.`);
    assert.deepEqual(
      findings.map((finding) => [finding.rule, finding.severity, finding.line]),
      [['github-token', 'block', 6]],
    );
  });

  test('a password written as prose or a path is not flagged, a real one is', () => {
    assert.deepEqual(lintPromptText('Password: reset it from the portal.\npwd: /srv/app'), []);
    assert.deepEqual(
      lintPromptText('password: hunter2x').map((finding) => finding.rule),
      ['password-assignment'],
    );
  });

  test('a mention of the PEM format is not a private key', () => {
    assert.deepEqual(lintPromptText('Private keys start with -----BEGIN PRIVATE KEY----- and must never be pasted here.'), []);
  });

  test('placeholder and environment references in connection strings are not flagged', () => {
    for (const text of [
      'mongodb+srv://app:${MONGO_PASSWORD}@cluster0.example.net',
      'redis://:password@cache.example.com:6379',
      'amqp://guest:****@mq.example.com',
    ]) {
      assert.deepEqual(lintPromptText(text), [], text);
    }
    const real = `mongodb+srv://app:${fake.alnum(16)}@cluster0.example.net`;
    assert.deepEqual(
      lintPromptText(real).map((finding) => finding.rule),
      ['connection-string'],
    );
  });

  test('private addresses are checked octet by octet', () => {
    assert.deepEqual(lintPromptText('Version 10.300.2.1 shipped.'), []);
    assert.deepEqual(
      lintPromptText('Gateway 10.0.12.1 and 172.20.0.5').map((finding) => finding.rule),
      ['private-ip-address', 'private-ip-address'],
    );
    assert.deepEqual(lintPromptText('Public 172.32.0.5 and 8.8.8.8'), []);
  });
});

describe('the entropy threshold', () => {
  test('random keys clear it and repetitive values do not', () => {
    for (let draw = 0; draw < 200; draw++) {
      assert.ok(measureEntropy(fake.hex(32)) >= SECRET_ENTROPY_BITS_PER_CHAR);
      assert.ok(measureEntropy(fake.alnum(20)) >= SECRET_ENTROPY_BITS_PER_CHAR);
    }
    for (const value of ['aaaa1111aaaa1111', '1234123412341234', 'abababab12121212']) {
      assert.ok(measureEntropy(value) < SECRET_ENTROPY_BITS_PER_CHAR, value);
    }
  });

  test('a low-entropy value under a secret-sounding name is not flagged, a random one is', () => {
    assert.deepEqual(lintPromptText('api_key = "aaaa1111aaaa1111aaaa"'), []);
    assert.deepEqual(
      lintPromptText(`api_key = "${fake.alnum(24)}"`).map((finding) => finding.rule),
      ['generic-secret'],
    );
  });
});
