import Link from 'next/link';
import { toSearchParams, type IncidentFilters } from '@/lib/control/incidents/incident-filters';

const secondary = 'rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50';

/**
 * Under the list: the page links (keyset: forward from the last row shown, or back to the first) and
 * the export of everything the filters match (form POSTs: an export writes an audit event).
 */
export function IncidentListFooter({ path, filters, nextCursor, count }: { path: string; filters: IncidentFilters; nextCursor: string | null; count: number }) {
  const query = (after?: string | null) => {
    const params = toSearchParams(filters, after).toString();
    return params ? `${path}?${params}` : path;
  };
  const filterFields = [...toSearchParams(filters).entries()];
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
      <nav aria-label="Pages" className="flex flex-wrap items-center gap-3 text-sm">
        <span className="text-slate-500" data-testid="incident-page-count">
          {count === 1 ? '1 incident' : `${count} incidents`} on this page
        </span>
        {filters.after && (
          <Link href={query()} className={secondary}>
            First page
          </Link>
        )}
        {nextCursor && (
          <Link href={query(nextCursor)} className={secondary} data-testid="incident-next-page">
            Next page
          </Link>
        )}
      </nav>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-500">Export all matching:</span>
        {(['csv', 'json'] as const).map((format) => (
          <form key={format} method="post" action={`${path}/export`} data-testid={`incident-export-${format}`}>
            <input type="hidden" name="format" value={format} />
            {filterFields.map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <button type="submit" className={secondary}>
              {format.toUpperCase()}
            </button>
          </form>
        ))}
      </div>
    </div>
  );
}
