'use client';

import { useMemo, useState } from 'react';
import { lintPromptText } from '@/lib/prompts/secret-lint';
import { PROMPT_BODY_MAX_CHARS } from '@/lib/prompts/prompt-schemas';
import { FieldError } from '@/components/ui/form-message';
import { LintFindings } from './lint-findings';

/** The prompt textarea, linted as the author types (the server lints again on save and activation). */
export function PromptTextField({ defaultValue = '', errors }: { defaultValue?: string; errors?: Record<string, string[]> }) {
  const [text, setText] = useState(defaultValue);
  const findings = useMemo(() => lintPromptText(text), [text]);
  return (
    <div className="space-y-2">
      <label className="block text-sm">
        <span className="text-slate-600">System prompt</span>
        <textarea
          name="body"
          value={text}
          onChange={(event) => setText(event.target.value)}
          rows={14}
          maxLength={PROMPT_BODY_MAX_CHARS}
          spellCheck={false}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
          data-testid="prompt-body"
        />
        <FieldError errors={errors} name="body" />
      </label>
      <LintFindings findings={findings} />
    </div>
  );
}
