import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findArgumentsProblem, findMultipartArgumentsProblem, MAX_ACTION_ARGUMENTS, MAX_ARGUMENT_DEPTH } from './server-action-reply';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe('server-action bodies Next.js could not decode are found before it tries', () => {
  test('what the React client sends passes: a slug and an object, escapes, dates, undefined, a FormData view', () => {
    assert.equal(findArgumentsProblem('["acme",{"name":"Support","limit":10,"tags":["a","b"]}]'), null);
    assert.equal(findArgumentsProblem('["acme",{"note":"$$5 off","when":"$D2026-12-07T10:00:00.000Z","missing":"$undefined","big":"$n12"}]'), null);
    assert.equal(findMultipartArgumentsProblem(form({ '0': '[null,"$K1"]', '1_email': 'a@example.com', '1_password': 'x' })), null);
    assert.equal(findMultipartArgumentsProblem(form({ '0': '["acme","$1"]', '1': '{"name":"x"}' })), null);
  });

  const refused: [string, string, RegExp][] = [
    ['an empty body', '', /not valid JSON/],
    ['broken JSON', '{"a":', /not valid JSON/],
    ['null', 'null', /must be a list/],
    ['an object', '{}', /must be a list/],
    ['a reference to a part a text body cannot hold', '["acme","$1"]', /refers to a part/],
    ['a reference that is not a number', '["${x}"]', /refers to a part/],
    ['a server reference', '["$h1"]', /refers to a part/],
    ['a malformed big integer', '["$nabc"]', /invalid number/],
    ['too many arguments', JSON.stringify(Array.from({ length: MAX_ACTION_ARGUMENTS + 1 }, () => 0)), /at most/],
    ['deep nesting', '['.repeat(MAX_ARGUMENT_DEPTH + 2) + ']'.repeat(MAX_ARGUMENT_DEPTH + 2), /nested more than/],
  ];
  for (const [name, body, reason] of refused) {
    test(`refuses ${name}`, () => assert.match(findArgumentsProblem(body) ?? 'passed', reason));
  }

  test('nesting up to the limit passes (the limit is not off by one the other way)', () => {
    assert.equal(findArgumentsProblem('['.repeat(MAX_ARGUMENT_DEPTH) + ']'.repeat(MAX_ARGUMENT_DEPTH)), null);
  });

  test('multipart: the arguments field must be there, and every reference must name a present part', () => {
    assert.match(findMultipartArgumentsProblem(form({ '1': '{}' })) ?? 'passed', /missing/);
    assert.match(findMultipartArgumentsProblem(form({ '0': '["$2"]', '1': '{}' })) ?? 'passed', /refers to a part/);
    assert.match(findMultipartArgumentsProblem(form({ '0': '["$1"]', '1': '{"a":"$3"}' })) ?? 'passed', /refers to a part/);
    assert.match(findMultipartArgumentsProblem(form({ '0': '["$1"]', '1': '{' })) ?? 'passed', /not valid JSON/);
  });
});
