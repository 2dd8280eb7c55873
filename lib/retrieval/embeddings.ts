import 'server-only';
/** Where embeddings come from, when configured: an OpenAI-compatible `/v1/embeddings` endpoint. */
export interface EmbeddingsConfig {
  /** The API base, e.g. `http://127.0.0.1:8080/v1`; requests go to `<base>/embeddings`. */
  baseUrl: string;
  model: string;
  apiKey: string | null;
  /** How to reach it; a tenant's own endpoint brings a fetch held to its egress rule. */
  fetch?: typeof fetch;
}

/**
 * `BULKHEAD_EMBEDDINGS_URL=tenant-route`: embed through the gateway's routing for each tenant (its
 * prompt tier's endpoint: its own dedicated one, or the shared pool), so a tenant's documents are
 * embedded only where its tier allows.
 */
export const TENANT_ROUTE = 'tenant-route';

/** Read from BULKHEAD_EMBEDDINGS_URL (+ _MODEL, _API_KEY); null when unset: full-text search only. */
export function getEmbeddingsConfig(env: NodeJS.ProcessEnv = process.env): EmbeddingsConfig | null {
  const baseUrl = env.BULKHEAD_EMBEDDINGS_URL?.trim();
  if (!baseUrl) return null;
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    model: env.BULKHEAD_EMBEDDINGS_MODEL?.trim() || 'text-embedding-3-small',
    apiKey: env.BULKHEAD_EMBEDDINGS_API_KEY?.trim() || null,
  };
}

/** The endpoint failed or answered something unusable: ingestion and search fall back to full text. */
export class EmbeddingsUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddingsUnavailableError';
  }
}

/**
 * One vector per input, in order. Called outside any transaction. Batches of 64 keep requests
 * under common provider limits.
 * @throws EmbeddingsUnavailableError on any failure (callers degrade to full text)
 */
type TenantEmbeddingRoute = (tenantId: string, model: string) => Promise<EmbeddingsConfig>;
let tenantEmbeddingRoute: TenantEmbeddingRoute | null = null;

/** Installed at process start by the gateway's routing (lib/enforcement), which this layer may not import. */
export function installTenantEmbeddingRoute(route: TenantEmbeddingRoute): void {
  tenantEmbeddingRoute = route;
}

async function resolveTenantEmbeddingTarget(tenantId: string, model: string): Promise<EmbeddingsConfig> {
  // Without a route nothing is embedded anywhere: the caller's full-text fallback applies.
  if (!tenantEmbeddingRoute) throw new EmbeddingsUnavailableError('This process has no tenant embedding route installed.');
  return tenantEmbeddingRoute(tenantId, model);
}

export async function createEmbeddings(
  config: EmbeddingsConfig,
  inputs: readonly string[],
  options: { tenantId: string; timeoutMs?: number },
): Promise<number[][]> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (config.baseUrl === TENANT_ROUTE) config = await resolveTenantEmbeddingTarget(options.tenantId, config.model);
  const vectors: number[][] = [];
  for (let start = 0; start < inputs.length; start += 64) {
    const batch = inputs.slice(start, start + 64);
    let response: Response;
    try {
      response = await (config.fetch ?? fetch)(`${config.baseUrl}/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
        body: JSON.stringify({ model: config.model, input: batch }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new EmbeddingsUnavailableError('The embeddings endpoint did not answer.', { cause: error });
    }
    if (!response.ok) throw new EmbeddingsUnavailableError(`The embeddings endpoint answered HTTP ${response.status}.`);
    const body = (await response.json().catch(() => null)) as { data?: { index?: number; embedding?: unknown }[] } | null;
    const data = [...(body?.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    if (data.length !== batch.length || !data.every((item) => isVector(item.embedding))) {
      throw new EmbeddingsUnavailableError('The embeddings endpoint answered with the wrong number or shape of vectors.');
    }
    vectors.push(...data.map((item) => item.embedding as number[]));
  }
  return vectors;
}

/** Cosine similarity in [-1, 1]; 0 when either vector is empty or the lengths differ. */
export function measureCosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    dot += a[index] * b[index];
    normA += a[index] * a[index];
    normB += b[index] * b[index];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number' && Number.isFinite(item));
}
