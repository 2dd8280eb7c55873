import 'server-only';
import { createHash } from 'node:crypto';

/**
 * Fake credentials for the tests, generated rather than written out: deterministic (so a failure
 * reproduces), realistic in shape, and never a literal key in the repository for scanners to trip on.
 */
export function createSecretGenerator(seed: string) {
  let counter = 0;
  const nextBytes = (length: number) => {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < length) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      chunks.push(block);
      total += block.length;
    }
    return Buffer.concat(chunks).subarray(0, length);
  };
  const pick = (alphabet: string, length: number) => Array.from(nextBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const alnum = `${upper}abcdefghijklmnopqrstuvwxyz0123456789`;
  // Generated keys have digits and letters; force one of each so a rare all-letter draw cannot make a test flaky.
  const mixed = (alphabet: string, length: number) => `${pick(alphabet, length - 2)}7${alphabet.match(/[A-Za-z]/)![0]}`;
  return {
    bytes: nextBytes,
    pick,
    alnum: (length: number) => mixed(alnum, length),
    urlSafe: (length: number) => mixed(`${alnum}_-`, length),
    base64: (length: number) => mixed(`${alnum}+/`, length),
    hex: (length: number) => mixed('0123456789abcdef', length),
    upperDigits: (length: number) => mixed(`${upper}234567`, length),
    base64url: (value: string) => Buffer.from(value).toString('base64url'),
  };
}
