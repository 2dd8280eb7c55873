import 'server-only';
import { GatewayError } from './gateway-error';
import type { RoutedEndpoint } from './route-endpoint';
import type { ChatMessage } from './validate-request';

/** A request feature some endpoint kinds serve and others do not. */
export type EndpointFeature =
  | 'tools'
  | 'json_object'
  | 'json_schema'
  | 'seed'
  | 'logprobs'
  | 'logit_bias'
  | 'multiple_choices'
  | 'penalties'
  | 'stop'
  | 'service_tier'
  | 'metadata'
  | 'reasoning_effort'
  | 'verbosity'
  | 'image_input'
  | 'provider_store'
  | 'embeddings';

/**
 * What each endpoint kind serves: the one place this is stated. `openai` is OpenAI's API; `vllm`
 * is vLLM's OpenAI-compatible server (guided decoding serves both JSON modes; it has no service
 * tiers, metadata or stored completions); `simulator` is the local model simulator
 * (scripts/local-model), which is text-only, answers one choice and computes no log-probabilities.
 */
export const ENDPOINT_CAPABILITIES: Record<RoutedEndpoint['kind'], ReadonlySet<EndpointFeature>> = {
  openai: new Set<EndpointFeature>([
    'tools',
    'json_object',
    'json_schema',
    'seed',
    'logprobs',
    'logit_bias',
    'multiple_choices',
    'penalties',
    'stop',
    'service_tier',
    'metadata',
    'reasoning_effort',
    'verbosity',
    'image_input',
    'provider_store',
    'embeddings',
  ]),
  vllm: new Set<EndpointFeature>([
    'tools',
    'json_object',
    'json_schema',
    'seed',
    'logprobs',
    'logit_bias',
    'multiple_choices',
    'penalties',
    'stop',
    'reasoning_effort',
    'image_input',
    'embeddings',
  ]),
  simulator: new Set<EndpointFeature>([
    'tools',
    'json_object',
    'json_schema',
    'seed',
    'logit_bias',
    'penalties',
    'stop',
    'service_tier',
    'metadata',
    'embeddings',
  ]),
};

/** The request parameter behind each feature, for the error message. */
function findUsedFeatures(options: Record<string, unknown>, messages: readonly ChatMessage[]): [EndpointFeature, string][] {
  const used: [EndpointFeature, string][] = [];
  const add = (feature: EndpointFeature, param: string) => used.push([feature, param]);
  for (const param of ['tools', 'tool_choice', 'parallel_tool_calls']) if (options[param] !== undefined) add('tools', param);
  const format = (options.response_format as { type?: string } | undefined)?.type;
  if (format === 'json_object' || format === 'json_schema') add(format, 'response_format');
  if (options.seed !== undefined) add('seed', 'seed');
  if (options.logprobs === true) add('logprobs', 'logprobs');
  if (options.top_logprobs !== undefined) add('logprobs', 'top_logprobs');
  if (options.logit_bias !== undefined) add('logit_bias', 'logit_bias');
  if (typeof options.n === 'number' && options.n > 1) add('multiple_choices', 'n');
  for (const param of ['presence_penalty', 'frequency_penalty']) if (options[param] !== undefined) add('penalties', param);
  for (const param of ['stop', 'service_tier', 'metadata', 'reasoning_effort', 'verbosity'] as const) if (options[param] !== undefined) add(param, param);
  if (options.store === true) add('provider_store', 'store');
  const imageAt = messages.findIndex((message) => message.parts?.some((part) => part.type === 'image_url'));
  if (imageAt >= 0) add('image_input', `messages.${imageAt}.content`);
  return used;
}

/**
 * Refuses what the routed endpoint cannot serve, naming the parameter and the endpoint, rather than
 * dropping it silently. Provider-side storage (`store: true`) is refused on a shared endpoint
 * unless the tenant's policy allows it: the stored completion would sit in an account every tenant
 * of the pool shares.
 * @throws GatewayError 400 unsupported_parameter or parameter_refused
 */
export function assertEndpointSupports(
  endpoint: Pick<RoutedEndpoint, 'kind' | 'name' | 'scope'>,
  options: Record<string, unknown>,
  messages: readonly ChatMessage[] = [],
  policy: { allowProviderStore: boolean } = { allowProviderStore: false },
) {
  if (options.store === true && endpoint.scope === 'shared' && !policy.allowProviderStore) {
    throw new GatewayError(
      400,
      "The parameter 'store: true' is refused: provider-side storage on a shared endpoint would keep this tenant's conversation in an account other tenants share, and this tenant's gateway policy does not allow it. Use a dedicated endpoint, or omit it.",
      'parameter_refused',
      'store',
    );
  }
  const supported = ENDPOINT_CAPABILITIES[endpoint.kind];
  for (const [feature, param] of findUsedFeatures(options, messages)) {
    if (!supported.has(feature)) {
      throw new GatewayError(
        400,
        `The parameter '${param}' is not supported by the endpoint '${endpoint.name}' (${endpoint.kind}).`,
        'unsupported_parameter',
        param,
      );
    }
  }
}
