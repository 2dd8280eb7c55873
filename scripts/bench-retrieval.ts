/**
 * `npm run bench:retrieval`: retrieval latency (p50/p95/p99) at `namespace`, where every tenant's
 * chunks share one table behind row-level security, and ingestion throughput. Default: 100 tenants
 * × 1,000 chunks (100k); `--full`: 1,000 tenants × 1,000 chunks (1M). Target p95 ≤ 20 ms.
 * Runs on a throwaway local stack (port BULKHEAD_BENCH_PG_PORT, default BULKHEAD_TEST_PG_PORT + 1).
 * Options: --tenants, --chunks-per-tenant, --queries (default 500), --documents (ingestion, default 40).
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { readTenantRows } from '@/lib/placement/read-tenant-data';
import { createKnowledgeRetriever } from '@/lib/retrieval/context-retriever';
import { ingestDocument } from '@/lib/retrieval/ingest-document';
import { searchChunks } from '@/lib/retrieval/search-chunks';
import { findQueryTerms } from '@/lib/retrieval/search-text';
import { buildTextCandidatesQuery } from '@/lib/retrieval/select-candidates';
import { setTenantContextOnClient } from '@/lib/tenancy/tenant-context';
import { withBenchStack } from './services/bench-stack';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    tenants: { type: 'string' },
    'chunks-per-tenant': { type: 'string', default: '1000' },
    queries: { type: 'string', default: '500' },
    documents: { type: 'string', default: '40' },
  },
});
const tenantCount = Number(values.tenants ?? (values.full ? 1000 : 100));
const chunksPerTenant = Number(values['chunks-per-tenant']);
const queryCount = Number(values.queries);
const documentCount = Number(values.documents);
const chunksPerDocument = 50;

// A vocabulary with a skewed (Zipf-like) draw, so common words match many chunks of every tenant.
const vocabulary = Array.from(
  { length: 3000 },
  (_, index) => `w${index.toString(36)}${'harbour pilot vessel tide cargo berth crane manifest'.split(' ')[index % 8]}`,
);
const pickWord = () => vocabulary[Math.floor(Math.random() ** 2 * vocabulary.length)];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summarize = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms`;
};

/** Tenants through the platform role; chunks per tenant as the owner in that tenant's context (RLS is forced even for the owner). */
async function seed(urls: { ownerUrl: string; platformUrl: string }): Promise<string[]> {
  const platform = new pg.Client({ connectionString: urls.platformUrl });
  platform.on('error', () => {}); // the stack stopping after a failure must not mask the failure
  await platform.connect();
  const { rows } = await platform.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, kind) SELECT 'bench-' || g, 'Bench ' || g, 'internal_department' FROM generate_series(1, $1::int) g RETURNING id::text`,
    [tenantCount],
  );
  await platform.end();
  const owner = new pg.Client({ connectionString: urls.ownerUrl });
  owner.on('error', () => {});
  await owner.connect();
  await owner.query('SET search_path = data_plane');
  const started = performance.now();
  for (const [index, { id }] of rows.entries()) {
    await owner.query('BEGIN');
    await setTenantContextOnClient(owner, id);
    await owner.query(
      `INSERT INTO documents (id, tenant_id, title, content_hash, format, chunk_count)
       SELECT gen_random_uuid(), $1::uuid, 'doc ' || d, md5($1::text || d::text), 'markdown', $3::int FROM generate_series(1, $2::int) d`,
      [id, Math.ceil(chunksPerTenant / chunksPerDocument), chunksPerDocument],
    );
    await owner.query(
      `WITH docs AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM documents WHERE tenant_id = $1::uuid),
            texts AS (SELECT g, array_to_string(ARRAY(SELECT ($3::text[])[1 + floor(random() ^ 2 * cardinality($3::text[]))::int] FROM generate_series(1, 60) w WHERE g > 0), ' ') AS body
                      FROM generate_series(0, $2::int - 1) g)
       INSERT INTO chunks (tenant_id, document_id, ordinal, content, search_vector)
       SELECT $1::uuid, docs.id, texts.g % ${chunksPerDocument}, texts.body, to_tsvector('english', texts.body)
       FROM texts JOIN docs ON docs.n = texts.g / ${chunksPerDocument}`,
      [id, chunksPerTenant, vocabulary],
    );
    await owner.query('COMMIT');
    if ((index + 1) % 100 === 0) console.log(`  seeded ${index + 1}/${rows.length} tenants (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  await owner.query('ANALYZE data_plane.chunks; ANALYZE data_plane.documents');
  await owner.end();
  return rows.map((row) => row.id);
}

