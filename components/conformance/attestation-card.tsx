import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { AttestationDownloads } from './attestation-downloads';

/** Where to get the tenant's attestation, and the key to verify its signature with. */
export function AttestationCard({ slug, publicKey }: { slug: string; publicKey: { keyId: string; text: string } | null }) {
  return (
    <Card title="Attestation">
      <p className="text-sm text-slate-600">
        Generated from the latest run and the live configuration: tiers, policy reasons, risk acceptances, keys, cache salt, audit chain and the control
        mapping.
      </p>
      <div className="mt-3 flex flex-wrap gap-3 text-sm">
        <Link
          href={`/tenants/${slug}/isolation/attestation`}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
          data-testid="view-attestation"
        >
          View and print
        </Link>
        <AttestationDownloads slug={slug} />
      </div>
      <div className="mt-4 text-sm">
        <p className="font-medium text-slate-800">Signing public key (Ed25519, base64 SPKI)</p>
        {publicKey ? (
          <>
            <p className="mt-1 break-all font-mono text-xs text-slate-700" data-testid="attestation-public-key">
              {publicKey.text}
            </p>
            <p className="mt-1 text-xs text-slate-500 [overflow-wrap:anywhere]">
              Fingerprint {publicKey.keyId}. Verify offline: <code>npm run attest:verify -- file.json --public-key &lt;key&gt;</code>
            </p>
          </>
        ) : (
          <p className="mt-1 text-xs text-slate-500">Created with the first signature.</p>
        )}
      </div>
    </Card>
  );
}
