/**
 * Checks the body of a server-action call before Next.js decodes it. Next.js answers 500 to a body
 * React cannot decode (broken JSON, a root that is not an argument list, a reference to a part the
 * body does not hold), so such bodies are refused here with a reason instead. A browser's React
 * client sends the arguments either as one JSON text or as multipart form data whose field `0` is
 * that JSON and whose other fields hold the parts it references (`$1`, `$Q2`, `$K3`...).
 *
 * No I/O and no Next.js imports: the proxy and the unit tests call it directly.
 */

/** Next.js refuses more arguments than this (with a 500). */
export const MAX_ACTION_ARGUMENTS = 1000;
const MAX_BIGINT_DIGITS = 300;
// React revives arguments recursively: far deeper nesting overflows the stack (a 500). Forms nest a few levels.
export const MAX_ARGUMENT_DEPTH = 64;

// Values that stand on their own: an escaped `$`, undefined, NaN, ±Infinity, -0, a date (an invalid
// one is an Invalid Date, not an error), a temporary reference (Next.js passes the set), a FormData
// view (empty when no field carries its prefix), and a hole.
const SELF_CONTAINED = /^\$[$uNI\-DTKH]/;
const BIGINT = /^\$n-?\d+$/;
// The other `$x` forms name another part of the body by its hexadecimal id, after a kind letter
// (promise, map, set, iterator, blob, stream, typed array) or none. A server reference (`$h`) is not
// among them: no action of the console takes one, and an unknown id fails inside Next.js.
const REFERENCE = /^\$(?:[@QWiABRrXxOoUSsLlGgMmV])?([0-9a-fA-F]+)(?::.*)?$/;

/** The reason a JSON text of arguments cannot be decoded, or null. `partIds` are the other parts a multipart body holds. */
export function findArgumentsProblem(json: string, partIds: ReadonlySet<string> = new Set()): string | null {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    return 'The action arguments are not valid JSON.';
  }
  if (!Array.isArray(root)) return 'The action arguments must be a list.';
  if (root.length > MAX_ACTION_ARGUMENTS) return `An action takes at most ${MAX_ACTION_ARGUMENTS} arguments.`;
  return findValueProblem(root, partIds);
}

function findValueProblem(value: unknown, partIds: ReadonlySet<string>): string | null {
  // Iterative, so deeply nested JSON cannot overflow the stack here.
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!;
    if (typeof next === 'string') {
      const problem = findStringProblem(next, partIds);
      if (problem) return problem;
    } else if (next && typeof next === 'object') {
      if (depth >= MAX_ARGUMENT_DEPTH) return `The action arguments are nested more than ${MAX_ARGUMENT_DEPTH} levels deep.`;
      for (const item of Array.isArray(next) ? next : Object.values(next)) pending.push([item, depth + 1]);
    }
  }
  return null;
}

function findStringProblem(value: string, partIds: ReadonlySet<string>): string | null {
  if (!value.startsWith('$')) return null;
  if (value.startsWith('$n')) {
    return BIGINT.test(value) && value.replace(/^\$n-?/, '').length <= MAX_BIGINT_DIGITS ? null : 'An action argument holds an invalid number.';
  }
  if (SELF_CONTAINED.test(value)) return null;
  const reference = REFERENCE.exec(value);
  if (reference && partIds.has(String(Number.parseInt(reference[1], 16)))) return null;
  return 'An action argument refers to a part the request does not contain.';
}

/**
 * The reason a multipart action body cannot be decoded, or null: field `0` holds the arguments, and
 * every reference in any JSON part names a field that is present.
 */
export function findMultipartArgumentsProblem(form: FormData): string | null {
  const root = form.get('0');
  if (typeof root !== 'string') return 'The action arguments are missing.';
  const partIds = new Set<string>();
  for (const key of form.keys()) if (/^\d+$/.test(key)) partIds.add(String(Number(key)));
  for (const [key, value] of form) {
    if (!/^\d+$/.test(key) || typeof value !== 'string') continue;
    const problem = key === '0' ? findArgumentsProblem(value, partIds) : findPartProblem(value, partIds);
    if (problem) return problem;
  }
  return null;
}

/** A referenced part may be any JSON value (a map's entries, an iterator's items), not only a list. */
function findPartProblem(json: string, partIds: ReadonlySet<string>): string | null {
  try {
    return findValueProblem(JSON.parse(json), partIds);
  } catch {
    return 'A part of the action arguments is not valid JSON.';
  }
}
