import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import {
  type DevAccount,
  type DevIdentityProvider,
  startDevIdentityProvider,
} from '../../src/cli/dev-identity-provider.js';
import { startTestApp, type TestApp } from './test-app.js';

/** Debian's chromium package; playwright-core drives it (no browser download). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A port nothing listens on just now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Headless, and quiet on this machine's closed network (no background connections). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless; a clear failure saying what to install when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests need Debian's chromium package ` +
        '(apt-get install -y chromium; .ci/run and npm test install it when missing), or CHROMIUM_PATH set to one.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface WebHarness {
  test: TestApp;
  base: string;
  provider: DevIdentityProvider;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The api listening on a real port, signed in to through a real OpenID provider (oidc-provider, on
 * its own port) with `accounts`, and a headless Chromium to drive it.
 */
export async function startWebHarness(accounts: DevAccount[], extra: Record<string, string> = {}): Promise<WebHarness> {
  const [appPort, providerPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${appPort}`;
  const client = { clientId: 'fairshift-test', clientSecret: `secret-${appPort}-${providerPort}-for-the-tests` };
  const provider = await startDevIdentityProvider({ port: providerPort, relyingPartyUrl: base, accounts, ...client });
  let test: TestApp | undefined;
  let browser: Browser;
  try {
    test = await startTestApp({
      PUBLIC_URL: base,
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: client.clientId,
      OIDC_CLIENT_SECRET: client.clientSecret,
      ...extra,
    });
    await test.app.listen(appPort, '127.0.0.1');
    browser = await launchChromium();
  } catch (error) {
    await test?.close();
    await provider.close();
    throw error;
  }
  return {
    test: test!,
    base,
    provider,
    browser,
    close: async () => {
      await browser.close();
      await test!.close();
      await provider.close();
    },
  };
}

/** A phone: 360 CSS pixels wide, touch, as bank staff pick up shifts on the bus. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/**
 * A browser context without Playwright's own time limits: a slow, shared machine is not a failure.
 * `device` makes it a phone (PHONE) or any other screen.
 */
export async function newContext(harness: WebHarness, device: BrowserContextOptions = {}): Promise<BrowserContext> {
  // British dates in date fields, as the people using the service see them.
  const context = await harness.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', ...device });
  context.setDefaultTimeout(0);
  context.setDefaultNavigationTimeout(0);
  return context;
}

/** Signs in through the provider's page as `account`, from the service's start page; the page is where it lands. */
export async function signIn(harness: WebHarness, account: DevAccount, context?: BrowserContext): Promise<Page> {
  const page = await (context ?? (await newContext(harness))).newPage();
  await page.goto(`${harness.base}/`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${harness.provider.issuer}/**`);
  await page.fill('#email', account.email);
  await page.fill('#password', account.password);
  await page.click('button[type=submit]');
  // Not a time limit: if the sign-in has not come back after a minute, say where the browser is.
  const report = setTimeout(() => {
    void page
      .locator('h1')
      .first()
      .textContent()
      .catch(() => null)
      .then((heading) => console.warn(`signIn(${account.email}) still waiting at ${page.url()} (${heading})`));
  }, 60_000);
  try {
    // The provider's redirects end on the service: past its callback, once the page has loaded.
    await page.waitForURL((url) => url.href.startsWith(`${harness.base}/`) && url.pathname !== '/auth/login', {
      waitUntil: 'load',
    });
  } finally {
    clearTimeout(report);
  }
  return page;
}

/**
 * Signs in through the real provider in a browser of its own, and answers that session's cookie
 * for plain HTTP requests (`Cookie` header) to the pages.
 */
export async function sessionCookie(harness: WebHarness, account: DevAccount): Promise<string> {
  const context = await newContext(harness);
  try {
    await signIn(harness, account, context);
    return (await context.cookies(harness.base)).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  } finally {
    await context.close();
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical WCAG 2.2 AA violations on the page as it stands. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
}
