'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { formatBytes } from '@/lib/retrieval/ingest/limits';

type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading' | 'processing'; percent: number; filename: string }
  | { phase: 'done'; message: string }
  | { phase: 'failed'; message: string };

/**
 * Uploads one document with XHR, which reports upload progress (fetch does not), to the route
 * handler; the server then extracts, chunks, screens and stores it ("processing"). The file goes to
 * the tenant in the URL, which the server checks against the session.
 */
export function UploadForm({ tenantSlug, maxBytes }: { tenantSlug: string; maxBytes: number }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const isBusy = state.phase === 'uploading' || state.phase === 'processing';

  function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setState({ phase: 'failed', message: 'Choose a file to upload.' });
    // The server refuses it too (413); checking here saves sending megabytes for nothing.
    if (file.size > maxBytes)
      return setState({
        phase: 'failed',
        message: `The file is ${formatBytes(file.size)}, over the ${formatBytes(maxBytes)} limit. Split it or remove images and try again.`,
      });
    const body = new FormData();
    body.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', `/tenants/${encodeURIComponent(tenantSlug)}/knowledge/upload`);
    request.responseType = 'json';
    request.upload.onprogress = (progress) => {
      if (progress.lengthComputable) setState({ phase: 'uploading', percent: Math.round((progress.loaded / progress.total) * 100), filename: file.name });
    };
    request.upload.onload = () => setState({ phase: 'processing', percent: 100, filename: file.name });
    request.onload = () => {
      const response = request.response as { document?: { title: string; chunkCount: number; flaggedChunks: number }; error?: string } | null;
      if (request.status === 201 && response?.document) {
        const { title, chunkCount, flaggedChunks } = response.document;
        const flagged = flaggedChunks > 0 ? `; ${flaggedChunks} flagged as possible instructions` : '';
        setState({ phase: 'done', message: `Added "${title}": ${chunkCount} chunks${flagged}.` });
        if (input.current) input.current.value = '';
        router.refresh();
      } else {
        setState({ phase: 'failed', message: response?.error ?? `The upload failed (HTTP ${request.status}).` });
      }
    };
    request.onerror = () => setState({ phase: 'failed', message: 'The upload was interrupted. Check your connection and try again.' });
    setState({ phase: 'uploading', percent: 0, filename: file.name });
    request.send(body);
  }

  return (
    <form onSubmit={upload} className="space-y-3" data-testid="upload-form">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block text-slate-600">Document (text, Markdown, HTML or PDF; up to {formatBytes(maxBytes)})</span>
          <input
            ref={input}
            type="file"
            name="file"
            accept=".txt,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf"
            className="mt-1 block text-sm"
            data-testid="upload-input"
          />
        </label>
        <Button type="submit" disabled={isBusy}>
          Upload
        </Button>
      </div>
      {(state.phase === 'uploading' || state.phase === 'processing') && (
        <div className="space-y-1" aria-live="polite">
          <div
            className="h-2 w-full max-w-md overflow-hidden rounded bg-slate-200"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={state.percent}
            aria-label="Upload progress"
          >
            <div className="h-full bg-indigo-600 transition-all" style={{ width: `${state.percent}%` }} />
          </div>
          <p className="text-xs text-slate-600">
            {state.phase === 'uploading'
              ? `Uploading ${state.filename}: ${state.percent}%`
              : `Processing ${state.filename}: extracting, chunking and screening…`}
          </p>
        </div>
      )}
      {state.phase === 'done' && (
        <FormMessage tone="success" testId="upload-result">
          {state.message}
        </FormMessage>
      )}
      {state.phase === 'failed' && (
        <FormMessage tone="error" testId="upload-result">
          {state.message}
        </FormMessage>
      )}
    </form>
  );
}
