const secondary = 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50';
const primary = 'rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700';

/** The tenant's attestation as a PDF and as signed JSON; `emphasizeJson` where the JSON is the page's main action. */
export function AttestationDownloads({ slug, emphasizeJson = false }: { slug: string; emphasizeJson?: boolean }) {
  const download = `/api/tenants/${encodeURIComponent(slug)}/attestation`;
  return (
    <>
      <a href={`${download}?format=pdf`} className={secondary} data-testid="download-pdf">
        Download PDF
      </a>
      <a href={`${download}?format=json`} className={emphasizeJson ? primary : secondary} data-testid="download-json">
        Download signed JSON
      </a>
    </>
  );
}
