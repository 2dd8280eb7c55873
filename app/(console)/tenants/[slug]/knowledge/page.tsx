import type { Metadata } from 'next';
import { DocumentTable } from '@/components/knowledge/document-table';
import { QueryTester } from '@/components/knowledge/query-tester';
import { UploadForm } from '@/components/knowledge/upload-form';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { findDocuments } from '@/lib/retrieval/find-documents';
import { DEFAULT_INGEST_LIMITS } from '@/lib/retrieval/ingest';
import { deleteDocumentAction, searchKnowledgeAction } from './actions';

export const metadata: Metadata = { title: 'Knowledge' };

export const dynamic = 'force-dynamic';

/** The tenant's knowledge base: upload, list and search documents, try retrieval, delete. */
export default async function KnowledgePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ q?: string | string[] }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenantPageAccess(slug, 'knowledge.manage');
  const rawSearch = (await searchParams).q;
  const search = (Array.isArray(rawSearch) ? rawSearch[0] : rawSearch)?.slice(0, 200) ?? '';
  const documents = await findDocuments(tenant.id, { search });
  return (
    <div className="space-y-6">
      <Card title="Upload a document">
        <UploadForm tenantSlug={tenant.slug} maxBytes={DEFAULT_INGEST_LIMITS.maxBytes} />
        <p className="mt-3 text-xs text-slate-500">
          Documents are split into chunks on headings and paragraphs and stored in this tenant&apos;s retrieval placement. Text that reads like instructions to
          an AI is flagged and always handed to the model as untrusted data.
        </p>
      </Card>
      <Card title="Documents">
        <form className="mb-3 flex items-end gap-3" role="search">
          <label className="text-sm">
            <span className="block text-slate-600">Search titles and file names</span>
            <input
              name="q"
              defaultValue={search}
              maxLength={200}
              className="mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
              data-testid="document-search"
            />
          </label>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        <DocumentTable tenantSlug={tenant.slug} documents={documents} remove={deleteDocumentAction} />
      </Card>
      <Card title="Try retrieval">
        <QueryTester tenantSlug={tenant.slug} search={searchKnowledgeAction} />
      </Card>
    </div>
  );
}
