import { registerServerMetrics } from '@/lib/enforcement/server-metrics';
import { decideMetricsAccess } from '@/lib/metrics/metrics-access';
import { renderMetrics } from '@/lib/metrics/metric-registry';

export const dynamic = 'force-dynamic';

/**
 * The console's Prometheus metrics (its /api/v1 routes and playground run the same pipeline as the
 * gateway): only with the operators' bearer token, BULKHEAD_METRICS_TOKEN; unset, the path does not
 * exist. Not a page for signed-in users: metrics span tenants.
 */
export async function GET(request: Request): Promise<Response> {
  const access = decideMetricsAccess(request.headers.get('authorization'));
  if (access === 'disabled') return new Response('Not found', { status: 404 });
  if (access === 'refused')
    return Response.json(
      { error: "Metrics need the operators' bearer token (BULKHEAD_METRICS_TOKEN)." },
      { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    );
  registerServerMetrics();
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
