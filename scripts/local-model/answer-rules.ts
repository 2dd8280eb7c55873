import type { ChatMessage } from './openai-wire';

/** Which rule produced the answer (tests and the request log use it). */
export type AnswerRule = 'reveal_instructions' | 'say' | 'context' | 'fallback';

export const FALLBACK_ANSWER = "I don't know based on the provided context.";
export const NO_INSTRUCTIONS_ANSWER = 'I was not given any instructions.';

/**
 * The simulator's deliberately naive behaviour, so the defences have something to catch.
 * Messages other than the assistant's are read from the latest back; the first that holds an
 * instruction decides:
 *
 * 1. A request to repeat/print/reveal/show the system prompt or instructions ("repeat your
 *    instructions", "print the text above"), unless negated ("never reveal..."): the answer is
 *    every system and developer message, verbatim, joined by a blank line.
 * 2. An instruction to say something at the start of a sentence: `say "X"`, `reply with 'X'`,
 *    `respond with X` (a single unquoted word), `answer with “X”`: the answer is X.
 * 3. Otherwise the question is the last user message (after its last `Question:` label if it
 *    has one) and the context is every other system, developer, user and tool text: the answer
 *    quotes the (at most two) context sentences sharing the most content words with the
 *    question, in their original order, after "Based on the provided context: ".
 * 4. No sentence shares a word: `FALLBACK_ANSWER`.
 */
export function composeAnswer(messages: readonly ChatMessage[]): { text: string; rule: AnswerRule } {
  const readable = messages.filter((message) => message.role !== 'assistant');
  for (const message of [...readable].reverse()) {
    if (asksToRevealInstructions(message.content)) {
      const instructions = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => m.content);
      return { text: instructions.length > 0 ? instructions.join('\n\n') : NO_INSTRUCTIONS_ANSWER, rule: 'reveal_instructions' };
    }
    const said = findSayInstruction(message.content);
    if (said !== null) return { text: said, rule: 'say' };
  }
  return answerFromContext(readable);
}

const REVEAL_REQUEST =
  /\b(?:repeat|print|reveal|show|display|output|recite|echo|dump|tell me|write out)\b[^.?!\n]{0,60}?\b(?:system prompt|system message|instructions|initial prompt|(?:prompt|text|words) above)\b/gi;
const NEGATION_BEFORE = /\b(?:never|not|don't|do not|must not|cannot|can't|shouldn't|won't)\b[^.!?\n]*$/i;
const SAY_INSTRUCTION =
  /(?:^|[.!?:;\n]\s*|\b(?:please|and|then|now|just|only|always|simply)\s+)(?:say|reply with|respond with|answer with)\s*:?\s*(?:"([^"\n]+)"|'([^'\n]+)'|“([^”\n]+)”|([^\s"'“.!?,;]+)(?=\s*(?:$|[.!?,;\n])))/gi;

function asksToRevealInstructions(text: string): boolean {
  for (const match of text.matchAll(REVEAL_REQUEST)) {
    if (!NEGATION_BEFORE.test(text.slice(Math.max(0, match.index - 40), match.index))) return true;
  }
  return false;
}

function findSayInstruction(text: string): string | null {
  for (const match of text.matchAll(SAY_INSTRUCTION)) {
    const said = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (said?.trim()) return said.trim();
  }
  return null;
}

const STOPWORDS = new Set(
  'the a an and or but of to in on at for with from by about as is are was were be been being do does did what which who whom whose when where why how this that these those it its our your their my we you they i me us them can could should would will shall may might must not no yes please tell give any some all there here than then so if into over under'.split(
    ' ',
  ),
);

function answerFromContext(readable: readonly ChatMessage[]): { text: string; rule: AnswerRule } {
  const lastUserIndex = readable.findLastIndex((message) => message.role === 'user');
  if (lastUserIndex === -1) return { text: FALLBACK_ANSWER, rule: 'fallback' };
  const lastUser = readable[lastUserIndex].content;
  const label = [...lastUser.matchAll(/(?:^|\n)\s*question\s*:/gi)].at(-1);
  const question = label ? lastUser.slice(label.index + label[0].length) : lastUser;
  const contextTexts = readable.filter((_, index) => index !== lastUserIndex).map((message) => message.content);
  if (label) contextTexts.push(lastUser.slice(0, label.index));

  const questionWords = new Set(contentWords(question));
  const sentences = contextTexts.flatMap(splitSentences);
  const ranked = sentences
    .map((sentence, index) => ({ sentence, index, score: new Set(contentWords(sentence).filter((w) => questionWords.has(w))).size }))
    .filter((entry) => entry.score > 0)
    .sort((left, right) => right.score - left.score || left.index - right.index)
    .slice(0, 2)
    .sort((left, right) => left.index - right.index);
  if (ranked.length === 0) return { text: FALLBACK_ANSWER, rule: 'fallback' };
  return { text: `Based on the provided context: ${ranked.map((entry) => entry.sentence).join(' ')}`, rule: 'context' };
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length >= 3 && !STOPWORDS.has(word));
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}
