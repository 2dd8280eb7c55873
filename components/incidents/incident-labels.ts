/** How incidents' fields read in the console: badges' tones and words for the stored values. */
export const severityTones: Record<string, 'bad' | 'warn' | 'info' | 'neutral'> = { critical: 'bad', high: 'bad', medium: 'warn', low: 'info' };
export const statusTones: Record<string, 'bad' | 'warn' | 'good'> = { open: 'bad', acknowledged: 'warn', resolved: 'good' };

export function formatIncidentKind(kind: string): string {
  return kind.replaceAll('_', ' ');
}

/** UTC to the second, as the audit log shows times. */
export function formatIncidentTime(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 19)} UTC`;
}
