'use client';

import Link from 'next/link';
import { Button } from '@/components/ui/button';

/**
 * A page that failed on the server: a plain message, the reference the server logged (Next passes
 * only a digest to the browser, never the error's text or stack), and a retry.
 */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" role="alert">
      <h1 className="text-xl font-semibold">This page could not be shown</h1>
      <p className="text-sm text-slate-600">Something went wrong on our side. Try again; if it keeps happening, give your administrator the reference below.</p>
      {error.digest && (
        <p className="text-sm">
          Reference: <code className="font-mono text-xs">{error.digest}</code>
        </p>
      )}
      <div className="flex gap-3">
        <Button type="button" onClick={reset}>
          Try again
        </Button>
        <Link href="/tenants" className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          Back to tenants
        </Link>
      </div>
    </div>
  );
}
