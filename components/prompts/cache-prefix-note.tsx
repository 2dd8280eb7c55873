import { Card } from '@/components/ui/card';
import type { Tier } from '@/lib/placement/layers';

/** Explains, with this tenant's own prefix, why no prompt prefix is ever shared with another tenant. */
export function CachePrefixNote({ prefix, tier }: { prefix: string; tier: Tier }) {
  return (
    <Card title="Isolation of these prompts">
      <ul className="list-disc space-y-2 pl-5 text-sm text-slate-700">
        <li>
          Every prompt the gateway assembles for this tenant starts with{' '}
          <code className="rounded bg-slate-100 px-1 font-mono text-xs" data-testid="tenant-prompt-prefix">
            {prefix}
          </code>
          , derived from this tenant alone. No two tenants share a first token, so a provider&apos;s prefix cache cannot serve one tenant&apos;s cached prompt
          to another, even where no cache salt is supported.
        </li>
        <li>
          Each live version carries its own canary token on its first line, registered with this tenant: the gateway flags a prompt leak when it appears in an
          answer, and cross-tenant bleed when it appears in another tenant&apos;s traffic.
        </li>
        <li>
          Stored in this tenant&apos;s prompt layer (tier <code className="font-mono text-xs">{tier}</code>), encrypted and bound to this tenant by the
          encryption context
          {tier === 'namespace' ? ' (platform-managed key at this tier)' : ' under the tenant\u2019s own key'}. Audit events hold a hash of the text, never the
          text.
        </li>
        <li>A system prompt is not a security control: never put credentials or authorization rules in it. Credentials block saving.</li>
      </ul>
    </Card>
  );
}
