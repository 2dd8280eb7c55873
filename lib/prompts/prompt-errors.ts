import 'server-only';
import { UserFacingError } from '@/lib/errors';
import type { LintFinding } from './secret-lint';

/** Saving or activating was refused because the text holds a credential (a `block` lint finding). */
export class PromptSecretError extends UserFacingError {
  constructor(readonly findings: LintFinding[]) {
    const first = findings[0];
    super(`The prompt holds a secret (line ${first.line}: ${first.reason}). Remove it: a system prompt is not a place for secrets.`, 422);
    this.name = 'PromptSecretError';
  }
}

/** Another change to the same configuration won the race: the caller should reload and retry. */
export class PromptConflictError extends UserFacingError {
  constructor() {
    super('This configuration changed while you were working on it. Reload the page and try again.', 409);
    this.name = 'PromptConflictError';
  }
}
