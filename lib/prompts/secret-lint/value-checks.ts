/**
 * Minimum Shannon entropy, in bits per character, of a value assigned to a secret-sounding name
 * for it to count as a secret. Measured on this machine over 2,000 random draws each: hex keys of
 * 32 characters are at least 3.05 (1st percentile 3.29), base64 or alphanumeric keys of 20
 * characters at least 3.4. Repetitive values (`aaaa1111…`, `1234123412341234`) fall below 3.0.
 * Entropy alone cannot tell `gpt-4o-mini-2024-07-18` (3.57) from a key, so the generic rule also
 * needs a secret-sounding name, letters and digits, and no placeholder word.
 */
export const SECRET_ENTROPY_BITS_PER_CHAR = 3.0;

// Words of five letters or more, so that a random key contains one by chance only rarely.
const PLACEHOLDER_WORDS =
  /example|sample|placeholder|dummy|redacted|replace|changeme|insert|your[_-]|<[^>]*>|\$\{|\{\{|%[A-Z_]+%|^\$[A-Z_]|process\.env|os\.environ|env\(|\*\*\*|\.\.\.|^(?:password|passwd|secret|none|null|nil|empty|true|false|required|optional|undefined|hidden|masked|n\/a|tbd|todo)$/i;
const FILLER = /xxxxx|XXXXX|^(.)\1*$/;

/** Shannon entropy of `value` in bits per character (0 for an empty string). */
export function measureEntropy(value: string): number {
  const characters = Array.from(value);
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const share = count / characters.length;
    entropy -= share * Math.log2(share);
  }
  return entropy;
}

/**
 * True for values that stand for a secret rather than being one: `<password>`, `${DB_PASSWORD}`,
 * `your-key-here`, `****`, AWS's documented `…EXAMPLE` keys. A given five-letter word, in any case,
 * appears at a given place of random base64 once in 33 million draws, so real keys are not excused.
 */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_WORDS.test(value) || FILLER.test(value);
}

/** True when `value` has at least one ASCII letter and one digit, as generated keys almost always do. */
export function hasLettersAndDigits(value: string): boolean {
  return /[A-Za-z]/.test(value) && /\d/.test(value);
}

/** The generic "secret-sounding name = value" test: letters and digits, random-looking. */
export function isRandomSecret(value: string): boolean {
  return hasLettersAndDigits(value) && measureEntropy(value) >= SECRET_ENTROPY_BITS_PER_CHAR;
}

/**
 * True when the value after `password:` is really a password and not prose or a path:
 * "Password: reset it in the portal" and "pwd: /srv/app" are not flagged; "password: hunter2" is.
 */
export function isPasswordValue(match: RegExpExecArray, valueGroup: number): boolean {
  const value = match[valueGroup];
  if (/^[/~.]/.test(value)) return false;
  const after = match.input.slice(match.index + match[0].length, match.index + match[0].length + 2);
  const isProse = /^[A-Za-z]+$/.test(value) && /^ [A-Za-z]/.test(after);
  return !isProse;
}

/** True when a `Basic` authorization value decodes to `user:password`. */
export function isBasicCredential(value: string): boolean {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return /^[\x21-\x7e]+:[\x20-\x7e]+$/.test(decoded);
}
