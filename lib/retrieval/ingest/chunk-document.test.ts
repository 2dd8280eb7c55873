import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chunkDocument, DEFAULT_CHUNK_OPTIONS, type ChunkOptions, type DocumentChunk } from './chunk-document';

const WORDS = [
  'refund',
  'policy',
  'customer',
  'invoice',
  'shipping',
  'the',
  'a',
  'within',
  'days',
  'account',
  'support',
  'team',
  'order',
  'is',
  'and',
  'may',
  'request',
];

/** Deterministic prose: `count` sentences of 6–20 words, chosen by a hash of `seed`. */
function writeProse(seed: string, count: number): string {
  const sentences: string[] = [];
  for (let index = 0; index < count; index++) {
    const bytes = createHash('sha256').update(`${seed}:${index}`).digest();
    const words = Array.from(bytes.subarray(0, 6 + (bytes[31] % 15)), (byte) => WORDS[byte % WORDS.length]);
    sentences.push(`${words.join(' ').replace(/^./, (letter) => letter.toUpperCase())}.`);
  }
  return sentences.join(' ');
}

const document = [
  writeProse('preamble', 3),
  '# Handbook',
  '## Billing',
  '### Refunds',
  writeProse('refunds-1', 4),
  writeProse('refunds-2', 60), // one paragraph far over the target: split at sentences
  writeProse('refunds-3', 2),
  '### Invoices',
  writeProse('invoices', 8),
  '```sh\n# not a heading: a shell comment\necho done\n```',
  writeProse('invoices-2', 30).replace(/\./g, ','), // one "sentence" over the target: split at words
  'Shipping\n========',
  writeProse('shipping', 12),
].join('\n\n');

function assertInvariants(text: string, chunks: DocumentChunk[], options: ChunkOptions, hasLongRuns = false) {
  const covered = new Uint8Array(text.length);
  chunks.forEach((chunk, position) => {
    assert.equal(chunk.index, position);
    assert.equal(chunk.text, text.slice(chunk.charStart, chunk.charEnd));
    assert.ok(chunk.text.trim().length > 0 && chunk.text === chunk.text.trim(), `chunk ${position} is empty or padded`);
    assert.ok(chunk.text.length <= options.targetChars, `chunk ${position} has ${chunk.text.length} characters`);
    if (!hasLongRuns) {
      assert.ok(chunk.charStart === 0 || /\s/.test(text[chunk.charStart - 1]), `chunk ${position} starts inside a word`);
      assert.ok(chunk.charEnd === text.length || /\s/.test(text[chunk.charEnd]), `chunk ${position} ends inside a word`);
    }
    covered.fill(1, chunk.charStart, chunk.charEnd);
    const previous = chunks[position - 1];
    if (!previous) return;
    const overlap = previous.charEnd - chunk.charStart;
    if (JSON.stringify(previous.headingPath) !== JSON.stringify(chunk.headingPath)) {
      assert.ok(overlap <= 0, `chunk ${position} overlaps another section`);
      return;
    }
    assert.ok(overlap <= options.overlapChars, `chunk ${position} overlaps by ${overlap}`);
    assert.ok(chunk.charStart > previous.charStart, `chunk ${position} does not move forward`);
    const hasRoomForOverlap = chunk.charEnd - (previous.charEnd - options.overlapChars) <= options.targetChars;
    if (hasRoomForOverlap && options.overlapChars > 0 && !hasLongRuns) assert.ok(overlap > 0, `chunk ${position} has no overlap`);
  });
  for (let index = 0; index < text.length; index++) {
    if (/\S/.test(text[index])) assert.equal(covered[index], 1, `character ${index} (${JSON.stringify(text.slice(index, index + 20))}) is in no chunk`);
  }
}

describe('chunkDocument', () => {
  for (const options of [DEFAULT_CHUNK_OPTIONS, { targetChars: 300, overlapChars: 60 }, { targetChars: 500, overlapChars: 0 }]) {
    test(`invariants hold with target ${options.targetChars} and overlap ${options.overlapChars}`, () => {
      const chunks = chunkDocument(document, options);
      assert.ok(chunks.length >= 8, `only ${chunks.length} chunks`);
      assertInvariants(document, chunks, options);
    });
  }

  test('heading paths follow the heading levels; fenced code has no headings; setext headings count', () => {
    const chunks = chunkDocument(document);
    const pathOf = (needle: string) => chunks.find((chunk) => chunk.text.includes(needle))?.headingPath;
    assert.deepEqual(pathOf(writeProse('preamble', 1)), []);
    assert.deepEqual(pathOf(writeProse('refunds-1', 1)), ['Handbook', 'Billing', 'Refunds']);
    assert.deepEqual(pathOf('# not a heading'), ['Handbook', 'Billing', 'Invoices']);
    assert.deepEqual(pathOf(writeProse('shipping', 1)), ['Shipping']);
    assert.ok(!chunks.some((chunk) => chunk.headingPath.includes('Handbook') && chunk.text === '# Handbook'), 'a heading alone is not a chunk');
    assert.ok(pathOf('# Handbook')?.includes('Refunds'), 'empty parent headings stay with their first subsection');
  });

  test('paragraphs stay whole when they fit', () => {
    const short = [writeProse('p1', 3), writeProse('p2', 3), writeProse('p3', 3)];
    const chunks = chunkDocument(`# T\n\n${short.join('\n\n')}`, { targetChars: short[0].length + short[1].length + 20, overlapChars: 0 });
    for (const paragraph of short)
      assert.ok(
        chunks.some((chunk) => chunk.text.includes(paragraph)),
        'a paragraph was split',
      );
  });

  test('output is stable: the same input gives the same chunks', () => {
    assert.deepEqual(chunkDocument(document), chunkDocument(document));
    assert.deepEqual(chunkDocument(document, { targetChars: 300, overlapChars: 60 }), chunkDocument(document, { targetChars: 300, overlapChars: 60 }));
  });

  test('a run of characters longer than the target is cut, never left over the target', () => {
    const blob = createHash('sha512').update('blob').digest('base64').repeat(40);
    const text = `Before.\n\n${blob}\n\nAfter the blob.`;
    const options = { targetChars: 300, overlapChars: 50 };
    const chunks = chunkDocument(text, options);
    assertInvariants(text, chunks, options, true);
    assert.ok(chunks.length >= Math.ceil(blob.length / 300));
  });

  test('positive control: the invariant check notices a gap and an oversized chunk', () => {
    const chunks = chunkDocument(document, { targetChars: 300, overlapChars: 60 });
    const withoutFirst = chunks.slice(1).map((chunk, index) => ({ ...chunk, index }));
    assert.throws(() => assertInvariants(document, withoutFirst, { targetChars: 300, overlapChars: 60 }), /is in no chunk/);
    assert.throws(() => assertInvariants(document, chunks, { targetChars: 200, overlapChars: 60 }), /has \d+ characters/);
  });

  test('empty text gives no chunks; bad options are refused', () => {
    assert.deepEqual(chunkDocument('  \n\n '), []);
    assert.throws(() => chunkDocument('x', { targetChars: 50 }), RangeError);
    assert.throws(() => chunkDocument('x', { targetChars: 400, overlapChars: 300 }), RangeError);
  });
});
