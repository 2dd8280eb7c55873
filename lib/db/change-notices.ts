import 'server-only';
import pg from 'pg';
import { env } from '@/lib/env';
import { logEvent } from '@/lib/log/logger';
import { describeProcess } from './process-identity';

/** The one PostgreSQL channel every Bulkhead process listens on. */
export const CHANGE_CHANNEL = 'bulkhead_changes';

/**
 * What changed, as a hint: `topic` says which kind of thing (for example `placement`), the other
 * fields which one. A receiver drops what it cached and reads the truth afresh, so a notice never
 * carries authority: any role connected to the database can send one, and the worst it can cause is
 * a cache miss.
 */
export interface ChangeNotice {
  topic: string;
  [field: string]: unknown;
}

type NoticeHandler = (notice: ChangeNotice) => void;
type MissedHandler = () => void;

const RECONNECT_MIN_MS = 250;
/** The longest a process goes without a listening connection before it tries again. */
export const RECONNECT_MAX_MS = 5_000;

/**
 * One LISTEN connection per process, opened on the first subscription. PostgreSQL delivers a
 * notice at the sender's commit to every listening session, across processes and machines.
 *
 * When the listening connection drops, notices sent meanwhile are lost, so subscribers are told
 * twice that they may have missed some (at the drop and again once listening resumes, in case one
 * was cached between the two) and drop everything they hold. Reconnection is retried with backoff
 * up to RECONNECT_MAX_MS; until it succeeds, caches fall back to their own expiry.
 */
class ChangeNoticeListener {
  private readonly handlers = new Map<string, Set<NoticeHandler>>();
  private readonly missedHandlers = new Set<MissedHandler>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = RECONNECT_MIN_MS;
  private isStopped = false;
  private listeningSince: number | null = null;

  constructor(private readonly connectionString: () => string) {}

  /** Registers without connecting: modules subscribe when loaded, processes start listening when they serve. */
  subscribe(topic: string, handler: NoticeHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  hasSubscribers(topic: string): boolean {
    return (this.handlers.get(topic)?.size ?? 0) > 0;
  }

  onMissed(handler: MissedHandler): () => void {
    this.missedHandlers.add(handler);
    return () => this.missedHandlers.delete(handler);
  }

  start() {
    this.ensureListening();
  }

  /** Resolves once this process listens (tests and start-up checks; subscribers need not wait). */
  async whenListening(): Promise<void> {
    this.ensureListening();
    while (!this.listeningSince) {
      if (this.isStopped) throw new Error('Change notices were stopped.');
      await (this.connecting ?? new Promise((resolve) => setTimeout(resolve, 50)));
    }
  }

  get isListening(): boolean {
    return this.listeningSince !== null;
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.listeningSince = null;
    if (!client) return;
    // Held again while closing, or the process could exit before the goodbye is sent.
    getSocket(client)?.ref?.();
    await client.end().catch(() => {});
  }

  private ensureListening() {
    if (this.isStopped || this.client || this.connecting || this.retryTimer) return;
    this.connecting = this.connect().finally(() => (this.connecting = null));
  }

  private async connect() {
    let client: pg.Client | null = null;
    try {
      client = new pg.Client({ connectionString: this.connectionString(), application_name: `${describeProcess()} notices` });
      const listening = client;
      listening.on('error', () => this.handleLoss(listening));
      listening.on('end', () => this.handleLoss(listening));
      listening.on('notification', (message) => this.dispatch(message.payload));
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      // The listening socket alone must not keep a script or test process alive.
      getSocket(client)?.unref?.();
    } catch (error) {
      logEvent('warn', 'change notices: cannot listen yet', { error: (error as Error).message, retryInMs: this.retryDelayMs });
      await client?.end().catch(() => {});
      this.scheduleRetry();
      return;
    }
    if (this.isStopped) return void (await client.end().catch(() => {}));
    const wasLost = this.retryDelayMs > RECONNECT_MIN_MS;
    this.client = client;
    this.listeningSince = Date.now();
    this.retryDelayMs = RECONNECT_MIN_MS;
    // Whatever was cached while nobody listened may be stale.
    if (wasLost) this.notifyMissed();
  }

  private handleLoss(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    this.listeningSince = null;
    client.end().catch(() => {});
    if (this.isStopped) return;
    logEvent('warn', 'change notices: listening connection lost; caches dropped, reconnecting');
    this.notifyMissed();
    this.retryDelayMs = Math.max(this.retryDelayMs, RECONNECT_MIN_MS * 2);
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.isStopped) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, RECONNECT_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ensureListening();
    }, delay);
    this.retryTimer.unref();
  }

  private dispatch(payload: string | undefined) {
    let notice: ChangeNotice;
    try {
      notice = JSON.parse(payload ?? '');
    } catch {
      return;
    }
    if (typeof notice?.topic !== 'string') return;
    for (const handler of this.handlers.get(notice.topic) ?? []) runSafely(() => handler(notice));
  }

  private notifyMissed() {
    for (const handler of this.missedHandlers) runSafely(handler);
  }
}

