import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffPromptVersions, hasDifferences, type DiffLine } from './diff-prompt-versions';

const render = (lines: DiffLine[]) => lines.map((line) => `${line.kind === 'same' ? ' ' : line.kind === 'added' ? '+' : '-'}${line.text}`);

describe('diffPromptVersions', () => {
  test('identical texts: every line the same, no differences', () => {
    const lines = diffPromptVersions('a\nb\nc', 'a\nb\nc');
    assert.deepEqual(render(lines), [' a', ' b', ' c']);
    assert.equal(hasDifferences(lines), false);
  });

  test('a changed middle line is a removal and an addition, with line numbers of each side', () => {
    const lines = diffPromptVersions('intro\nold rule\noutro', 'intro\nnew rule\nextra\noutro');
    assert.deepEqual(render(lines), [' intro', '-old rule', '+new rule', '+extra', ' outro']);
    assert.deepEqual(lines.at(-1), { kind: 'same', text: 'outro', beforeLine: 3, afterLine: 4 });
    assert.deepEqual(lines[1], { kind: 'removed', text: 'old rule', beforeLine: 2 });
    assert.equal(hasDifferences(lines), true);
  });

  test('keeps the longest common subsequence when lines move', () => {
    assert.deepEqual(render(diffPromptVersions('a\nb\nc\nd', 'b\nc\na\nd')), ['-a', ' b', ' c', '+a', ' d']);
  });

  test('replaying the diff rebuilds both texts', () => {
    const before = Array.from({ length: 60 }, (_, index) => `line ${index % 7}`).join('\n');
    const after = Array.from({ length: 55 }, (_, index) => `line ${(index * 3) % 11}`).join('\n');
    const lines = diffPromptVersions(before, after);
    assert.equal(
      lines
        .filter((line) => line.kind !== 'added')
        .map((line) => line.text)
        .join('\n'),
      before,
    );
    assert.equal(
      lines
        .filter((line) => line.kind !== 'removed')
        .map((line) => line.text)
        .join('\n'),
      after,
    );
  });

  test('a huge change falls back to a full replace instead of a quadratic table', () => {
    const before = Array.from({ length: 2_500 }, (_, index) => `b${index}`).join('\n');
    const after = Array.from({ length: 2_500 }, (_, index) => `a${index}`).join('\n');
    const lines = diffPromptVersions(before, after);
    assert.equal(lines.filter((line) => line.kind === 'removed').length, 2_500);
    assert.equal(lines.filter((line) => line.kind === 'added').length, 2_500);
  });
});
