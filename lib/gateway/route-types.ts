import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route may know about the server it runs in. */
export interface GatewayRouteContext {
  /** True once shutdown began: readiness says no, so load balancers stop sending. */
  isDraining: boolean;
}

export type GatewayRoute = (incoming: IncomingMessage, outgoing: ServerResponse, context: GatewayRouteContext) => Promise<void>;