function getSocket(client: pg.Client): { ref?: () => void; unref?: () => void } | undefined {
  return (client as unknown as { connection?: { stream?: { ref?: () => void; unref?: () => void } } }).connection?.stream;
}

function runSafely(handler: () => void) {
  try {
    handler();
  } catch (error) {
    logEvent('error', 'change notices: a subscriber failed', { error: (error as Error).message });
  }
}

const holder = globalThis as unknown as { bulkheadChangeNotices?: ChangeNoticeListener };

function getListener(): ChangeNoticeListener {
  holder.bulkheadChangeNotices ??= new ChangeNoticeListener(() => env.appDatabaseUrl);
  return holder.bulkheadChangeNotices;
}

/**
 * Starts listening (idempotent). Called by what serves requests from caches (the placement pools and
 * read cache start it on first use), so a build or a script that never reads tenant data opens nothing.
 */
export function startChangeNotices(): void {
  getListener().start();
}

/** Calls `handler` for every notice of `topic` from any process (this one included). Returns an unsubscribe. */
export function onChangeNotice(topic: string, handler: NoticeHandler): () => void {
  return getListener().subscribe(topic, handler);
}

/** Calls `handler` whenever notices may have been missed (the listening connection dropped): drop every cached entry. */
export function onChangeNoticesMissed(handler: MissedHandler): () => void {
  return getListener().onMissed(handler);
}

/** Resolves once this process is listening. */
export function whenListeningForChanges(): Promise<void> {
  return getListener().whenListening();
}

export function isListeningForChanges(): boolean {
  return holder.bulkheadChangeNotices?.isListening ?? false;
}

/** How long a notice-backed cache entry may live while this process listens. */
export const NOTICE_BACKED_CACHE_MS = 5 * 60_000;

/**
 * The period for a cache whose every change is announced on `topics`: while this process listens
 * and something here handles those topics, a change drops the entry at its commit, and a lost
 * connection drops every entry (at the loss and again when listening resumes), so the entry may
 * live NOTICE_BACKED_CACHE_MS; otherwise `periodMs` is the only bound. Traffic spread over many
 * tenants visits each one less often than every few seconds, so short periods alone would re-read
 * everything on nearly every request.
 */
export function noticeBackedPeriodMs(periodMs: number, topics: readonly string[]): number {
  const listener = holder.bulkheadChangeNotices;
  const isBacked = listener?.isListening === true && topics.every((topic) => listener.hasSubscribers(topic));
  return isBacked ? Math.max(periodMs, NOTICE_BACKED_CACHE_MS) : periodMs;
}

/** Closes this process's listening connection (shutdown, tests); the next subscription opens a new one. */
export async function stopChangeNotices(): Promise<void> {
  const listener = holder.bulkheadChangeNotices;
  holder.bulkheadChangeNotices = undefined;
  await listener?.stop();
}

/**
 * Sends a notice from inside the transaction that makes the change: PostgreSQL delivers it only if
 * and when that transaction commits, so no process drops its cache before the change is visible.
 */
export async function publishChangeNotice(
  tx: { $executeRaw: (query: TemplateStringsArray, ...values: unknown[]) => Promise<number> },
  notice: ChangeNotice,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(notice)})`;
}
