import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson, CanonicalJsonError, serializeString } from './canonical-json';

describe('canonicalJson', () => {
  test('matches the RFC 8785 sample (sorted keys, JCS numbers and string escapes)', () => {
    // RFC 8785 section 3.2.2 input, and its canonical output from section 3.2.3.
    const input =
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
      '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}';
    const expected = '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    assert.equal(canonicalJson(JSON.parse(input)), expected);
  });

  test('sorts keys recursively by UTF-16 code units, with no whitespace', () => {
    const value = { b: 1, a: { d: [3, { f: 1, e: 2 }], c: null }, '\u{1F600}': 'emoji', '\uFFFF': 'last in code points' };
    // U+1F600 is the surrogate pair D83D DE00, which sorts before FFFF by code unit (not by code point).
    assert.equal(canonicalJson(value), '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1,"\u{1F600}":"emoji","\uFFFF":"last in code points"}');
  });

  test('sorts many keys the same way as Array#sort', () => {
    const keys = Array.from({ length: 40 }, (_, index) => `k${(index * 7919) % 101}`);
    const value = Object.fromEntries(keys.map((key) => [key, 1]));
    assert.deepEqual(Object.keys(JSON.parse(canonicalJson(value))), [...keys].sort());
  });

  test('writes numbers as ECMAScript does and refuses NaN and Infinity', () => {
    assert.equal(canonicalJson([1.0, -0, 1e21, 0.1 + 0.2, 1e-7, -5, 2 ** 53]), '[1,0,1e+21,0.30000000000000004,1e-7,-5,9007199254740992]');
    for (const bad of [NaN, Infinity, -Infinity]) assert.throws(() => canonicalJson({ n: bad }), CanonicalJsonError);
  });

  test('escapes control characters, quotes and backslashes, and nothing else', () => {
    assert.equal(canonicalJson('a\u0000\u001b[31m\n\r\t"\\\u2028é'), '"a\\u0000\\u001b[31m\\n\\r\\t\\"\\\\\u2028é"');
  });

  test('the fast path for plain strings equals JSON.stringify', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['a', 'Z', ' ', '"', '\\', '\n', '\u0001', '\u007f', 'é', '€', '\u{1F600}', '\u2028', '{', '}', ':', ','];
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      assert.equal(serializeString(text), JSON.stringify(text));
    }
  });

  test('refuses lone surrogates in values and keys', () => {
    assert.throws(() => canonicalJson('x\ud800y'), /lone surrogate/);
    assert.throws(() => canonicalJson({ ['\udc00']: 1 }), /lone surrogate/);
    assert.equal(canonicalJson('\ud83d\ude00'), '"\u{1F600}"');
  });

  test('omits undefined properties but refuses undefined in arrays', () => {
    assert.equal(canonicalJson({ a: 1, label: undefined }), canonicalJson({ a: 1 }));
    assert.throws(() => canonicalJson([1, undefined]), CanonicalJsonError);
  });

  test('refuses values with no JSON form instead of guessing', () => {
    class Point {
      x = 1;
    }
    const refused: unknown[] = [new Date(0), new Map(), new Point(), 1n, () => 1, Symbol('s'), undefined, { nested: new Uint8Array(1) }];
    for (const value of refused) assert.throws(() => canonicalJson(value), CanonicalJsonError);
    assert.equal(canonicalJson(Object.assign(Object.create(null), { b: 2, a: 1 })), '{"a":1,"b":2}');
  });

  test('ends a cycle, or nesting that is too deep, with an error', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(() => canonicalJson(cycle), /nested deeper/);
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100; level++) deep = [deep];
    assert.throws(() => canonicalJson(deep), /nested deeper/);
  });

  test('agrees with a plain reference implementation on random values, sorted or not', () => {
    // The reference: sort keys, recurse, let JSON.stringify write the scalars. canonicalJson takes its
    // JSON.stringify fast path for already-sorted values and its general path for the rest.
    const reference = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      if (value !== null && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        return `{${Object.keys(record)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`)
          .join(',')}}`;
      }
      return JSON.stringify(value);
    };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const keys = ['a', 'b', 'B', 'é', '\u{1F600}', '\uFFFF', '10', '9', '', 'z"q', 'new\nline'];
    const scalars = [0, -0, 1, -7, 0.1, 1e21, 1e-7, 2 ** 53, 'text', '', '"\\\u0001\u001b\u2028', '\u{1F600}', true, false, null];
    const generate = (depth: number): unknown => {
      const kind = depth > 3 ? 0 : Math.floor(random() * 4);
      if (kind === 0) return pick(scalars);
      if (kind === 1) return Array.from({ length: Math.floor(random() * 4) }, () => generate(depth + 1));
      const entries = Array.from({ length: Math.floor(random() * 5) }, () => [pick(keys), generate(depth + 1)] as const);
      if (kind === 2) entries.sort(([a], [b]) => (a < b ? -1 : 1));
      return Object.fromEntries(entries);
    };
    let sortedCount = 0;
    for (let round = 0; round < 3000; round++) {
      const value = generate(0);
      if (JSON.stringify(value) === reference(value)) sortedCount++;
      assert.equal(canonicalJson(value), reference(value), JSON.stringify(value));
    }
    assert.ok(sortedCount > 300 && sortedCount < 2700, `both paths were exercised (${sortedCount} of 3000 already canonical)`);
  });

  test('is stable under key order and re-parsing', () => {
    const a = { x: [1, { q: 'é', p: null }], y: true };
    const b = { y: true, x: [1, { p: null, q: 'é' }] };
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.equal(canonicalJson(JSON.parse(canonicalJson(a))), canonicalJson(a));
  });
});
