-- The same index as the control plane's shared audit_events (placed logs are read the same way).
-- The console's requests list (lib/audit/store/request-query-sql.ts) pages a tenant's gateway requests
-- newest first, often narrowed to one outcome (blocked, flagged, failure: a few percent of traffic). The
-- (tenant_id, action, seq) index would walk every request of the tenant to fill a page of a rare
-- outcome; this one reaches it directly. Partial, so events other than gateway requests cost nothing.
CREATE INDEX "audit_events_requests_outcome_seq_idx" ON "audit_events"("tenant_id", "outcome", "seq") WHERE "action" = 'inference.request';
