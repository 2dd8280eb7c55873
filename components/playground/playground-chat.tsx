'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FormMessage } from '@/components/ui/form-message';
import { ChatTurn } from './chat-turn';
import { PromptPicker, type PromptOptionGroup } from './prompt-picker';
import { readChatStream } from './read-chat-stream';
import { TracePanel } from './trace-panel';
import { toChatMessages, useStoredConversation, type PlaygroundTurn } from './use-stored-conversation';

/**
 * The playground: a streaming chat through the enforcement pipeline, with the decision trace of any
 * turn beside it. A refused turn stays on screen with its notice but is not sent again, so the next
 * message is judged on its own.
 */
export function PlaygroundChat({
  tenantSlug,
  models,
  promptGroups,
  defaultPromptLabel,
}: {
  tenantSlug: string;
  models: string[];
  promptGroups: PromptOptionGroup[];
  defaultPromptLabel: string;
}) {
  const [turns, setTurns] = useStoredConversation(tenantSlug);
  const [draft, setDraft] = useState('');
  const [model, setModel] = useState(models[0]);
  const [prompt, setPrompt] = useState('');
  const [partial, setPartial] = useState('');
  const [shownTraceId, setShownTraceId] = useState<string | null>(null);
  const chat = useMutation({
    mutationFn: ({ question }: { question: string }) => readChatStream({ tenantSlug, model, prompt }, toChatMessages(turns, question), setPartial),
    onSuccess: (outcome, { question }) => {
      setPartial('');
      const turn: PlaygroundTurn = {
        id: crypto.randomUUID(),
        question,
        model,
        answer: outcome.error ? null : outcome.text,
        error: outcome.error,
        trace: outcome.trace,
      };
      setTurns((current) => [...current, turn]);
      setShownTraceId(null);
    },
  });

  function send() {
    const question = draft.trim();
    if (!question || chat.isPending) return;
    setDraft('');
    chat.mutate({ question });
  }

  function sendOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends; Shift+Enter is a new line; an IME composition's Enter is the composition's.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  const shownTurn = turns.find((turn) => turn.id === shownTraceId) ?? turns.at(-1);
  const pendingQuestion = chat.isPending ? chat.variables?.question : undefined;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <Card
        title="Conversation"
        actions={
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setTurns([]);
              chat.reset();
            }}
          >
            New conversation
          </Button>
        }
      >
        {turns.length === 0 && pendingQuestion === undefined && (
          <p className="text-sm text-slate-500">
            Ask what this tenant&apos;s assistant knows; each answer goes through the same checks as the API, and the trace shows them.
          </p>
        )}
        <ol className="space-y-4" data-testid="chat-log">
          {turns.map((turn) => (
            <ChatTurn key={turn.id} turn={turn} isTraceShown={turn.id === shownTurn?.id} onShowTrace={() => setShownTraceId(turn.id)} />
          ))}
          {pendingQuestion !== undefined && (
            <li className="space-y-2">
              <p className="ml-auto w-fit max-w-[90%] whitespace-pre-wrap break-words rounded-md bg-indigo-50 px-3 py-2 text-sm">{pendingQuestion}</p>
              <p className="max-w-[90%] whitespace-pre-wrap break-words rounded-md bg-slate-100 px-3 py-2 text-sm" data-testid="chat-streaming">
                {partial || '…'}
              </p>
            </li>
          )}
        </ol>
        {chat.error && (
          <FormMessage tone="error" testId="chat-failed">
            The request failed. Try again.
          </FormMessage>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
          className="mt-4 space-y-3"
        >
          <label className="block text-sm">
            <span className="block text-slate-600">Message</span>
            <textarea
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={sendOnEnter}
              rows={3}
              className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
            <span className="text-xs text-slate-500">Enter sends; Shift+Enter starts a new line.</span>
          </label>
          <div className="flex flex-wrap items-end gap-3">
            <label className="text-sm">
              <span className="block text-slate-600">Model</span>
              <select value={model} onChange={(event) => setModel(event.target.value)} className="mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm">
                {models.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <PromptPicker groups={promptGroups} defaultLabel={defaultPromptLabel} value={prompt} onChange={setPrompt} />
            <Button type="submit" disabled={chat.isPending}>
              {chat.isPending ? 'Sending…' : 'Send'}
            </Button>
          </div>
        </form>
      </Card>
      <TracePanel trace={shownTurn?.trace ?? null} />
    </div>
  );
}
