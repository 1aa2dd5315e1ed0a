/**
 * One dedicated connection that `LISTEN`s on a channel and hands each notification's payload
 * to `onNotice`. A lost connection (server restart) is re-established with backoff; `onConnected`
 * runs after each (re)connection, so a caller can look for what it missed meanwhile.
 */
import pg from 'pg';

export interface ChannelOptions {
  readonly url: string;
  readonly channel: string;
  readonly onNotice: (payload: string) => void;
  readonly onConnected?: (client: pg.Client) => void | Promise<void>;
}

export interface ChannelListener {
  /** Settles once the first connection attempt ended, listening or not. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export function listenOnChannel(options: ChannelOptions): ChannelListener {
  let client: pg.Client | null = null;
  let isClosed = false;
  let retryMs = 250;

  const connect = async (): Promise<void> => {
    if (isClosed) return;
    const next = new pg.Client({ connectionString: options.url });
    next.on('notification', (message) => options.onNotice(message.payload ?? ''));
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
      await next.query(`LISTEN ${options.channel}`);
      // Closed while connecting: this connection would keep the process alive, listening.
      if (isClosed) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      retryMs = 250;
      await options.onConnected?.(next);
    } catch {
      retryMs = Math.min(retryMs * 2, 5_000);
      await next.end().catch(() => undefined);
    }
  };
  let connecting = connect();

  return {
    ready: connecting,
    async stop() {
      isClosed = true;
      await connecting;
      await client?.end().catch(() => undefined);
    },
  };
}
