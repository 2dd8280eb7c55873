'use client';

import Markdown from 'react-markdown';
import { FormMessage } from '@/components/ui/form-message';
import { describePromptVersion } from '@/components/prompts/describe-prompt-version';
import type { PlaygroundTurn } from './use-stored-conversation';

/**
 * A question and its answer. The answer is the model's Markdown, rendered without raw HTML (react-markdown
 * escapes it), since the text comes from a model and may echo anything it was fed.
 */
export function ChatTurn({ turn, isTraceShown, onShowTrace }: { turn: PlaygroundTurn; isTraceShown: boolean; onShowTrace: () => void }) {
  return (
    <li className="space-y-2">
      <p data-testid="chat-user" className="ml-auto w-fit max-w-[90%] whitespace-pre-wrap break-words rounded-md bg-indigo-50 px-3 py-2 text-sm">
        {turn.question}
      </p>
      {turn.answer !== null ? (
        <div data-testid="chat-assistant" className="chat-markdown max-w-[90%] break-words rounded-md bg-slate-100 px-3 py-2 text-sm">
          <Markdown skipHtml>{turn.answer}</Markdown>
        </div>
      ) : (
        <FormMessage tone="error" testId="chat-error">
          {turn.error}
        </FormMessage>
      )}
      {turn.trace && (
        <button
          type="button"
          onClick={onShowTrace}
          aria-pressed={isTraceShown}
          className={`text-xs ${isTraceShown ? 'font-semibold text-indigo-800' : 'text-indigo-700 underline'}`}
        >
          {isTraceShown ? 'Trace shown' : 'Show trace'} · {turn.model}
          {turn.trace.prompt ? ` · ${describePromptVersion(turn.trace.prompt)}` : ''}
        </button>
      )}
    </li>
  );
}
