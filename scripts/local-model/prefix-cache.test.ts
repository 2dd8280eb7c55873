import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PrefixCache } from './prefix-cache';
import { tokenizePrompt, tokenizeText, truncateToTokens } from './tokenizer';

const words = (count: number, seed = 'w') => Array.from({ length: count }, (_, index) => `${seed}${index}`);

describe('tokenizer', () => {
  test('words are one token, punctuation one each, whitespace none', () => {
    assert.deepEqual(tokenizeText("Hi, it's   bhc_AB12!"), ['Hi', ',', 'it', "'", 's', 'bhc_AB12', '!']);
    assert.deepEqual(tokenizePrompt([{ role: 'user', content: 'a b' }]), ['<|user|>', 'a', 'b']);
  });

  test('truncateToTokens keeps the first N tokens and says whether it cut', () => {
    assert.deepEqual(truncateToTokens('one two, three', 2), { text: 'one two', isTruncated: true });
    assert.deepEqual(truncateToTokens('one two', 5), { text: 'one two', isTruncated: false });
  });
});

describe('PrefixCache', () => {
  test('same salt and prefix hit in whole blocks; the last token is never cached', () => {
    const cache = new PrefixCache(4);
    const prompt = words(10);
    assert.equal(cache.lookupAndStore('m', 'tenant-a', prompt), 0, 'cold');
    assert.equal(cache.lookupAndStore('m', 'tenant-a', prompt), 8, 'two whole blocks of 4; tokens 9-10 are computed');
    assert.equal(cache.lookupAndStore('m', 'tenant-a', [...prompt.slice(0, 6), 'different', ...prompt.slice(7)]), 4, 'diverges in block 2');
  });

  test('a different salt, model or missing salt never shares blocks', () => {
    const cache = new PrefixCache(4);
    const prompt = words(12);
    cache.lookupAndStore('m', 'tenant-a', prompt);
    assert.equal(cache.lookupAndStore('m', 'tenant-b', prompt), 0);
    assert.equal(cache.lookupAndStore('m', undefined, prompt), 0);
    assert.equal(cache.lookupAndStore('other-model', 'tenant-a', prompt), 0);
    assert.equal(cache.lookupAndStore('m', 'tenant-a', prompt), 8, 'positive control: the salted entry is still there');
  });

  test('a block matches only with the same prefix before it (chained hashes)', () => {
    const cache = new PrefixCache(4);
    cache.lookupAndStore('m', 's', [...words(4, 'x'), ...words(8, 'y')]);
    assert.equal(cache.lookupAndStore('m', 's', [...words(4, 'z'), ...words(8, 'y')]), 0);
  });

  test('evicts the least recently used blocks beyond its capacity', () => {
    const cache = new PrefixCache(2, 4);
    cache.lookupAndStore('m', 's', words(5, 'a')); // 2 blocks
    cache.lookupAndStore('m', 's', words(5, 'b')); // 2 more: full
    cache.lookupAndStore('m', 's', words(5, 'a')); // touch a
    cache.lookupAndStore('m', 's', words(5, 'c')); // evicts b
    assert.equal(cache.lookupAndStore('m', 's', words(5, 'a')), 4);
    assert.equal(cache.lookupAndStore('m', 's', words(5, 'b')), 0);
  });
});
