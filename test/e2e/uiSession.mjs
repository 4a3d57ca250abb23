// What the Playwright smokes (uiSmoke.mjs, graphSmoke.mjs) share: a PASS/FAIL tally with a timed
// log, a headless Chromium on a throw-away profile, and the two workbench gestures every step
// uses (Quick Open a file, run a command from the palette). Kept here so both drive the
// workbench the same way.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** A log prefixed with `[tag seconds]` and a tally of checks; `failed` may be bumped for an error. */
export function createReport(tag) {
  const started = Date.now();
  const report = {
    passed: 0,
    failed: 0,
    log: (...a) => console.log(`[${tag} ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...a),
    check: (name, ok, detail = '') => {
      report.log(ok ? 'PASS' : 'FAIL', name, ok ? '' : detail);
      if (ok) report.passed++;
      else report.failed++;
    },
  };
  return report;
}

/** Headless Chromium (env CHROME, else /usr/bin/chromium) on a fresh profile; close with `closeBrowser`. */
export async function launchBrowser() {
  const profile = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'chrome-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, profile };
}

export async function closeBrowser({ context, profile }) {
  await context.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
}

/** Quick Open (Ctrl+P) `name` and wait for its editor tab. */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(name);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`, { state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab[aria-label*="${name}"]`, { timeout: 30_000 });
}

/**
 * Run the command titled `title` from the command palette (F1). A command whose `when` clause
 * reads the active editor (editorLangId) is listed only once the editor just opened has become
 * active, which on a loaded machine can lag behind its tab: the palette is opened again (up to
 * three times) rather than failing on the first look.
 */
export async function runCommand(page, title) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(title);
    try {
      await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}
