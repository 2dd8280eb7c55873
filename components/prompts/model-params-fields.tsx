import { FieldError } from '@/components/ui/form-message';

export interface ModelParamsValue {
  model: string;
  temperature: number;
  maxTokens: number;
}

const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm';

/** Model (from the tenant's allowed list), temperature and max tokens, as named form fields. */
export function ModelParamsFields({ models, value, errors }: { models: string[]; value?: ModelParamsValue; errors?: Record<string, string[]> }) {
  return (
    <div className="grid grid-cols-3 gap-3">
      <label className="text-sm">
        <span className="text-slate-600">Model</span>
        <select name="model" defaultValue={value?.model ?? models[0]} className={inputClass}>
          {/* A version may name a model no longer allowed: show it, saving will ask for another. */}
          {value && !models.includes(value.model) && <option value={value.model}>{value.model} (not allowed)</option>}
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
        <FieldError errors={errors} name="model" />
      </label>
      <label className="text-sm">
        <span className="text-slate-600">Temperature</span>
        <input name="temperature" type="number" min={0} max={2} step={0.1} defaultValue={value?.temperature ?? 0.2} className={inputClass} />
        <FieldError errors={errors} name="temperature" />
      </label>
      <label className="text-sm">
        <span className="text-slate-600">Max tokens</span>
        <input name="maxTokens" type="number" min={1} max={32768} step={1} defaultValue={value?.maxTokens ?? 512} className={inputClass} />
        <FieldError errors={errors} name="maxTokens" />
      </label>
    </div>
  );
}

/** The three fields read back from a submitted form. */
export function readModelParams(form: FormData) {
  return { model: form.get('model'), temperature: form.get('temperature'), maxTokens: form.get('maxTokens') };
}
