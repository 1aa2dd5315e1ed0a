/**
 * An example Tax provider behind HTTP (contract: docs/providers.md). It checks the request's
 * HMAC signature and age, then taxes every line at one flat rate.
 *
 *   B2B_PROVIDER_SECRET=change-me TAX_RATE_PERCENT=8.875 PORT=8787 npx tsx examples/tax-provider-server.ts
 *
 * then register it: a RegisteredExternalService (ExternalServiceProviderType Tax, ProviderKind
 * Http, Target http://127.0.0.1:8787/, Secret change-me) and the store's StoreIntegratedService
 * (ServiceProviderType Tax, Integration = that service's Id).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { percentOfMinor } from '../src/domain/money.js';
import { isValidSignature, signatureHeader, timestampHeader } from '../src/providers/sign-request.js';
import type { TaxRequest, TaxResponse } from '../src/providers/tax/tax-provider.js';

export interface TaxServerOptions {
  readonly secret: string;
  readonly ratePercent: number;
  readonly port?: number;
  readonly host?: string;
  /** Requests older than this are refused as replays (ms). */
  readonly maxAgeMs?: number;
}

export interface TaxServer {
  readonly url: string;
  /** Requests answered, and whether their signature verified. */
  readonly received: { readonly isVerified: boolean; readonly lineCount: number }[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function taxesFor(request: TaxRequest, ratePercent: number): TaxResponse {
  return {
    status: 'SUCCESS',
    taxes: request.lines.map((line) => ({
      cartItemId: line.cartItemId,
      name: `Sales tax ${ratePercent}%`,
      amountMinor: percentOfMinor(line.taxableAmountMinor, ratePercent),
      ratePercent,
      taxType: 'Actual',
    })),
  };
}

export async function startTaxProviderServer(options: TaxServerOptions): Promise<TaxServer> {
  const received: { isVerified: boolean; lineCount: number }[] = [];
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const server = createServer((request, response) => {
    void readBody(request).then((rawBody) => {
      const signature = request.headers[signatureHeader.toLowerCase()];
      const isVerified = isValidSignature(options.secret, rawBody, Array.isArray(signature) ? signature[0] : signature);
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (!isVerified) return answer(401, { error: 'bad signature' });
      // The body is signed, and it carries sentAt: the header must match it and be recent.
      const envelope = JSON.parse(rawBody) as { sentAt: string; request: TaxRequest };
      const age = Date.now() - Date.parse(envelope.sentAt);
      if (request.headers[timestampHeader.toLowerCase()] !== envelope.sentAt || !(age < maxAgeMs)) {
        return answer(401, { error: 'stale or mismatched timestamp' });
      }
      received.push({ isVerified, lineCount: envelope.request.lines.length });
      answer(200, taxesFor(envelope.request, options.ratePercent));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startTaxProviderServer({
    secret: process.env.B2B_PROVIDER_SECRET ?? 'change-me',
    ratePercent: Number(process.env.TAX_RATE_PERCENT ?? '8.875'),
    port: Number(process.env.PORT ?? '8787'),
  });
  console.log(`Tax provider listening on ${server.url}`);
}
