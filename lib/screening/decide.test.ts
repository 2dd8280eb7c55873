import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decideScreening } from './decide';
import type { FindingKind, FindingSeverity, ScreeningFinding, TextVariantName } from './types';

function finding(kind: FindingKind, severity: FindingSeverity, variant: TextVariantName = 'plain'): ScreeningFinding {
  return { kind, severity, variant, evidence: `${kind} evidence` };
}

describe('decideScreening', () => {
  const cases: [string, ScreeningFinding[], 'flag' | 'block', string][] = [
    ['nothing found', [], 'flag', 'allow'],
    ['nothing found (block mode)', [], 'block', 'allow'],
    ['foreign canary in flag mode', [finding('foreign_canary', 'high')], 'flag', 'block'],
    ['foreign canary in hex', [finding('foreign_canary', 'high', 'hex')], 'flag', 'block'],
    ['prompt leak in flag mode', [finding('own_canary', 'high')], 'flag', 'redact'],
    ['prompt leak as homoglyphs', [finding('own_canary', 'high', 'homoglyph')], 'flag', 'redact'],
    ['prompt leak in base64 cannot be cut out', [finding('own_canary', 'high', 'base64')], 'flag', 'block'],
    ['prompt leak in block mode', [finding('own_canary', 'high')], 'block', 'block'],
    ['own canary typed into input', [finding('own_canary', 'low')], 'block', 'flag'],
    ['scope change in flag mode', [finding('tenant_scope_change', 'high')], 'flag', 'flag'],
    ['scope change in block mode', [finding('tenant_scope_change', 'high')], 'block', 'block'],
    ['extraction in block mode', [finding('prompt_extraction', 'medium', 'rot13')], 'block', 'block'],
    ['override in flag mode', [finding('instruction_override', 'medium')], 'flag', 'flag'],
    ['the most severe wins', [finding('instruction_override', 'medium'), finding('own_canary', 'high'), finding('foreign_canary', 'high')], 'flag', 'block'],
    ['redact outranks flag', [finding('instruction_override', 'medium'), finding('own_canary', 'high')], 'flag', 'redact'],
  ];
  for (const [name, findings, mode, expected] of cases) {
    test(`${name} → ${expected}`, () => {
      assert.equal(decideScreening(findings, { mode }).action, expected);
    });
  }

  test('reasons list each distinct finding once, with its form', () => {
    const decision = decideScreening(
      [finding('prompt_extraction', 'medium', 'base64'), finding('prompt_extraction', 'medium', 'base64'), finding('foreign_canary', 'high')],
      { mode: 'flag' },
    );
    assert.deepEqual(decision.reasons, ['prompt_extraction (base64): prompt_extraction evidence', 'foreign_canary (plain): foreign_canary evidence']);
  });
});
