import { toVisibleText } from '@/lib/audit/visible-text';

/** User-controlled audit text, with control and invisible characters shown as escapes (React escapes HTML). */
export function Visible({ text, fallback = '—' }: { text: string | null | undefined; fallback?: string }) {
  if (text === null || text === undefined || text === '') return <span className="text-slate-400">{fallback}</span>;
  return <>{toVisibleText(text)}</>;
}

/** ISO UTC time, readable and unambiguous. */
export function formatAuditTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}
