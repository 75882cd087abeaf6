// Launches the machine's Chromium through playwright-core (which downloads no browser), headless,
// and records every console error and uncaught exception of the page and of its workers.
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
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

/** Collects the errors a page reports, from its own scripts and from its workers. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  const onConsole = (where: string) => (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`${where} console.error: ${message.text()}`);
  };
  page.on('console', onConsole('page'));
  page.on('pageerror', (error) => errors.push(`page exception: ${error.message}`));
  page.on('worker', (worker) => worker.on('console', onConsole(`worker ${worker.url()}`)));
  page.on('crash', () => errors.push('page crashed'));
  return errors;
}
