import type { ActionResult } from '@/lib/actions/action-result';

/** The server actions the key panel's controls call, passed down from the keys page (they live beside it). */
export interface KeyPanelActions {
  createKey: (tenantSlug: string, input: unknown) => Promise<ActionResult<{ owner: string; keyId: string }>>;
  rotate: (tenantSlug: string, input: unknown) => Promise<ActionResult<{ jobId: string; total: number }>>;
  resumeJob: (tenantSlug: string, input: unknown) => Promise<ActionResult<{ jobId: string }>>;
  enableRotation: (tenantSlug: string, input: unknown) => Promise<ActionResult<{ periodDays: number }>>;
  offboard: (tenantSlug: string, input: unknown) => Promise<ActionResult<{ receiptId: string; keyId: string; deletionDate: string }>>;
}