async function benchRetrieval(tenantIds: string[]) {
  const sqlOnly: number[] = [];
  const gateway: number[] = [];
  const console_: number[] = [];
  const retriever = createKnowledgeRetriever({ limit: 8 });
  let returned = 0;
  // Warm-up (pool connections, the tenant's placement lookup path) is not measured.
  for (const tenantId of tenantIds.slice(0, 20))
    await searchChunks(tenantId, { text: pickWord() }, { actor: { type: 'system', id: 'bench' }, requestId: crypto.randomUUID() });
  // Each variant gets its own random tenant and words: reusing the previous variant's would find its pages cached.
  const pickQuery = () => ({ tenantId: tenantIds[Math.floor(Math.random() * tenantIds.length)], text: Array.from({ length: 3 }, pickWord).join(' ') });
  for (let index = 0; index < queryCount; index++) {
    let { tenantId, text } = pickQuery();
    let start = performance.now();
    await readTenantRows(tenantId, 'retrieval', buildTextCandidatesQuery({ terms: findQueryTerms(text), take: 8 }));
    sqlOnly.push(performance.now() - start);
    ({ tenantId, text } = pickQuery());
    start = performance.now();
    returned += (await retriever.retrieve({ tenantId, text, requestId: crypto.randomUUID() })).length;
    gateway.push(performance.now() - start);
    ({ tenantId, text } = pickQuery());
    start = performance.now();
    await searchChunks(tenantId, { text, limit: 8 }, { actor: { type: 'system', id: 'bench' }, requestId: crypto.randomUUID() });
    console_.push(performance.now() - start);
  }
  console.log(`  one-round-trip tenant read of the ranked full-text query:      ${summarize(sqlOnly)}`);
  console.log(`  gateway retrieval (the above + opening chunk text; ids go in the request's decision event): ${summarize(gateway)}`);
  console.log(`  console search (the above + its own retrieval.read audit append): ${summarize(console_)}`);
  console.log(`  ${(returned / queryCount).toFixed(1)} chunks returned per query on average`);
}

async function benchIngestion(tenantId: string) {
  const tenant = { id: tenantId, slug: 'bench-ingest', name: 'Bench ingest' };
  const sections = () =>
    Array.from(
      { length: 12 },
      (_, section) => `## Section ${section}\n\n${Array.from({ length: 4 }, () => `${Array.from({ length: 40 }, pickWord).join(' ')}.`).join('\n\n')}`,
    ).join('\n\n');
  let bytes = 0;
  let chunks = 0;
  const start = performance.now();
  for (let doc = 0; doc < documentCount; doc++) {
    const text = `# Bench document ${doc} ${crypto.randomUUID()}\n\n${sections()}`;
    bytes += Buffer.byteLength(text);
    const stored = await ingestDocument({
      tenant,
      actor: { type: 'system', id: 'bench' },
      requestId: crypto.randomUUID(),
      file: { filename: `bench-${doc}.md`, bytes: Buffer.from(text) },
    });
    chunks += stored.chunkCount;
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`  ${documentCount} Markdown documents, ${(bytes / 1024 / 1024).toFixed(2)} MB, ${chunks} chunks in ${seconds.toFixed(1)} s:`);
  console.log(
    `  ${(documentCount / seconds).toFixed(1)} documents/s, ${(chunks / seconds).toFixed(0)} chunks/s, ${(bytes / 1024 / 1024 / seconds).toFixed(2)} MB/s (extract, chunk, screen, store, audit; one at a time)`,
  );
}

async function main() {
  await withBenchStack(
    {
      dataDirName: 'bench-retrieval',
      postgresPort: Number(process.env.BULKHEAD_BENCH_PG_PORT ?? Number(process.env.BULKHEAD_TEST_PG_PORT ?? 54339) + 1),
      withOwnerUrl: true,
    },
    async (stack) => {
      console.log(`Seeding ${tenantCount} tenants × ${chunksPerTenant} chunks = ${(tenantCount * chunksPerTenant).toLocaleString('en')} chunks at namespace…`);
      const started = performance.now();
      const tenantIds = await seed(stack.urls);
      console.log(`  seeded in ${Math.round((performance.now() - started) / 1000)} s`);
      console.log(`\nRetrieval, ${queryCount} queries of 3 words, top 8, random tenants, one at a time (target p95 ≤ 20 ms):`);
      await benchRetrieval(tenantIds);
      console.log('\nIngestion throughput:');
      await benchIngestion(tenantIds[0]);
    },
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
