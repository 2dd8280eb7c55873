import 'server-only';
import { KmsUnavailableError } from '@/lib/kms';
import { logEvent } from '@/lib/log/logger';
import type { DecisionTrace } from './decision-trace';

/** The statuses the gateway answers with when it refuses or fails a request. */
export type GatewayStatus = 400 | 401 | 403 | 404 | 413 | 429 | 502 | 503 | 504;

const TYPE_BY_STATUS: Record<GatewayStatus, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
  502: 'upstream_error',
  503: 'service_unavailable',
  504: 'timeout',
};

/**
 * Every way the pipeline fails closed. `message` is written for the API client and is safe to
 * send: it never holds upstream error text, SQL, a stack, another tenant's name or a canary.
 */
export class GatewayError extends Error {
  constructor(
    readonly status: GatewayStatus,
    message: string,
    readonly code: string,
    readonly param: string | null = null,
    /** Seconds, for 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  /** The decision trace up to the failure, for the playground's side panel (never sent to API clients). */
  trace?: DecisionTrace;

  /** OpenAI's error body: `{"error": {"message", "type", "param", "code"}}`. */
  toBody() {
    return { error: { message: this.message, type: TYPE_BY_STATUS[this.status], param: this.param, code: this.code } };
  }
}

/**
 * Any failure as a GatewayError: unexpected ones become a generic 503 naming the request id (KMS being
 * unreachable: a 503 saying so), and are logged under that id here, the one place that converts them
 * (the client's reference must find a line).
 */
export function toGatewayError(error: unknown, requestId: string): GatewayError {
  if (error instanceof GatewayError) return error;
  logEvent('error', 'gateway request failed', { requestId, error });
  // A KMS outage is worth naming to the client (its message is written to be shown): retry later, nothing is wrong with the request.
  if (error instanceof KmsUnavailableError) return new GatewayError(503, error.message, error.code);
  return new GatewayError(503, `The gateway could not complete this request. Reference: ${requestId}`, 'gateway_unavailable');
}
