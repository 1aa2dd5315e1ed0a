/**
 * `Prefer: wait=N` on a record read (ADR 0020): answer as soon as the record's representation
 * differs from the client's (`If-None-Match` with the ETag of an earlier answer; without it, at
 * once) or after N seconds, whichever comes first. A wait holds no connection and no
 * transaction, only a slot: at most `maxWaits` per server and `maxWaitsPerUser` per user, past
 * which the request is refused with REQUEST_LIMIT_EXCEEDED 403. Closing ends every wait, each
 * then answering with the record as it is.
 */
import { createHash } from 'node:crypto';
import type { RecordChanges } from '../store/record-changes.js';
import { ApiError } from './api-error.js';

export interface WaitLimits {
  /** Waits at once in this server (default 1,000). */
  readonly maxWaits?: number;
  /** Waits at once by one user (default 20). */
  readonly maxWaitsPerUser?: number;
}

export interface RecordWaits {
  /**
   * Reads the record's representation with `read` (which throws for a record the caller may
   * not see) until its ETag differs from `ifNoneMatch` or `waitSeconds` pass.
   */
  readChanged<T>(options: {
    readonly userId: string;
    readonly recordId: string;
    readonly waitSeconds: number;
    readonly ifNoneMatch: string | undefined;
    readonly read: () => Promise<T>;
  }): Promise<{ readonly body: T; readonly etag: string }>;
  /** True once `close` ran: an answer then also closes its connection, or it would hold the server open. */
  readonly isClosed: boolean;
  close(): void;
}

/** A weak ETag of a JSON representation: equal bodies, equal tags. */
export function etagOf(body: unknown): string {
  return `W/"${createHash('sha1').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"`;
}

function requestLimitExceeded(message: string): ApiError {
  return new ApiError('REQUEST_LIMIT_EXCEEDED', 403, message);
}

export function createRecordWaits(changes: RecordChanges, limits: WaitLimits = {}): RecordWaits {
  const maxWaits = limits.maxWaits ?? 1_000;
  const maxWaitsPerUser = limits.maxWaitsPerUser ?? 20;
  const byUser = new Map<string, number>();
  let total = 0;
  let isClosed = false;
  const closing: (() => void)[] = [];
  const closed = new Promise<void>((resolve) => closing.push(resolve));

  const take = (userId: string): (() => void) => {
    const mine = byUser.get(userId) ?? 0;
    if (total >= maxWaits) throw requestLimitExceeded(`This server has ${maxWaits} waiting requests; try again later`);
    if (mine >= maxWaitsPerUser)
      throw requestLimitExceeded(`At most ${maxWaitsPerUser} waiting requests per user; wait for one to end`);
    total += 1;
    byUser.set(userId, mine + 1);
    return () => {
      total -= 1;
      const left = (byUser.get(userId) ?? 1) - 1;
      if (left === 0) byUser.delete(userId);
      else byUser.set(userId, left);
    };
  };

  return {
    async readChanged({ userId, recordId, waitSeconds, ifNoneMatch, read }) {
      const first = await read();
      const firstTag = etagOf(first);
      if (ifNoneMatch === undefined || waitSeconds === 0 || isClosed || !ifNoneMatch.includes(firstTag))
        return { body: first, etag: firstTag };
      const release = take(userId);
      let isOver = false;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          isOver = true;
          resolve();
        }, waitSeconds * 1000);
      });
      try {
        for (;;) {
          const subscription = await changes.subscribe(recordId);
          try {
            const body = await read();
            const etag = etagOf(body);
            if (!ifNoneMatch.includes(etag) || isClosed || isOver) return { body, etag };
            await Promise.race([subscription.changed, deadline, closed]);
          } finally {
            subscription.cancel();
          }
          if (isClosed || isOver) {
            const body = await read();
            return { body, etag: etagOf(body) };
          }
        }
      } finally {
        clearTimeout(timer);
        release();
      }
    },
    get isClosed() {
      return isClosed;
    },
    close() {
      isClosed = true;
      for (const resolve of closing) resolve();
    },
  };
}
