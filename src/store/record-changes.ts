/**
 * Waiting for one record to change: subscribers per record id, fed by the store's change
 * notices (ADR 0020). Listening starts with the first subscriber (a process that never serves
 * `Prefer: wait` holds no listening connection) and ends at `close`.
 */
import type { Store } from './database.js';

export interface RecordChanges {
  /**
   * Resolves `changed` at the next committed change of the row `id` (or a moment when changes
   * may have been missed). Subscribe before reading the row, so no change falls between.
   * After `close`, `changed` never resolves and nothing listens again.
   */
  subscribe(id: string): Promise<{ readonly changed: Promise<void>; cancel(): void }>;
  /** Subscribers currently waiting (metrics, tests). */
  readonly waitingCount: number;
  close(): Promise<void>;
}

export function createRecordChanges(store: Store): RecordChanges {
  const waiting = new Map<string, Set<() => void>>();
  let waitingCount = 0;
  let listening: Promise<() => Promise<void>> | null = null;
  let isClosed = false;

  const notify = (id: string | null) => {
    const ids = id === null ? [...waiting.keys()] : [id];
    for (const changedId of ids) {
      const listeners = waiting.get(changedId);
      if (listeners === undefined) continue;
      waiting.delete(changedId);
      for (const listener of listeners) listener();
    }
  };

  return {
    async subscribe(id) {
      // A waiter that wakes at close and looks again must not reopen the listening connection.
      if (isClosed) return { changed: new Promise<void>(() => undefined), cancel: () => undefined };
      listening ??= store.watchRecordChanges(notify);
      await listening;
      let listener: () => void = () => undefined;
      const changed = new Promise<void>((resolve) => {
        listener = resolve;
      });
      const remove = () => {
        const listeners = waiting.get(id);
        if (listeners?.delete(listener) === true) {
          waitingCount -= 1;
          if (listeners.size === 0) waiting.delete(id);
        }
      };
      const listeners = waiting.get(id) ?? new Set();
      const fire = listener;
      listener = () => {
        waitingCount -= 1;
        fire();
      };
      listeners.add(listener);
      waiting.set(id, listeners);
      waitingCount += 1;
      return { changed, cancel: remove };
    },
    get waitingCount() {
      return waitingCount;
    },
    async close() {
      isClosed = true;
      notify(null);
      const stop = await listening;
      listening = null;
      await stop?.();
    },
  };
}
