'use client';

import { useSearchParams } from 'next/navigation';
import { formatAuditTime } from './visible';

/** Downloads (form POSTs) of the range set in the filter (From/To, kept in the address); the server records each export in the tenant's chain. */
export function ExportLinks({ slug }: { slug: string }) {
  const params = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const action = `/tenants/${encodeURIComponent(slug)}/logs/export`;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="export-title">
      <h2 id="export-title" className="text-base font-semibold">
        Export
      </h2>
      <p className="text-sm text-slate-600">JSONL carries the checkpoints needed to verify it offline; CSV is for spreadsheets and is not verifiable.</p>
      <p className="mt-2 text-sm" data-testid="export-range">
        {from || to ? (
          <>
            Range from the filter below: {from ? formatAuditTime(from) : 'the start'} to {to ? formatAuditTime(to) : 'now'}.
          </>
        ) : (
          'The whole chain (set From/To in the filter below to export a range).'
        )}
      </p>
      {/* A form POST: an export writes to the chain (an event and a signed checkpoint), so it is never a link a browser may prefetch. */}
      <div className="mt-3 flex flex-wrap items-end gap-3">
        {(['jsonl', 'csv'] as const).map((format) => (
          <form key={format} method="post" action={action} data-testid={`export-form-${format}`}>
            <input type="hidden" name="format" value={format} />
            {from ? <input type="hidden" name="from" value={from} /> : null}
            {to ? <input type="hidden" name="to" value={to} /> : null}
            <button
              type="submit"
              className={
                format === 'jsonl'
                  ? 'rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700'
                  : 'rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50'
              }
            >
              Download {format.toUpperCase()}
            </button>
          </form>
        ))}
      </div>
    </section>
  );
}
