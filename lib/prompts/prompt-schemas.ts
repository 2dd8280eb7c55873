import { z } from 'zod';

/** Longest system prompt accepted (characters): well past any sensible prompt, small enough to lint and diff at once. */
export const PROMPT_BODY_MAX_CHARS = 20_000;

/** Model parameters of one version; shared by the editor form and the server actions. */
export const modelParamsSchema = z.object({
  model: z.string().trim().min(1, 'Choose a model').max(100),
  temperature: z.coerce.number().min(0, 'Between 0 and 2').max(2, 'Between 0 and 2'),
  maxTokens: z.coerce.number().int('A whole number').min(1, 'At least 1').max(32_768, 'At most 32768'),
});

export const promptBodySchema = z.string().max(PROMPT_BODY_MAX_CHARS, `At most ${PROMPT_BODY_MAX_CHARS} characters`);

export const CONFIG_NAME_MAX_LENGTH = 80;

export const configNameSchema = z
  .string()
  .trim()
  .min(1, 'Name the configuration')
  .max(CONFIG_NAME_MAX_LENGTH, `At most ${CONFIG_NAME_MAX_LENGTH} characters`)
  .regex(/^[\p{L}\p{N} ._-]+$/u, 'Letters, digits, spaces, dots, dashes and underscores only');

export const createConfigSchema = modelParamsSchema.extend({ name: configNameSchema, body: promptBodySchema }).strict();
export const saveDraftSchema = modelParamsSchema.extend({ configId: z.uuid(), body: promptBodySchema }).strict();
export const versionRefSchema = z.object({ configId: z.uuid(), versionId: z.uuid() }).strict();
export const configRefSchema = z.object({ configId: z.uuid() }).strict();

export type ModelParams = z.infer<typeof modelParamsSchema>;
export type CreateConfigInput = z.infer<typeof createConfigSchema>;
export type SaveDraftInput = z.infer<typeof saveDraftSchema>;
