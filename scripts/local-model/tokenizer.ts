import type { ChatMessage } from './openai-wire';

/**
 * Approximate tokens: runs of letters/digits/underscore are one token each, every other
 * non-space character is its own token, whitespace is dropped. Close enough to BPE counts for
 * English to make usage numbers plausible, and fully deterministic.
 */
export function tokenizeText(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** A prompt as the cache sees it: each message as a role marker token followed by its content tokens. */
export function tokenizePrompt(messages: readonly ChatMessage[]): string[] {
  return messages.flatMap((message) => [`<|${message.role}|>`, ...tokenizeText(message.content)]);
}

const TOKEN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

/** Cuts `text` after its first `maxTokens` tokens; returns it unchanged when it is shorter. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; isTruncated: boolean } {
  let count = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (++count === maxTokens) {
      const end = match.index + match[0].length;
      return { text: text.slice(0, end), isTruncated: text.slice(end).trim() !== '' };
    }
  }
  return { text, isTruncated: false };
}
