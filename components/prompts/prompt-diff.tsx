import type { DiffLine } from '@/lib/prompts/diff-prompt-versions';

const styles = { same: 'text-slate-700', added: 'bg-emerald-50 text-emerald-900', removed: 'bg-red-50 text-red-900' } as const;
const signs = { same: ' ', added: '+', removed: '-' } as const;

/** A line diff with the line number of each side. */
export function PromptDiff({ lines }: { lines: DiffLine[] }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 font-mono text-xs" data-testid="prompt-diff">
      {lines.map((line, index) => (
        <div key={index} className={`flex whitespace-pre ${styles[line.kind]}`} data-kind={line.kind}>
          <span className="w-10 shrink-0 pr-2 text-right text-slate-400">{line.kind !== 'added' ? line.beforeLine : ''}</span>
          <span className="w-10 shrink-0 pr-2 text-right text-slate-400">{line.kind !== 'removed' ? line.afterLine : ''}</span>
          <span className="w-4 shrink-0">{signs[line.kind]}</span>
          <span>{line.text}</span>
        </div>
      ))}
    </div>
  );
}
