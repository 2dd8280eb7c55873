'use client';

import { useState } from 'react';
import { toIsoOrUndefined } from './audit-filters';

const inputClass = 'mt-1 block rounded-md border border-slate-300 px-2 py-1.5 text-sm';

/** Downloads of a time range; the server records each export in the tenant's chain. */
export function ExportLinks({ slug }: { slug: string }) {
  const [range, setRange] = useState({ from: '', to: '' });
  const hrefFor = (format: 'jsonl' | 'csv') => {
    const params = new URLSearchParams({ format });
    const from = toIsoOrUndefined(range.from);
    const to = toIsoOrUndefined(range.to);
    if (from) params.set('from', from);
    if (to) params.set('to', to);
    return `/tenants/${encodeURIComponent(slug)}/logs/export?${params}`;
  };
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="export-title">
      <h2 id="export-title" className="text-base font-semibold">Export</h2>
      <p className="text-sm text-slate-600">JSONL carries the checkpoints needed to verify it offline; CSV is for spreadsheets and is not verifiable. Leave the range empty for the whole chain.</p>
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <label className="text-sm text-slate-700">From<input type="datetime-local" value={range.from} onChange={(event) => setRange({ ...range, from: event.target.value })} className={inputClass} /></label>
        <label className="text-sm text-slate-700">To<input type="datetime-local" value={range.to} onChange={(event) => setRange({ ...range, to: event.target.value })} className={inputClass} /></label>
        <a href={hrefFor('jsonl')} download className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">Download JSONL</a>
        <a href={hrefFor('csv')} download className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">Download CSV</a>
      </div>
    </section>
  );
}
