import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startCluster, stopAll, type ClusterMember } from '../helpers/cluster.js';
import { ADMIN, tempDir, type NodeProcess } from '../helpers/node-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots kept for people to look at (gitignored). */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'ui');
/** Debian's Chromium; .ci/run installs it where it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** Long enough for a change to replicate and for the UI's 2 s status poll to notice it. */
export const LIVE = { timeout: 15_000 };

export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 860 };

/**
 * A headless Chromium with a fresh profile that may only talk to the given nodes: every request to
 * another host is answered with an error and recorded, and every console error is recorded, so a
 * test can check that the UI loads nothing from elsewhere and logs no error.
 */
export class Browser {
  readonly external: string[] = [];
  readonly consoleErrors: string[] = [];
  /** Console errors a test expects (e.g. the 401 of a wrong password), each allowed once. */
  private readonly expected: RegExp[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(nodes: NodeProcess[]): Promise<Browser> {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed: apt-get install chromium (.ci/run does it)`);
    const profile = tempDir('geocluster-chromium-');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: LAPTOP,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const browser = new Browser(context, profile);
    const allowed = new Set(nodes.map((n) => `127.0.0.1:${n.port}`));
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (allowed.has(url.host) && url.protocol === 'http:') return route.continue();
      browser.external.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    return browser;
  }

  async page(viewport = LAPTOP): Promise<Page> {
    const page = await this.context.newPage();
    await page.setViewportSize(viewport);
    page.on('console', (m: ConsoleMessage) => m.type() === 'error' && this.consoleError(m.text()));
    page.on('pageerror', (err) => this.consoleError(`uncaught: ${err.message}`));
    return page;
  }

  /** The next console error matching `pattern` is expected, not a failure. */
  expectConsoleError(pattern: RegExp): void {
    this.expected.push(pattern);
  }

  private consoleError(text: string): void {
    const i = this.expected.findIndex((p) => p.test(text));
    if (i >= 0) this.expected.splice(i, 1);
    else this.consoleErrors.push(text);
  }

  async close(): Promise<void> {
    await this.context.close();
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

/** The UI's address on a node. */
export function webUrl(node: NodeProcess, page = ''): string {
  return `http://127.0.0.1:${node.port}/geoserver/web/${page}`;
}

/** Opens the UI on a node and logs in as the REST admin; resolves on the cluster page. */
export async function logIn(page: Page, node: NodeProcess): Promise<void> {
  await page.goto(webUrl(node));
  await page.getByLabel('User name').fill(ADMIN.user);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('table', { name: 'Cluster nodes' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // let the last render reach the layout, so the full-page size is the page's
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Real nodes of a cluster and a browser allowed to talk to them only, for one describe block. */
export interface UiCluster {
  /** Filled in place before the first test, so it may be destructured at once. */
  readonly nodes: ClusterMember[];
  readonly browser: Browser;
}

/**
 * Starts a cluster of nodes with these names and a browser before the block's tests, stops both
 * after them, and checks after each test that no request left the nodes and no unexpected console
 * error was logged. Call it inside `describe`.
 */
export function browserOnCluster(names: string[]): UiCluster {
  const ui = { nodes: [] as ClusterMember[], browser: undefined as unknown as Browser };
  beforeAll(async () => {
    ui.nodes.push(...(await startCluster(names.length, { names })));
    ui.browser = await Browser.launch(ui.nodes);
  }, 60_000);
  afterAll(async () => {
    await ui.browser?.close();
    await stopAll(ui.nodes);
  });
  afterEach(() => {
    expect(ui.browser.external, 'requests to other hosts than the node').toEqual([]);
    expect(ui.browser.consoleErrors, 'console errors').toEqual([]);
  });
  return ui;
}

