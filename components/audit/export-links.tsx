'use client';

import { useSearchParams } from 'next/navigation';
import { formatAuditTime } from './visible';

/** Downloads of the range set in the filter (From/To, kept in the address); the server records each export in the tenant's chain. */
export function ExportLinks({ slug }: { slug: string }) {
  const params = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const hrefFor = (format: 'jsonl' | 'csv') => {
    const query = new URLSearchParams({ format });
    if (from) query.set('from', from);
    if (to) query.set('to', to);
    return `/tenants/${encodeURIComponent(slug)}/logs/export?${query}`;
  };
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
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <a href={hrefFor('jsonl')} download className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          Download JSONL
        </a>
        <a href={hrefFor('csv')} download className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          Download CSV
        </a>
      </div>
    </section>
  );
}
