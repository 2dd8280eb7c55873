/** Shown while a console page loads on the server: the shape of a page, not a blank screen. */
export function PageSkeleton() {
  return (
    <div className="animate-pulse space-y-6" role="status" aria-label="Loading" data-testid="page-skeleton">
      <div className="h-4 w-96 max-w-full rounded bg-slate-200" />
      <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <div className="h-4 w-40 rounded bg-slate-200" />
        <div className="h-4 w-full rounded bg-slate-100" />
        <div className="h-4 w-5/6 rounded bg-slate-100" />
        <div className="h-4 w-2/3 rounded bg-slate-100" />
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
