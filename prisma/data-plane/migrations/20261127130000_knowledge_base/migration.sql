-- Knowledge bases (issue 8): what ingestion learns about a document and each chunk (format, size,
-- indirect-injection verdict, optional embedding), and the indexes retrieval needs. Schema-agnostic
-- like every data-plane migration; the tables keep their forced row-level security.

-- AlterTable
ALTER TABLE "documents" ADD COLUMN     "byte_size" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "chunk_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "format" TEXT NOT NULL DEFAULT 'text',
ADD COLUMN     "injection_reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "is_untrusted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "uploaded_by" UUID,
ADD COLUMN     "warnings" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "chunks" ADD COLUMN     "embedding" REAL[] DEFAULT ARRAY[]::REAL[],
ADD COLUMN     "heading_path" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "injection_reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "is_untrusted" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "documents_tenant_id_created_at_idx" ON "documents"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "chunks_tenant_id_document_id_idx" ON "chunks"("tenant_id", "document_id");
