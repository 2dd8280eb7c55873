import 'server-only';
import type pg from 'pg';

/** A running `COPY … TO STDOUT`: rows go to the callback as they arrive; pause and resume apply backpressure. */
export interface CopyOut {
  /** Settles when the server has finished (rejects with its error, or a lost connection). */
  done: Promise<void>;
  /** Stops reading the socket: the server blocks once the socket buffers are full. */
  pause(): void;
  resume(): void;
}

/**
 * Runs `sql` (a `COPY (SELECT …) TO STDOUT` statement) on `client` and hands each row to `onRow` as the raw
 * bytes of one CopyData message: one text-format row with its trailing newline. The bytes are a view of
 * pg's parse buffer, which it reuses: copy or decode them before `onRow` returns. It speaks the COPY-out part
 * of the protocol through pg's Submittable hook (pg already parses CopyData and routes it to the active
 * query), so no dependency is needed and the client stays usable for the transaction's next statement.
 * COPY takes no bound parameters: the caller must build `sql` from validated values only.
 */
export function startCopyOut(client: { query<T extends pg.Submittable>(submittable: T): T }, sql: string, onRow: (row: Buffer) => void): CopyOut {
  let connection: pg.Connection | undefined;
  let isPaused = false;
  let settle!: (error?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    let isSettled = false;
    settle = (error) => {
      if (isSettled) return;
      isSettled = true;
      // Never leave the socket paused: the connection goes back to its pool after this.
      if (isPaused) connection?.stream.resume();
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve();
    };
  });
  let failure: unknown;
  const submittable: pg.Submittable & Record<string, unknown> = {
    submit(submitted: pg.Connection) {
      connection = submitted;
      submitted.query(sql);
    },
    handleCopyData(message: { chunk: Buffer }) {
      onRow(message.chunk);
    },
    // The server answers an error with ErrorResponse then ReadyForQuery; a lost connection only with the error.
    handleError(error: unknown) {
      failure = error;
      settle(error);
    },
    handleReadyForQuery() {
      settle(failure);
    },
    handleCommandComplete() {},
    handleRowDescription() {},
    handleDataRow() {},
    handleEmptyQuery() {},
    handlePortalSuspended() {},
    // Only COPY TO is meant here: a COPY FROM would wait for input forever, so refuse it.
    handleCopyInResponse(submitted: pg.Connection & { sendCopyFail(message: string): void }) {
      submitted.sendCopyFail('startCopyOut reads only; it sends no data');
    },
  };
  client.query(submittable);
  return {
    done,
    pause() {
      if (isPaused || !connection) return;
      isPaused = true;
      connection.stream.pause();
    },
    resume() {
      if (!isPaused || !connection) return;
      isPaused = false;
      connection.stream.resume();
    },
  };
}
