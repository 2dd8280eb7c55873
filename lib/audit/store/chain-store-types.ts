import 'server-only';
import type { Checkpoint } from '../checkpoint';
import type { AuditEvent, AuditOutcome } from '../event';
import type { ChainHead } from '../hash-chain';
import type { HashedStoredEvent } from './hash-stored-rows';

/** What the viewer can narrow a tenant's events by. Every field is optional and they combine with AND. */
export interface AuditEventFilter {
  /** ISO time, inclusive. */
  from?: string;
  /** ISO time, inclusive. */
  to?: string;
  /** Exact actor id (a user id, an API key id, a system component). */
  actorId?: string;
  /** Exact action, e.g. `auth.sign_in`. */
  action?: string;
  outcome?: AuditOutcome;
  requestId?: string;
  /** Case-insensitive substring of the fields that are never encrypted: action, target, actor id and label, outcome. */
  text?: string;
}

export interface AuditEventPageQuery extends AuditEventFilter {
  /** Keyset position: only events with a smaller seq (the page before, newest first). */
  beforeSeq?: number;
  limit: number;
}

export interface AuditEventPage {
  /** Newest first; fewer than the limit when a free-text search reached the end of its window. */
  events: AuditEvent[];
  /** Where the next page continues (its beforeSeq); null when nothing older is left to look at. */
  nextBeforeSeq: number | null;
}

/** What the requests list can narrow a tenant's gateway requests by. Every field is optional; they combine with AND. */
export interface GatewayRequestFilter {
  /** ISO time, inclusive. */
  from?: string;
  /** ISO time, inclusive. */
  to?: string;
  outcome?: AuditOutcome;
  /** The model the client asked for (the event's target is `model:<name>`). */
  model?: string;
  /** Exact principal id: an API key id or a user id. */
  actorId?: string;
  /** A whole request id, or a part of one (case-insensitive). */
  requestId?: string;
}

export interface GatewayRequestPageQuery extends GatewayRequestFilter {
  /** Keyset position: only requests whose latest event has a smaller seq. */
  beforeSeq?: number;
  limit: number;
}

/** A gateway request as its latest `inference.request` event. */
export interface GatewayRequestEvent {
  event: AuditEvent;
  /** True when an earlier event of the request exists: this one ends a stream. */
  followsStart: boolean;
}

export interface GatewayRequestPage {
  /** Newest first; fewer than the limit when a partial request-id search reached the end of its window. */
  requests: GatewayRequestEvent[];
  nextBeforeSeq: number | null;
}

/** Models and principals seen in a tenant's recent requests. */
export interface RecentRequestFacets {
  models: string[];
  principals: { type: string; id: string; label: string | null }[];
}

export interface StreamEventsOptions {
  /** First seq to read (default 1). */
  fromSeq?: number;
  /** Last seq to read (default: whatever is there when each batch is read). */
  toSeq?: number;
  from?: string;
  to?: string;
  batchSize?: number;
}

/** A signed checkpoint as stored, with the key that signed it. */
export interface StoredCheckpoint extends Checkpoint {
  keyId: string;
}

/** The signed fields only: the verifier's strict schema refuses a checkpoint with extra fields. */
export function toCheckpoint(stored: Checkpoint): Checkpoint {
  const { tenantId, seq, headHash, time, prevSignature, signature } = stored;
  return { tenantId, seq, headHash, time, prevSignature, signature };
}

/** Where retention cut the chain: events up to throughSeq are gone and hashAtSeq was the last one's hash. */
export interface RetentionMark {
  throughSeq: number;
  hashAtSeq: string;
  appliedAt: string;
  appliedBy: string;
}

/**
 * One tenant's audit chain wherever it is placed. The viewer, the exporter and the verifier use only
 * this, so moving a tenant's log to its own schema or database (its log tier) changes which
 * implementation getAuditChainStore returns and nothing else.
 */
export interface AuditChainStore {
  readonly tenantId: string;
  /**
   * One page of events, newest first, matching the filter. A free-text search looks at a bounded window
   * of seqs per page, so its page may come back short (even empty) with more to look at below.
   */
  findEvents(query: AuditEventPageQuery): Promise<AuditEventPage>;
  /** One page of the tenant's gateway requests, newest first, each once (request-query-sql.ts). */
  findRequests(query: GatewayRequestPageQuery): Promise<GatewayRequestPage>;
  /** The models and principals of the tenant's most recent requests (the requests list's filter choices). */
  findRecentRequestFacets(): Promise<RecentRequestFacets>;
  /** Events in seq order, read in batches (each its own short transaction), for verification and export. */
  streamEvents(options?: StreamEventsOptions): AsyncGenerator<AuditEvent>;
  /**
   * The same events as the verifier takes them: their link fields, each with what its stored columns hash
   * to (computeStoredEventHash, in a worker thread where one runs), in arrays as they arrive: the
   * verifier's fast read (copy-hashed-stored-events.ts). Batches are each their own short transaction;
   * memory is bounded.
   */
  streamStoredEvents(options?: { fromSeq?: number }): AsyncGenerator<HashedStoredEvent[]>;
  /** The head appenders last wrote (null for a chain never written). */
  getHead(): Promise<ChainHead | null>;
  /** The tenant's checkpoints ordered by time, optionally only those at or after a seq. */
  findCheckpoints(options?: { fromSeq?: number }): Promise<StoredCheckpoint[]>;
  /**
   * Signs the current head as the next checkpoint, atomically: the head is locked (appenders wait),
   * `build` gets it and the newest checkpoint, and what it returns is stored. Returning null stores nothing.
   */
  addCheckpoint(build: (head: ChainHead | null, previous: StoredCheckpoint | null) => StoredCheckpoint | null): Promise<StoredCheckpoint | null>;
  getRetentionMark(): Promise<RetentionMark | null>;
}
