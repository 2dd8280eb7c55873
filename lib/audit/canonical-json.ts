import 'server-only';
// Canonical JSON: the one byte form of a value that audit hashes and checkpoint signatures cover.
//
// The subset of RFC 8785 (JCS) implemented here, which is all of it for the values we accept:
// - values: plain objects (prototype Object or null), arrays, strings, finite numbers, booleans, null;
// - object keys sorted by UTF-16 code units (JavaScript's default sort, as JCS specifies), no whitespace;
// - strings escaped exactly as ECMAScript JSON.stringify does (JCS's rule): `"` `\` and U+0000–U+001F
//   escaped (\b \f \n \r \t or \u00xx), everything else literal, including U+2028/U+2029;
// - numbers as ECMAScript Number.prototype.toString (JCS's rule): integers without a fraction or
//   exponent up to 1e21, -0 as 0; NaN and ±Infinity rejected.
// Refused rather than guessed (each throws CanonicalJsonError): strings or keys with lone surrogates
// (I-JSON), undefined inside arrays, bigint, functions, symbols, Dates, Maps, class instances, and nesting
// deeper than MAX_CANONICAL_DEPTH (which is also how a cycle ends). Object properties whose value is
// undefined are omitted, so `{ label: undefined }` and `{}` have one form.

export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

/** Deeper values are refused; audit payloads are records, not trees of this depth. */
export const MAX_CANONICAL_DEPTH = 64;

/**
 * Serialises a JSON value canonically (see the module comment for the exact rules).
 * @throws CanonicalJsonError for a value that has no canonical form
 */
export function canonicalJson(value: unknown): string {
  return isAlreadyCanonical(value, 0) ? JSON.stringify(value) : serializeValue(value, 0);
}

/**
 * True when JSON.stringify(value) is its canonical JSON: every object plain with its keys already in
 * code-unit order, every string and key well formed, every number finite, no undefined anywhere.
 * Stored events read back this way (the appender sorts payload keys), and the native stringify then
 * makes one flat string: the verifier hashes half again as many events per second as with
 * serializeValue's concatenated pieces. Anything else takes the general path, which also words errors.
 */
function isAlreadyCanonical(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed();
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_CANONICAL_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          const item = value[index];
          if (item === undefined || !isAlreadyCanonical(item, depth + 1)) return false;
        }
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index];
        if (index > 0 && !(keys[index - 1] < key)) return false;
        const item = record[key];
        if (!key.isWellFormed() || item === undefined || !isAlreadyCanonical(item, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function serializeValue(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return serializeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} is not a JSON number`);
      // Number#toString is the JCS number form (and turns -0 into "0").
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_CANONICAL_DEPTH) throw new CanonicalJsonError(`nested deeper than ${MAX_CANONICAL_DEPTH} levels`);
      return Array.isArray(value) ? serializeArray(value, depth + 1) : serializeObject(value, depth + 1);
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON form`);
  }
}

// Strings with nothing to escape and no surrogates are most of an audit event; quoting them directly
// is twice as fast as JSON.stringify, which the verifier's throughput depends on.
const needsEscapeOrCheck = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Serialises one string canonically (also used for object keys).
 * @throws CanonicalJsonError when the string has a lone surrogate
 */
export function serializeString(value: string): string {
  if (!needsEscapeOrCheck.test(value)) return '"' + value + '"';
  if (!value.isWellFormed()) throw new CanonicalJsonError('string contains a lone surrogate');
  return JSON.stringify(value);
}

function serializeArray(values: unknown[], depth: number): string {
  let out = '[';
  for (let index = 0; index < values.length; index++) {
    const item = values[index];
    if (item === undefined) throw new CanonicalJsonError('undefined inside an array');
    out += (index === 0 ? '' : ',') + serializeValue(item, depth);
  }
  return out + ']';
}

function serializeObject(value: object, depth: number): string {
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new CanonicalJsonError(`a ${value.constructor?.name ?? 'non-plain'} object has no canonical form`);
  }
  const record = value as Record<string, unknown>;
  const keys = sortKeys(Object.keys(record));
  let out = '{';
  let isFirst = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += (isFirst ? '' : ',') + serializeString(key) + ':' + serializeValue(item, depth);
    isFirst = false;
  }
  return out + '}';
}

/** Code-unit order, as Array#sort; insertion sort is faster for the handful of keys an audit object has. */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index];
    let before = index - 1;
    while (before >= 0 && keys[before] > key) {
      keys[before + 1] = keys[before];
      before--;
    }
    keys[before + 1] = key;
  }
  return keys;
}
