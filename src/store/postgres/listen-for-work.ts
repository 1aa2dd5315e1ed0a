/**
 * Wake-ups across processes: enqueuers `NOTIFY` a channel, workers `LISTEN` on a dedicated
 * connection. A lost connection (server restart) is re-established with backoff; polling in
 * the worker loop covers any notification missed meanwhile.
 */
import { listenOnChannel } from './listen-on-channel.js';

export const workChannel = 'b2b_checkout_work';

export function listenForWork(url: string, onWork: () => void): () => Promise<void> {
  const listener = listenOnChannel({ url, channel: workChannel, onNotice: onWork, onConnected: onWork });
  return () => listener.stop();
}
