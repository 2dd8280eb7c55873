import type { PromptConfigSummary } from '@/lib/prompts/find-prompt-configs';

/** One entry of the prompt picker; `value` is the chat URL's query ('' for the live default). */
export interface PromptOption {
  value: string;
  label: string;
}

export interface PromptOptionGroup {
  label: string;
  options: PromptOption[];
}

/**
 * What the playground offers to chat with: each configuration's live version to every playground
 * user, and every version (drafts to try before activating, earlier ones to compare) to those who
 * manage prompts. The server checks the same rule.
 */
export function buildPromptOptions(configs: PromptConfigSummary[], canChooseVersions: boolean): PromptOptionGroup[] {
  return configs
    .map((config) => {
      const options: PromptOption[] = [];
      if (config.activeVersion) {
        options.push({ value: `prompt_config=${config.id}`, label: `${config.name}: live version (v${config.activeVersion.version})` });
      }
      if (canChooseVersions) {
        for (const version of config.versions) {
          options.push({ value: `prompt_version=${version.id}`, label: `${config.name}: v${version.version} (${version.state})` });
        }
      }
      return { label: config.name, options };
    })
    .filter((group) => group.options.length > 0);
}

/** The picker: the tenant's live default first, then the choices grouped by configuration. */
export function PromptPicker({
  groups,
  defaultLabel,
  value,
  onChange,
}: {
  groups: PromptOptionGroup[];
  defaultLabel: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="min-w-0 max-w-full text-sm">
      <span className="block text-slate-600">Prompt</span>
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="mt-1 w-full max-w-xs truncate rounded-md border border-slate-300 px-3 py-2 text-sm"
        data-testid="prompt-picker"
      >
        <option value="">{defaultLabel}</option>
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
