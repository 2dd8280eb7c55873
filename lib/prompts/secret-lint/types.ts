import 'server-only';
/** `block`: saving is refused until the text is removed. `warn`: shown to the author, saving goes on. */
export type LintSeverity = 'block' | 'warn';

/** One problem found in a prompt text. Safe to show and to log: `excerpt` never holds a secret in full. */
export interface LintFinding {
  /** 1-based line of the start of the match. */
  line: number;
  /** 1-based column of the start of the match, in UTF-16 code units (as editors such as Monaco count). */
  column: number;
  /** Id of the rule in `LINT_RULES` that matched. */
  rule: string;
  severity: LintSeverity;
  /** What was found and what to do about it, in one line. */
  reason: string;
  /** The matched text, single-line, at most 80 characters, with any secret masked by `maskSecret`. */
  excerpt: string;
}

/** One rule of the prompt linter. */
export interface LintRule {
  id: string;
  severity: LintSeverity;
  reason: string;
  /**
   * What to look for, without the `g` flag (the linter builds its own global copy per call, so no
   * `lastIndex` is shared). Quantifiers are bounded so that hostile input cannot make it slow.
   */
  pattern: RegExp;
  /** The capture group holding the secret, masked in the excerpt; 0 for the whole match. Omitted when nothing is secret. */
  secretGroup?: number;
  /** Extra check on a match (placeholder, entropy, prose); false discards the match. */
  isMatch?: (match: RegExpExecArray) => boolean;
}
