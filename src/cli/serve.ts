/**
 * `b2b-checkout serve`: the REST API on one port, with workers in the same process. Prints
 * where it listens and the tokens to use; stops gracefully on SIGTERM or SIGINT. With
 * `--demo` on a new database it first checks out a demo cart through the built-in checkout
 * flow, screen by screen.
 */
import { loadConfig, type ServeFlags } from '../config.js';
import { maskCredentials } from '../domain/mask-credentials.js';
import { startServer } from '../main.js';
import { runDemoFlowCheckout } from './demo-flow-checkout.js';
import { demoBuyerPassword, seedDemo, type DemoBuyer } from './seed-demo.js';

export async function runServe(flags: ServeFlags, print: (line: string) => void): Promise<void> {
  const config = loadConfig(flags);
  let buyer: DemoBuyer | null = null;
  const server = await startServer(config, async (engine) => {
    if (config.demo) buyer = await seedDemo(engine);
  });
  const { url, administrator } = server;
  const firstCheckout = (buyer as DemoBuyer | null)?.firstCheckout ?? null;
  if (firstCheckout !== null && config.workers > 0) {
    // The checkout prints its own readable trace, in one piece once it is done: its info log
    // lines (every action, event and operation, a hundred of them) would only bury it, so the
    // log shows warnings and errors alone while it runs. A level set above info stays as it is.
    const { logger } = server;
    const level = logger.level;
    if (logger.levelVal < logger.levels.values.warn!) logger.level = 'warn';
    const trace: string[] = [];
    try {
      await runDemoFlowCheckout(server.engine, {
        cartId: firstCheckout.cartId,
        buyerId: firstCheckout.buyerId,
        print: (line) => trace.push(`  ${line}`),
      });
    } finally {
      logger.level = level;
      print("A first checkout of the new demo store, driven by the store's checkout flow in this process:");
      trace.forEach((line) => print(line));
    }
    print('');
  }
  print(`b2b-checkout listening on ${url} (database ${maskCredentials(config.databaseUrl)})`);
  if (administrator.newToken !== null) {
    print(`Administrator token (shown once, stored only as a hash): ${administrator.newToken}`);
  } else if (config.adminToken !== undefined) {
    print('Administrator token: the one in B2B_CHECKOUT_ADMIN_TOKEN');
  } else {
    print(
      'Administrator token: the one printed earlier, until it expires (a new one is printed at the next start ' +
        'after that; set B2B_CHECKOUT_ADMIN_TOKEN to choose one)',
    );
  }
  const demoBuyer = buyer as DemoBuyer | null;
  if (demoBuyer !== null) {
    print(`Buyer ${demoBuyer.username} token (valid 24 h): ${demoBuyer.token}`);
    print(`In a browser: ${url}/ — sign in as ${demoBuyer.username} with the password ${demoBuyerPassword}`);
    if (demoBuyer.cartId !== null) {
      print('Start a checkout of the demo cart:');
      print(
        `curl -s -X POST ${url}/services/data/v62.0/actions/standard/checkoutSessionAction ` +
          `-H 'Authorization: Bearer ${demoBuyer.token}' -H 'Content-Type: application/json' ` +
          `-d '{"inputs":[{"cartId":"${demoBuyer.cartId}"}]}'`,
      );
    }
  }
  print(`OpenAPI: ${url}/openapi.json · metrics: ${url}/metrics · docs/api.md walks a whole checkout`);

  let isClosing = false;
  const shutdown = (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    print(`${signal}: finishing in-flight requests and running operations…`);
    server.close().then(
      () => print('stopped'),
      (error: unknown) => {
        console.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
