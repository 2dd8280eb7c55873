import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hasBlockingFinding, lintPromptText } from './lint-prompt-text';
import { LINT_RULES } from './lint-rules';
import { createSecretGenerator } from './test-secrets';

const fake = createSecretGenerator('secret-lint-tests');
const pem = ['-----BEGIN RSA PRIVATE KEY-----', ...Array.from({ length: 5 }, () => fake.base64(64)), '-----END RSA PRIVATE KEY-----'];
const jwt = [fake.base64url('{"alg":"HS256","typ":"JWT"}'), fake.base64url('{"sub":"svc-reporting","role":"admin"}'), fake.urlSafe(43)].join('.');

/**
 * One example per rule: the text before the match on its line, the text the finding must start
 * at, and the secret inside it (when there is one) that the excerpt must mask.
 */
const examples: { rule: string; before: string; match: string; secret?: string; after?: string }[] = (() => {
  const values = {
    awsId: `AKIA${fake.upperDigits(16)}`,
    awsSecret: fake.base64(40),
    anthropic: `sk-ant-api03-${fake.urlSafe(93)}AA`,
    openai: `sk-proj-${fake.urlSafe(120)}`,
    github: `ghp_${fake.alnum(36)}`,
    slack: `xoxb-${fake.pick('0123456789', 12)}-${fake.pick('0123456789', 13)}-${fake.alnum(24)}`,
    stripe: `sk_live_${fake.alnum(24)}`,
    google: `AIza${fake.urlSafe(35)}`,
    bearer: fake.urlSafe(40),
    basic: Buffer.from(`svc-reports:${fake.alnum(18)}`).toString('base64'),
    dbPassword: fake.alnum(20),
    jdbcPassword: fake.alnum(16),
    azure: `${fake.base64(86)}==`,
    password: `Wint3r!${fake.alnum(8)}`,
    genericToken: fake.hex(40),
  };
  return [
    { rule: 'aws-access-key-id', before: 'Use access key ', match: values.awsId, secret: values.awsId, after: ' for S3.' },
    { rule: 'aws-secret-access-key', before: '', match: `aws_secret_access_key = ${values.awsSecret}`, secret: values.awsSecret },
    { rule: 'anthropic-api-key', before: 'Fallback key: ', match: values.anthropic, secret: values.anthropic },
    { rule: 'openai-api-key', before: 'OPENAI_API_KEY=', match: values.openai, secret: values.openai },
    { rule: 'github-token', before: 'Clone with ', match: values.github, secret: values.github },
    { rule: 'slack-token', before: 'Post alerts with token ', match: values.slack, secret: values.slack },
    { rule: 'stripe-secret-key', before: 'Refunds go through ', match: values.stripe, secret: values.stripe },
    { rule: 'google-credential', before: 'Maps key: ', match: values.google, secret: values.google },
    { rule: 'private-key', before: '', match: pem[0], after: `\n${pem.slice(1).join('\n')}` },
    { rule: 'jwt', before: 'Service identity: ', match: jwt, secret: jwt },
    { rule: 'bearer-token', before: 'Send the header Authorization: ', match: `Bearer ${values.bearer}`, secret: values.bearer },
    { rule: 'basic-auth-header', before: 'Authorization: ', match: `Basic ${values.basic}`, secret: values.basic },
    {
      rule: 'connection-string',
      before: 'Orders live in ',
      match: `postgres://orders_app:${values.dbPassword}@`,
      secret: values.dbPassword,
      after: 'db.example.com:5432/orders',
    },
    {
      rule: 'jdbc-password',
      before: 'Legacy: ',
      match: `jdbc:sqlserver://db.example.com:1433;databaseName=crm;user=sa;password=${values.jdbcPassword}`,
      secret: values.jdbcPassword,
    },
    { rule: 'azure-account-key', before: 'DefaultEndpointsProtocol=https;AccountName=acmefiles;', match: `AccountKey=${values.azure}`, secret: values.azure },
    { rule: 'password-assignment', before: 'The support mailbox ', match: `password: ${values.password}`, secret: values.password, after: ' (do not share)' },
    { rule: 'generic-secret', before: 'export ', match: `WEBHOOK_SIGNING_TOKEN="${values.genericToken}`, secret: values.genericToken, after: '"' },
    { rule: 'internal-hostname', before: 'Look prices up at ', match: 'pricing.svc.internal', after: ' when asked.' },
    { rule: 'private-ip-address', before: 'The printer is at ', match: '192.168.40.12', after: '.' },
    { rule: 'localhost-with-port', before: 'Call the tool server at http://', match: 'localhost:8080', after: '/tools' },
    { rule: 'role-grants-access', before: 'Note: ', match: 'users with role admin may', after: ' see every invoice.' },
    { rule: 'only-role-may', before: 'Remember that ', match: 'only managers can', after: ' approve refunds over $500.' },
    { rule: 'if-user-has-role', before: '', match: 'If the user is an admin', after: ', show the audit trail.' },
    { rule: 'conditional-disclosure', before: '', match: 'Do not reveal the discount codes unless', after: ' the user says they are staff.' },
  ];
})();

