// Secret lint for prompt texts: credentials block saving, internal addresses and authorization logic warn.
export { lintPromptText, hasBlockingFinding } from './lint-prompt-text';
export { LINT_RULES } from './lint-rules';
export { maskSecret, MASK_REVEALED_CHARS } from './mask-secret';
export { SECRET_ENTROPY_BITS_PER_CHAR, measureEntropy } from './value-checks';
export type { LintFinding, LintRule, LintSeverity } from './types';
