'use client';

import Link from 'next/link';

/** The last resort when the root layout itself fails: a page of its own, with no stack trace. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem', color: '#0f172a' }}>
        <h1 style={{ fontSize: '1.25rem', fontWeight: 600 }}>Bulkhead could not show this page</h1>
        <p>Something went wrong on our side. Try again in a moment.</p>
        {error.digest && (
          <p>
            Reference: <code>{error.digest}</code>
          </p>
        )}
        <p style={{ display: 'flex', gap: '1rem', alignItems: 'center' }}>
          <button type="button" onClick={reset}>
            Try again
          </button>
          <Link href="/tenants">Back to tenants</Link>
        </p>
      </body>
    </html>
  );
}