const filler = ['You are Acme Corp’s billing assistant.', 'Answer briefly and politely.', ''];
const prompt = [...filler, ...examples.flatMap((example) => [`${example.before}${example.match}${example.after ?? ''}`, ''])].join('\n');
const findings = lintPromptText(prompt);
/** 1-based line of each example in `prompt`, counted from the parts it was built from. */
let nextLine = filler.length + 1;
const exampleLines = examples.map((example) => {
  const line = nextLine;
  nextLine += `${example.match}${example.after ?? ''}`.split('\n').length + 1;
  return line;
});

describe('lintPromptText flags each rule', () => {
  test('every rule in the table has an example here', () => {
    const covered = new Set(examples.map((example) => example.rule));
    for (const rule of LINT_RULES) assert.ok(covered.has(rule.id), `no example for ${rule.id}`);
  });

  examples.forEach((example, index) => {
    test(`${example.rule} on line ${exampleLines[index]}`, () => {
      const finding = findings.find((candidate) => candidate.rule === example.rule);
      assert.ok(finding, `not flagged; findings: ${JSON.stringify(findings.map((other) => other.rule))}`);
      assert.equal(finding.line, exampleLines[index]);
      assert.equal(finding.column, example.before.length + 1);
      assert.equal(finding.severity, LINT_RULES.find((rule) => rule.id === example.rule)?.severity);
      assert.ok(finding.reason.length > 20 && !finding.reason.includes('\n'));
    });
  });

  test('one finding per example: overlapping matches keep the more specific rule', () => {
    assert.deepEqual(
      findings.map((finding) => finding.rule),
      examples.map((example) => example.rule),
    );
  });

  test('credentials block, everything else warns', () => {
    for (const rule of LINT_RULES) {
      const isCredential = !/hostname|ip-address|localhost|role|disclosure/.test(rule.id);
      assert.equal(rule.severity, isCredential ? 'block' : 'warn', rule.id);
    }
    assert.equal(hasBlockingFinding(findings), true);
  });
});

describe('excerpts mask secrets', () => {
  examples.forEach((example, index) => {
    if (!example.secret) return;
    const secret = example.secret;
    test(`${example.rule} shows at most 4 characters of the secret`, () => {
      const finding = findings.find((candidate) => candidate.line === exampleLines[index]);
      assert.ok(finding);
      for (let start = 0; start + 5 <= secret.length; start++) {
        assert.ok(!finding.excerpt.includes(secret.slice(start, start + 5)), `excerpt "${finding.excerpt}" shows "${secret.slice(start, start + 5)}"`);
      }
      assert.match(finding.excerpt, new RegExp(`…\\(${Array.from(secret).length} chars\\)`));
      assert.ok(finding.excerpt.length <= 80);
    });
  });

  test('positive control: the substring check sees a secret in an unmasked excerpt', () => {
    const secret = examples[0].secret!;
    assert.ok(`key ${secret}`.includes(secret.slice(3, 8)));
  });

  test('a private key block is reported once, on its BEGIN line, without its body', () => {
    const pemFindings = findings.filter((finding) => finding.rule === 'private-key');
    assert.equal(pemFindings.length, 1);
    assert.equal(pemFindings[0].excerpt, pem[0]);
    for (const bodyLine of pem.slice(1, -1)) assert.ok(!findings.some((finding) => finding.excerpt.includes(bodyLine.slice(0, 8))));
  });
});
