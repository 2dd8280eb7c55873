import type { AttestationSection } from '@/lib/conformance/attestation/attestation-sections';

const TONE_CLASSES = { good: 'text-emerald-700', bad: 'text-red-700', neutral: 'text-slate-900' } as const;

/** The attestation's sections as a document that prints cleanly (no console chrome, no page-split rows). */
export function AttestationView({ title, sections }: { title: string; sections: readonly AttestationSection[] }) {
  return (
    <article className="space-y-6 rounded-xl border border-slate-200 bg-white p-6 print:border-0 print:p-0" data-testid="attestation">
      <h2 className="text-xl font-semibold">{title}</h2>
      {sections.map((section) => (
        <section key={section.title} className="break-inside-avoid-page">
          <h3 className="mb-2 border-b border-slate-200 pb-1 text-base font-semibold">{section.title}</h3>
          <dl className="space-y-2 text-sm">
            {section.rows.map((row, index) => (
              <div key={`${row.label}-${index}`} className="break-inside-avoid sm:grid sm:grid-cols-[16rem_1fr] sm:gap-4">
                <dt className={`font-medium ${TONE_CLASSES[row.tone ?? 'neutral']}`}>{row.label}</dt>
                <dd className="break-words text-slate-700 [overflow-wrap:anywhere]">{row.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </article>
  );
}
