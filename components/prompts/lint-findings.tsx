import type { LintFinding } from '@/lib/prompts/secret-lint';

/** Lint findings with their line numbers; `block` findings prevent saving. */
export function LintFindings({ findings }: { findings: LintFinding[] }) {
  if (findings.length === 0)
    return (
      <p className="text-sm text-emerald-700" data-testid="lint-clean">
        No secrets or authorization rules found.
      </p>
    );
  return (
    <ul className="space-y-1 text-sm" data-testid="lint-findings" aria-live="polite">
      {findings.map((finding) => (
        <li
          key={`${finding.line}:${finding.column}:${finding.rule}`}
          className={finding.severity === 'block' ? 'text-red-800' : 'text-amber-800'}
          data-testid="lint-finding"
        >
          <span className="font-mono">Line {finding.line}</span> · {finding.severity === 'block' ? 'blocks saving' : 'warning'}: {finding.reason}{' '}
          <code className="font-mono text-xs text-slate-600">{finding.excerpt}</code>
        </li>
      ))}
    </ul>
  );
}
