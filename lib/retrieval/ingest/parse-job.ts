import 'server-only';
import type { IngestLimits } from './limits';

/** What the parsing worker is asked to do: read a PDF's text, or convert HTML to Markdown. */
export type ParseJob = { format: 'pdf'; bytes: Uint8Array; limits: IngestLimits } | { format: 'html'; text: string };

/** What it answers: ready for the job, the parsed text, a refusal for the uploader, or an unexpected failure. */
export type ParseOutcome =
  | { kind: 'ready' }
  | { kind: 'parsed'; text: string; title: string; hiddenText: string[] }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; name: string; message: string };
