/** The prompt version a request was answered with, as a person reads it (the trace's "default" is the gateway's built-in prompt). */
export function describePromptVersion(prompt: { version: string }): string {
  return prompt.version === 'default' ? 'built-in prompt' : prompt.version;
}
