import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rankCandidates } from './rank-candidates';
import { findQueryTerms } from './search-text';
import type { Candidate } from './select-candidates';

const candidate = (id: string, textScore: number, embedding: number[] = []): Candidate => ({
  id,
  documentId: 'd',
  title: 't',
  ordinal: 0,
  headingPath: [],
  content: '',
  isUntrusted: false,
  injectionReasons: [],
  embedding,
  textScore,
});

describe('rankCandidates', () => {
  test('full text only: by ts_rank, ties by id', () => {
    const ranked = rankCandidates([candidate('b', 0.1), candidate('c', 0.5), candidate('a', 0.1)], null);
    assert.deepEqual(
      ranked.map((item) => item.id),
      ['c', 'a', 'b'],
    );
    assert.ok(ranked.every((item) => item.vectorScore === null && item.score === item.textScore));
  });

  test('hybrid: a chunk close to the query vector rises above a better text match', () => {
    const ranked = rankCandidates([candidate('text', 0.9, [0, 1]), candidate('near', 0.5, [1, 0]), candidate('far', 0.4, [0, 1])], [1, 0]);
    assert.equal(ranked[0].id, 'near');
    assert.equal(ranked[0].vectorScore, 1);
  });
});

describe('findQueryTerms', () => {
  test('keeps only words, once each: no tsquery syntax gets through', () => {
    assert.deepEqual(findQueryTerms("Pilot's night & (boarding) | !pilot :*"), ['pilot', 's', 'night', 'boarding']);
  });
});
