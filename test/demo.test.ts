import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/cli/demo.js';
import { temporaryDatabaseFile } from './support/test-engine.js';

describe('b2b-checkout demo', () => {
  it('prints a completed checkout ending with the activated order and its summary', async () => {
    const { file, remove } = temporaryDatabaseFile();
    const lines: string[] = [];
    try {
      await runDemo({ databaseFile: file, print: (line) => lines.push(line) });
    } finally {
      remove();
    }
    const output = lines.join('\n');
    expect(output).toContain('→ checkoutSessionAction ✓');
    expect(output).toMatch(/CartToOrder Complete in [\d.]+ ms/);
    expect(output).toMatch(/Order \d{8} \(801\w{15}\): Activated/);
    expect(output).toMatch(/Order summary 1Os\w{15}: Created/);
    expect(output).toContain('Checkout complete.');
    for (const screen of ['Shipping_Address_Screen', 'Delivery_Method_Screen', 'Payment_Screen', 'Summary_Screen']) {
      expect(output).toMatch(new RegExp(`${screen} submitted .* [\\d.]+ ms`));
    }
    expect(lines.at(-1)).toMatch(
      /^Flow checkout: order \d{8} \(801\w{15}\): Activated, PO PO-DEMO-1; redirected to orderconfirmation 1Os\w{15}$/,
    );
  });
});
