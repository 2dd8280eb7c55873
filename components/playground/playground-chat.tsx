'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FormMessage } from '@/components/ui/form-message';
import { readChatStream, type ChatTurn } from './read-chat-stream';
import { TracePanel } from './trace-panel';

/**
 * The playground: a streaming chat through the enforcement pipeline. The conversation is kept in
 * this tab only. The side panel shows the last request's decision trace.
 */
export function PlaygroundChat({ tenantSlug }: { tenantSlug: string }) {
  const [turns, setTurns] = useState<ChatTurn[]>([]);
  const [draft, setDraft] = useState('');
  const [model, setModel] = useState('sim-small');
  const [partial, setPartial] = useState('');
  const chat = useMutation({
    mutationFn: (conversation: ChatTurn[]) => readChatStream(tenantSlug, model, conversation, setPartial),
    onSuccess: (outcome) => {
      setPartial('');
      if (!outcome.error) setTurns((current) => [...current, { role: 'assistant', content: outcome.text }]);
    },
  });

  function send(event: React.FormEvent) {
    event.preventDefault();
    if (!draft.trim() || chat.isPending) return;
    const conversation: ChatTurn[] = [...turns, { role: 'user', content: draft }];
    setTurns(conversation);
    setDraft('');
    chat.mutate(conversation);
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <Card title="Playground" actions={<Button type="button" variant="secondary" onClick={() => setTurns([])}>New conversation</Button>}>
        <div className="space-y-3" data-testid="chat-log">
          {turns.map((turn, index) => (
            <p key={index} data-testid={`chat-${turn.role}`} className={`whitespace-pre-wrap rounded-md px-3 py-2 text-sm ${turn.role === 'user' ? 'bg-indigo-50' : 'bg-slate-100'}`}>
              {turn.content}
            </p>
          ))}
          {chat.isPending && <p className="whitespace-pre-wrap rounded-md bg-slate-100 px-3 py-2 text-sm" data-testid="chat-streaming">{partial || '…'}</p>}
          {chat.data?.error && <FormMessage tone="error" testId="chat-error">{chat.data.error}</FormMessage>}
          {chat.error && <FormMessage tone="error" testId="chat-error">The request failed. Try again.</FormMessage>}
        </div>
        <form onSubmit={send} className="mt-4 flex items-end gap-3">
          <label className="flex-1 text-sm">
            <span className="block text-slate-600">Message</span>
            <textarea value={draft} onChange={(event) => setDraft(event.target.value)} rows={2} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
          </label>
          <label className="text-sm">
            <span className="block text-slate-600">Model</span>
            <input value={model} onChange={(event) => setModel(event.target.value)} className="mt-1 w-32 rounded-md border border-slate-300 px-3 py-2 text-sm" />
          </label>
          <Button type="submit" disabled={chat.isPending}>Send</Button>
        </form>
      </Card>
      <TracePanel trace={chat.data?.trace ?? null} />
    </div>
  );
}
