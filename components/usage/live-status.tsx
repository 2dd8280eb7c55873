'use client';

/** When the figures beside it were last read, and whether the latest refresh failed. */
export function LiveStatus({ updatedAt, error }: { updatedAt: number; error: Error | null }) {
  const time = new Date(updatedAt).toLocaleTimeString('en-GB');
  return (
    <p className="text-xs text-slate-500" data-testid="usage-updated" role="status">
      {error ? (
        <span className="text-red-700">
          Refresh failed ({error.message}); showing figures from {time}.
        </span>
      ) : (
        <>Live · updated {time}</>
      )}
    </p>
  );
}
