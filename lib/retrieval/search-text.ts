import 'server-only';
/** The text-search configuration of every vector and query (stemming, stop words). */
export const TEXT_SEARCH_CONFIG = 'english';

/** What a chunk's full-text vector is built from: its headings, so a section title matches, then its text. */
export function buildSearchText(headingPath: readonly string[], text: string): string {
  return headingPath.length > 0 ? `${headingPath.join(' / ')}\n${text}` : text;
}

const MAX_QUERY_TERMS = 32;

/**
 * The words of a free-text query, letters and digits only, at most 32. They are OR-ed in SQL
 * (`to_tsquery(word | word ...)`): a question rarely shares every word with the passage that
 * answers it, and ranking puts chunks matching more of them first. Nothing but these words reaches
 * to_tsquery, so no query syntax from the user is interpreted.
 */
export function findQueryTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].filter((word) => word.length <= 64).slice(0, MAX_QUERY_TERMS);
}
