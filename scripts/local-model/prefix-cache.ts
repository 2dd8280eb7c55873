import { createHash } from 'node:crypto';

/**
 * A prefix cache modelled on vLLM's automatic prefix caching: the prompt is cut into blocks of
 * `blockSize` tokens; each block's key is a hash chained over every earlier block, rooted in
 * the model and the `cache_salt`. So two requests share cached blocks only when they have the
 * same salt and the same prompt up to that block. Only whole blocks are cached, and (as in
 * vLLM) never the block holding the last prompt token, which must always be computed.
 * Least recently used blocks are evicted beyond `maxBlocks`.
 */
export class PrefixCache {
  private readonly blocks = new Map<string, true>();

  constructor(
    readonly blockSize = 16,
    readonly maxBlocks = 50_000,
  ) {}

  /** Returns how many prompt tokens were already cached (whole blocks), then caches this prompt's blocks. */
  lookupAndStore(model: string, cacheSalt: string | undefined, tokens: readonly string[]): number {
    const cacheableBlocks = Math.floor(Math.max(0, tokens.length - 1) / this.blockSize);
    let parentHash = hash(`root\u0000${model}\u0000${cacheSalt ?? ''}`);
    let hitBlocks = 0;
    let isStillHitting = true;
    for (let block = 0; block < cacheableBlocks; block++) {
      const blockTokens = tokens.slice(block * this.blockSize, (block + 1) * this.blockSize);
      parentHash = hash(`${parentHash}\u0000${blockTokens.join('\u0001')}`);
      if (isStillHitting && this.blocks.has(parentHash)) hitBlocks++;
      else isStillHitting = false;
      this.touch(parentHash);
    }
    return hitBlocks * this.blockSize;
  }

  clear() {
    this.blocks.clear();
  }

  private touch(key: string) {
    this.blocks.delete(key);
    this.blocks.set(key, true);
    if (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value!);
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
