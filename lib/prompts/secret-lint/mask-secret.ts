/** Most characters of a secret an excerpt may show; a quarter of the secret when that is fewer. */
export const MASK_REVEALED_CHARS = 4;

/**
 * Masks a secret for display: its first characters (at most 4, at most a quarter of its length,
 * so a short password shows one character) and its length, e.g. `sk-p…(164 chars)`. The first
 * characters of most keys are their public prefix, which tells the author which key it is.
 */
export function maskSecret(secret: string): string {
  const characters = Array.from(secret);
  const revealed = Math.min(MASK_REVEALED_CHARS, Math.floor(characters.length / 4));
  return `${characters.slice(0, revealed).join('')}…(${characters.length} chars)`;
}
