import 'server-only';
import { measureCosineSimilarity } from './embeddings';
import type { Candidate } from './select-candidates';

/** Reciprocal rank fusion's damping constant (the usual 60): ranks matter, raw scales do not. */
const FUSION_K = 60;

/**
 * Orders candidates. Full text only: by ts_rank. With a query vector: reciprocal rank fusion of
 * the full-text rank and the cosine rank, so neither scale dominates; a chunk with no embedding
 * keeps only its full-text term. Ties break on chunk id, so the order is deterministic.
 */
export function rankCandidates(
  candidates: readonly Candidate[],
  queryVector: readonly number[] | null,
): (Candidate & { score: number; vectorScore: number | null })[] {
  if (!queryVector) {
    return [...candidates].map((candidate) => ({ ...candidate, score: candidate.textScore, vectorScore: null })).sort(compareScores);
  }
  const withVector = candidates.map((candidate) => ({
    ...candidate,
    vectorScore: candidate.embedding.length > 0 ? measureCosineSimilarity(candidate.embedding, queryVector) : null,
  }));
  const textRank = rankBy(
    withVector.filter((candidate) => candidate.textScore > 0),
    (candidate) => candidate.textScore,
  );
  const vectorRank = rankBy(
    withVector.filter((candidate) => candidate.vectorScore !== null),
    (candidate) => candidate.vectorScore ?? 0,
  );
  return withVector
    .map((candidate) => {
      const text = textRank.get(candidate.id);
      const vector = vectorRank.get(candidate.id);
      const score = (text === undefined ? 0 : 1 / (FUSION_K + text)) + (vector === undefined ? 0 : 1 / (FUSION_K + vector));
      return { ...candidate, score };
    })
    .sort(compareScores);
}

function rankBy<T extends { id: string }>(items: T[], value: (item: T) => number): Map<string, number> {
  const sorted = [...items].sort((a, b) => value(b) - value(a) || a.id.localeCompare(b.id));
  return new Map(sorted.map((item, index) => [item.id, index + 1]));
}

function compareScores(a: { score: number; id: string }, b: { score: number; id: string }): number {
  return b.score - a.score || a.id.localeCompare(b.id);
}
