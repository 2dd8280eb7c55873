import 'server-only';
import type { FindingSeverity } from '@/lib/screening/types';

/** What a document-specific rule is about (the input screen's own kinds are reused for the rest). */
export type DocumentFindingKind = 'assistant_directive' | 'data_exfiltration' | 'hidden_instruction';

/** One rule of the document screen. Case-insensitive; runs on every decoded variant of the text. */
export interface DocumentPattern {
  id: string;
  kind: DocumentFindingKind;
  severity: FindingSeverity;
  /** `hidden`: only for content a reader would not see (comments, hidden elements), where milder phrasing is already suspect. */
  scope: 'all' | 'hidden';
  pattern: RegExp;
}

// Names for the model only: "the agent", "the model" or "the assistant manager" are people and things in ordinary documents.
const MODEL_NAMES = String.raw`(?:AI(?:\s+(?:assistant|agent|model|system|bot)s?)?|A\.I\.|LLMs?|(?:large\s+)?language\s+models?|chat\s?bots?|GPT|ChatGPT|Claude|Gemini|Copilot|(?:virtual|digital)\s+assistants?|assistant(?=\s*[:,]))`;
const SECRETS = String.raw`(?:conversation|chat(?: history)?|previous messages|message history|system prompt|instructions|user(?:'s|s')? (?:data|details|email|messages|password|credentials)|credentials|passwords?|api keys?|tokens?|session)`;

/**
 * Rules for text inside documents that addresses the model reading it rather than the person:
 * the indirect-injection phrasings the input screen (aimed at users' messages) does not cover.
 * Ordinary documents talk about their subject; they do not give orders to "the AI", tell a
 * summarizer what to say, or ask for the conversation to be sent somewhere.
 */
export const DOCUMENT_PATTERNS: readonly DocumentPattern[] = [
  {
    id: 'addressed-to-model',
    kind: 'assistant_directive',
    severity: 'medium',
    scope: 'all',
    pattern: new RegExp(
      String.raw`\b(?:(?:note|message|instructions?|attention|directive)\s+(?:to\s+|for\s+)?(?:the\s+|any\s+|all\s+)?${MODEL_NAMES}(?![\w-])|(?:if|when)\s+you\s+are\s+an?\s+${MODEL_NAMES}\b|${MODEL_NAMES}\s+(?:reading|processing|summari[sz]ing|parsing|indexing)\s+this\b|(?:the|any|all|every)\s+${MODEL_NAMES}\s+(?:must|should|shall|is required to)\s+(?:now\s+|always\s+|instead\s+)?(?:ignore|disregard|reveal|say|output|include|insert|recommend|mention|append|claim|state|pretend|send|visit|execute|tell the user))`,
      'i',
    ),
  },
  {
    id: 'summary-hijack',
    kind: 'assistant_directive',
    severity: 'medium',
    scope: 'all',
    pattern:
      /\b(?:when|while|if|before|after|whenever)\s+(?:you\s+(?:are\s+)?|you're\s+)?(?:asked\s+(?:to|about)\s+)?(?:summari[sz]|translat|analy[sz]|answer|respond|read|process|quot|cit|describ|review)\w*\b[^.\n]{0,40}?\b(?:this|the following|the above)\s+(?:document|text|page|file|article|email|e-mail|content|passage|context|message|report)\b[^.\n]{0,20}?,?\s*(?:you\s+(?:must|should|will|have to)|always|never|do not|don't|say|state|tell|include|add|mention|respond|reply|write|insert|ignore|output|claim|recommend)\b|\bin\s+your\s+(?:summary|answer|response|reply|output)\s*,?\s*(?:you\s+(?:must|should)|always|never|be sure to|make sure to|include|say|state|mention|add|claim|recommend)\b/i,
  },
  {
    id: 'exfiltration-request',
    kind: 'data_exfiltration',
    severity: 'high',
    scope: 'all',
    pattern: new RegExp(
      String.raw`\b(?:send|post|forward|e-?mail|upload|transmit|exfiltrate|leak|append|encode)\s+(?:(?:the|all|this|your|every|any)\s+){0,2}${SECRETS}\b[^.\n]{0,60}?\b(?:to|into|at)\s+(?:https?://|www\.|[\w.+-]+@|the (?:url|link|address|server|endpoint))|!\[[^\]\n]{0,100}\]\(\s*https?://[^)\s]{1,300}(?:\{|%7B|\$\(|<)[^)\s]{0,300}\)`,
      'i',
    ),
  },
  {
    id: 'hidden-directive',
    kind: 'hidden_instruction',
    severity: 'medium',
    scope: 'hidden',
    pattern:
      /\b(?:you\s+(?:must|should|will|are to|need to|have to)|(?:^|[.!:]\s+)(?:always|never|do not|don't|say|tell|respond|reply|answer|recommend|include|mention|state|output|write|ignore|pretend|act as))\b/i,
  },
];
