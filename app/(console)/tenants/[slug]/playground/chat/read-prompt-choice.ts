import { z } from 'zod';
import { GatewayError } from '@/lib/enforcement/gateway-error';
import type { PromptChoice } from '@/lib/prompts/prompt-config-source';

const choiceSchema = z
  .object({ prompt_config: z.uuid().optional(), prompt_version: z.uuid().optional() })
  .refine((choice) => !(choice.prompt_config && choice.prompt_version), 'choose a configuration or a version, not both');

/**
 * The playground's prompt choice from the chat URL: none (the live default), a configuration (its
 * live version) or a version. Only the shape is checked here; whether the tenant holds it is the
 * pipeline's question.
 * @throws GatewayError 400 naming what is wrong
 */
export function readPlaygroundPromptChoice(search: URLSearchParams): PromptChoice | undefined {
  const parsed = choiceSchema.safeParse({
    prompt_config: search.get('prompt_config') ?? undefined,
    prompt_version: search.get('prompt_version') ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'prompt';
    throw new GatewayError(400, `The prompt choice is invalid (${field}): ${issue.message}.`, 'invalid_request', field);
  }
  if (parsed.data.prompt_version) return { versionId: parsed.data.prompt_version };
  if (parsed.data.prompt_config) return { configId: parsed.data.prompt_config };
  return undefined;
}
