import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CANARY_TOKEN_LENGTH, CANARY_TOKEN_PATTERN, canonicalizeCanaryToken, createCanaryToken, findCanaryTokens, isCanaryToken } from './canary-token';

describe('canary tokens', () => {
  test('a created token has the documented shape and matches its own pattern', () => {
    const token = createCanaryToken();
    assert.equal(token.length, CANARY_TOKEN_LENGTH);
    assert.match(token, /^bhc_[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.ok(isCanaryToken(token));
    assert.ok(CANARY_TOKEN_PATTERN.test(`prefix ${token} suffix`));
  });

  test('tokens do not repeat and use the whole alphabet over many draws', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => createCanaryToken()));
    assert.equal(tokens.size, 2000);
    const seen = new Set([...tokens].flatMap((token) => [...token.slice(4, 29)]));
    assert.equal(seen.size, 32, 'every Crockford character appears in the first 25 positions');
  });

  test('the last character carries the 3 leftover bits, so its alphabet index is a multiple of 4', () => {
    // 128 bits = 25 * 5 + 3: the final symbol is (3 random bits) << 2, i.e. a multiple of 4.
    const lastSymbols = new Set(Array.from({ length: 500 }, () => createCanaryToken().at(-1)));
    for (const symbol of lastSymbols) assert.ok('048CGMRW'.includes(symbol!), `unexpected last symbol ${symbol}`);
  });

  test('isCanaryToken rejects near misses', () => {
    const token = createCanaryToken();
    assert.ok(isCanaryToken(token.toLowerCase()), 'case-insensitive');
    assert.equal(isCanaryToken(token.slice(0, -1)), false, 'too short');
    assert.equal(isCanaryToken(`${token}X`), false, 'too long');
    assert.equal(isCanaryToken(` ${token}`), false, 'surrounded');
    assert.equal(isCanaryToken(`bhc_${'U'.repeat(26)}`), false, 'U is not Crockford');
    assert.equal(isCanaryToken(`bhx_${token.slice(4)}`), false, 'wrong prefix');
  });

  test('findCanaryTokens finds every occurrence and canonicalizes the case', () => {
    const first = createCanaryToken();
    const second = createCanaryToken();
    const text = `a ${first} b ${second.toLowerCase()} c ${first}`;
    assert.deepEqual(findCanaryTokens(text), [first, second, first]);
    assert.equal(canonicalizeCanaryToken(second.toLowerCase()), second);
    assert.deepEqual(findCanaryTokens('no tokens here, bhc_short'), []);
  });
});
