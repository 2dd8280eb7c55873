import 'server-only';
/** One line of a line diff. Line numbers are 1-based in the text they come from. */
export type DiffLine =
  | { kind: 'same'; text: string; beforeLine: number; afterLine: number }
  | { kind: 'removed'; text: string; beforeLine: number }
  | { kind: 'added'; text: string; afterLine: number };

// The LCS table is lines × lines; past this many lines in the changed middle, show a full replace.
const MAX_DIFF_LINES = 2_000;

/**
 * A line diff of two prompt texts (longest common subsequence after trimming the common start and
 * end). Pure; bounded work whatever the input, so a huge paste cannot stall the page.
 */
export function diffPromptVersions(before: string, after: string): DiffLine[] {
  const left = before.split('\n');
  const right = after.split('\n');
  let start = 0;
  while (start < left.length && start < right.length && left[start] === right[start]) start++;
  let endLeft = left.length;
  let endRight = right.length;
  while (endLeft > start && endRight > start && left[endLeft - 1] === right[endRight - 1]) {
    endLeft--;
    endRight--;
  }

  const result: DiffLine[] = [];
  for (let index = 0; index < start; index++) result.push({ kind: 'same', text: left[index], beforeLine: index + 1, afterLine: index + 1 });
  result.push(...diffMiddle(left.slice(start, endLeft), right.slice(start, endRight), start));
  for (let offset = 0; offset < left.length - endLeft; offset++) {
    result.push({ kind: 'same', text: left[endLeft + offset], beforeLine: endLeft + offset + 1, afterLine: endRight + offset + 1 });
  }
  return result;
}

/** True when the two texts differ in at least one line. */
export function hasDifferences(lines: readonly DiffLine[]): boolean {
  return lines.some((line) => line.kind !== 'same');
}

function diffMiddle(left: string[], right: string[], offset: number): DiffLine[] {
  const removed = (index: number): DiffLine => ({ kind: 'removed', text: left[index], beforeLine: offset + index + 1 });
  const added = (index: number): DiffLine => ({ kind: 'added', text: right[index], afterLine: offset + index + 1 });
  if (left.length > MAX_DIFF_LINES || right.length > MAX_DIFF_LINES) {
    return [...left.map((_, index) => removed(index)), ...right.map((_, index) => added(index))];
  }
  // lengths[i][j]: LCS length of left[i..] and right[j..], one flat row-major array.
  const width = right.length + 1;
  const lengths = new Uint16Array((left.length + 1) * width);
  for (let i = left.length - 1; i >= 0; i--) {
    for (let j = right.length - 1; j >= 0; j--) {
      lengths[i * width + j] = left[i] === right[j] ? lengths[(i + 1) * width + j + 1] + 1 : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (left[i] === right[j]) {
      lines.push({ kind: 'same', text: left[i], beforeLine: offset + i + 1, afterLine: offset + j + 1 });
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
      lines.push(removed(i++));
    } else {
      lines.push(added(j++));
    }
  }
  while (i < left.length) lines.push(removed(i++));
  while (j < right.length) lines.push(added(j++));
  return lines;
}
