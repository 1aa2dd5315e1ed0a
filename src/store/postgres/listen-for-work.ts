/**
 * Wake-ups across processes: enqueuers `NOTIFY` a channel, workers `LISTEN` on a dedicated
 * connection. A lost connection (server restart) is re-established with backoff; polling in
 * the worker loop covers any notification missed meanwhile.
 */
import pg from 'pg';

export const workChannel = 'b2b_checkout_work';

export function listenForWork(url: string, onWork: () => void): () => Promise<void> {
  let client: pg.Client | null = null;
  let isClosed = false;
  let retryMs = 250;

  const connect = async (): Promise<void> => {
    if (isClosed) return;
    const next = new pg.Client({ connectionString: url });
    next.on('notification', () => onWork());
    next.on('error', () => undefined);
    next.on('end', () => {
      if (client === next) client = null;
      if (!isClosed) {
        setTimeout(() => {
          connecting = connect();
        }, retryMs);
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${workChannel}`);
      // Closed while connecting: this connection would keep the process alive, listening.
      if (isClosed) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      retryMs = 250;
      onWork();
    } catch {
      retryMs = Math.min(retryMs * 2, 5_000);
      await next.end().catch(() => undefined);
    }
  };
  let connecting = connect();

  return async () => {
    isClosed = true;
    await connecting;
    await client?.end().catch(() => undefined);
  };
}
