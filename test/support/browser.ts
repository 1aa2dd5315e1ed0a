/**
 * Debian's chromium driven by playwright-core, headless, with nothing reaching out of the
 * machine: no sync, no component updates, no background networking. `launch` gives every run
 * a fresh temporary profile (user data directory), removed when the browser closes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const screenshotDirectory = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/** Saves the page as docs/screenshots/<name>.png (shown in the README). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDirectory, { recursive: true });
  await page.screenshot({ path: join(screenshotDirectory, `${name}.png`), fullPage: true });
}
