import 'server-only';
/** The live version of a tenant's gateway prompt configuration, as the gateway uses it. */
export interface ActivePrompt {
  configId: string;
  configName: string;
  versionId: string;
  version: number;
  body: string;
  canary: string;
  model: string;
  temperature: number;
  maxTokens: number;
}
