import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newTenantSchema, riskAcceptanceSchema, tierChangeSchema } from './tenant-schemas';

const DAY_MS = 24 * 60 * 60 * 1000;
const validTenant = {
  name: 'Acme Legal',
  slug: 'acme-legal',
  kind: 'external_client',
  dataClasses: ['privileged'],
  regimes: [],
  adversarial: false,
  hasOwnDpa: false,
  notes: '',
};

function messagesFor(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }, field: string): string[] {
  return (result.error?.issues ?? []).filter((issue) => issue.path.join('.') === field).map((issue) => issue.message);
}

describe('newTenantSchema', () => {
  test('accepts a valid tenant and drops duplicate data classes', () => {
    const parsed = newTenantSchema.parse({ ...validTenant, dataClasses: ['pii', 'pii', 'phi'] });
    assert.deepEqual(parsed.dataClasses, ['pii', 'phi']);
  });

  for (const [slug, expected] of [
    ['ab', /at least 3/],
    ['x'.repeat(49), /48 characters/],
    ['Acme', /lowercase letters/],
    ['-acme', /lowercase letters/],
    ['acme--legal', /single hyphens/],
    ['new', /reserved/],
  ] as const) {
    test(`refuses slug ${JSON.stringify(slug.slice(0, 12))} with a clear message`, () => {
      const result = newTenantSchema.safeParse({ ...validTenant, slug });
      assert.equal(result.success, false);
      assert.match(messagesFor(result, 'slug').join(' '), expected);
    });
  }

  test('requires a name and caps notes at 2000 characters', () => {
    const result = newTenantSchema.safeParse({ ...validTenant, name: '   ', notes: 'n'.repeat(2001) });
    assert.deepEqual(messagesFor(result, 'name'), ['Enter a name.']);
    assert.match(messagesFor(result, 'notes')[0], /2,000 characters/);
    assert.equal(newTenantSchema.safeParse({ ...validTenant, notes: 'n'.repeat(2000) }).success, true);
  });

  test('accepts only data classes and regimes from the policy vocabulary', () => {
    const result = newTenantSchema.safeParse({ ...validTenant, dataClasses: ['secret-sauce'], regimes: ['gdpr'] });
    assert.equal(result.success, false);
    assert.deepEqual(messagesFor(result, 'dataClasses.0'), ['Choose data classes from the list.']);
    assert.deepEqual(messagesFor(result, 'regimes.0'), ['Choose regimes from the list.']);
  });

  test('an internal department never stores a data processing agreement', () => {
    assert.equal(newTenantSchema.parse({ ...validTenant, kind: 'internal_department', hasOwnDpa: true }).hasOwnDpa, false);
    assert.equal(newTenantSchema.parse({ ...validTenant, kind: 'external_client', hasOwnDpa: true }).hasOwnDpa, true);
  });
});

describe('riskAcceptanceSchema', () => {
  const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

  test('accepts a justification of 20+ characters and an expiry within a year', () => {
    const parsed = riskAcceptanceSchema.parse({ justification: 'Migration to dedicated logs in Q3.', expiresAt: inDays(30) });
    assert.ok(parsed.expiresAt instanceof Date);
  });

  test('refuses a short justification', () => {
    const result = riskAcceptanceSchema.safeParse({ justification: 'because', expiresAt: inDays(30) });
    assert.match(messagesFor(result, 'justification')[0], /at least 20 characters/);
  });

  test('refuses an expiry in the past, and one more than a year away', () => {
    assert.match(messagesFor(riskAcceptanceSchema.safeParse({ justification: 'x'.repeat(20), expiresAt: inDays(-1) }), 'expiresAt')[0], /in the future/);
    assert.match(messagesFor(riskAcceptanceSchema.safeParse({ justification: 'x'.repeat(20), expiresAt: inDays(366) }), 'expiresAt')[0], /at most one year/);
  });

  test('reads a date-only expiry as the start of that day in UTC', () => {
    const date = new Date(Date.now() + 10 * DAY_MS).toISOString().slice(0, 10);
    assert.equal(riskAcceptanceSchema.parse({ justification: 'x'.repeat(20), expiresAt: date }).expiresAt.toISOString(), `${date}T00:00:00.000Z`);
  });
});

describe('tierChangeSchema', () => {
  test('needs a known tier on every layer and the version the editor loaded', () => {
    const result = tierChangeSchema.safeParse({ tiers: { prompt: 'dedicated', retrieval: 'vault' }, expectedUpdatedAt: 'yesterday' });
    assert.equal(result.success, false);
    assert.deepEqual(messagesFor(result, 'tiers.retrieval'), ['Choose a tier.']);
    assert.deepEqual(messagesFor(result, 'tiers.logs'), ['Choose a tier.']);
    assert.equal(messagesFor(result, 'expectedUpdatedAt').length, 1);
  });
});
