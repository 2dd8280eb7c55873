'use client';

import { CopyButton } from '@/components/ui/copy-button';

const formatTime = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';

/** A one-time link shown once to the admin who made it, with its expiry: it is never shown again. */
export function IssuedLinkNotice({ title, path, expiresAt }: { title: string; path: string; expiresAt: string }) {
  // Absolute in the browser's own origin (the server may sit behind a proxy under another name). Only
  // ever rendered after an action answered in the browser, so there is no server render to match.
  const url = typeof window === 'undefined' ? path : new URL(path, window.location.origin).toString();
  return (
    <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="status" data-testid="issued-link">
      <p className="font-medium">{title}</p>
      <p className="mt-1">Send this link to them yourself: it works once, until {formatTime(expiresAt)}, and will not be shown again.</p>
      <code className="mt-1 block break-all font-mono text-xs" data-testid="issued-link-url">
        {url}
      </code>
      <div className="mt-2">
        <CopyButton text={url} label="Copy link" />
      </div>
    </div>
  );
}
