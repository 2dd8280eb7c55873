/** A thin bar for work under way; red once the work has failed. */
export function ProgressBar({ label, percent, failed }: { label: string; percent: number; failed: boolean }) {
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 rounded-full bg-slate-100">
      <div className={`h-2 rounded-full ${failed ? 'bg-red-500' : 'bg-indigo-600'}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
