// Phase B: drives the real workbench (code-server + Chromium) like a user, against the
// installed .vsix: completion inside a placeholder, a squiggle and its Problems entry, hover,
// and "Create Sync Job Template" from the command palette (answering the token prompt) with
// the success notification carrying the id from the fake Truto API.
// env: CS_URL, WS, SHOTS (folder for screenshots), FAKE_TRUTO_URL, FAKE_TRUTO_TOKEN, CHROME
import fs from 'node:fs';
import path from 'node:path';
import { closeBrowser, createReport, launchBrowser, openFile as openFileIn, runCommand as runCommandIn } from './uiSession.mjs';

const { CS_URL, WS, SHOTS, FAKE_TRUTO_URL, FAKE_TRUTO_TOKEN } = process.env;
const report = createReport('ui');
const { log, check } = report;

fs.mkdirSync(SHOTS, { recursive: true });
const browser = await launchBrowser();
const { page } = browser;

const openFile = (name) => openFileIn(page, name);
const runCommand = (title) => runCommandIn(page, title);

try {
  await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS)}`);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 120_000 });
  log('workbench loaded');

  // 1. A squiggle, its Problems entry with the code, and its hover.
  await openFile('broken.synctemplate.json');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.filter({ hasText: 'usr_id' }).first().waitFor({ timeout: 30_000 });
  const problems = await rows.allInnerTexts();
  check('Problems panel lists unknown-arg with its code', problems.some((p) => p.includes('unknown-arg') && p.includes('usr_id')), JSON.stringify(problems));
  check('Problems panel lists the schema error', problems.some((p) => p.includes('"deny", "ask", "allow"')), JSON.stringify(problems));
  await page.locator('.monaco-editor .view-lines').first().click();
  const squiggles = page.locator('.monaco-editor .squiggly-error');
  let hovered = false;
  for (let i = 0; i < (await squiggles.count()) && !hovered; i++) {
    const box = await squiggles.nth(i).boundingBox();
    if (!box) continue;
    await page.mouse.move(box.x + box.width / 2 - 3, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    hovered = await page.locator('.monaco-hover', { hasText: 'args_schema does not declare' }).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
  }
  check('hovering the squiggle shows the message', hovered);
  await page.keyboard.press('Escape');

  // 2. Completion inside a placeholder, as typed by a user.
  await openFile('tickets.synctemplate.json');
  const fixture = fs.readFileSync(path.join(WS, 'tickets.synctemplate.json'), 'utf8').split('\n');
  const methodLine = fixture.findIndex((l) => l.includes('"method": "list"')) + 1;
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(methodLine));
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('"id": "{{args.', { delay: 40 });
  const items = page.locator('.suggest-widget .monaco-list-row');
  const appeared = await items.filter({ hasText: 'user_id' }).first().waitFor({ timeout: 30_000 }).then(() => true, () => false);
  const labels = appeared ? await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))) : [];
  check('completion widget lists the arguments inside {{args.', appeared && labels.some((l) => l?.includes('page_size')), JSON.stringify(labels));
  await page.screenshot({ path: path.join(SHOTS, 'completion-in-placeholder.png') });
  log('screenshot', path.join(SHOTS, 'completion-in-placeholder.png'));
  await page.keyboard.press('Enter'); // accept user_id
  // Wait for the editor to render the accepted item (reading the line at once races the edit).
  const accepted = page.locator('.monaco-editor .view-line', { hasText: '{{args.user_id}}' }).filter({ hasText: '"id"' }).first();
  const insertedOnlyTheName = await accepted.waitFor({ timeout: 15_000 }).then(() => true, () => false);
  const line = insertedOnlyTheName ? await accepted.innerText() : await page.locator('.monaco-editor .view-line', { hasText: '"id"' }).first().innerText().catch(() => '');
  check('accepting inserts only the name', insertedOnlyTheName && /"id": "\{\{args\.user_id\}\}"/.test(line.replace(/\u00a0/g, ' ')), line);
  await page.keyboard.press('End');
  await page.keyboard.type(','); // the new key needs its comma before the next one
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => {});

  // 3. Publish from the command palette; the token is asked for on first use.
  await runCommand('Synctemplate: Create Sync Job Template');
  const tokenBox = page.locator('.quick-input-widget input[type="password"]');
  await tokenBox.waitFor({ timeout: 30_000 });
  await tokenBox.fill(FAKE_TRUTO_TOKEN);
  await page.keyboard.press('Enter');
  const toast = page.locator('.notification-toast', { hasText: 'Created sync job template' }).first();
  const created = await toast.waitFor({ timeout: 60_000 }).then(() => true, () => false);
  const templates = await (await fetch(`${FAKE_TRUTO_URL}/__fake/templates`)).json();
  const id = templates.find((t) => t.label === 'Zendesk tickets')?.id;
  const text = created ? await toast.innerText() : '';
  check('success notification shows the id from the API', created && id !== undefined && text.includes(id), `${text} / ${JSON.stringify(templates.map((t) => t.id))}`);
  await page.screenshot({ path: path.join(SHOTS, 'published.png') });

  // 4. Preview Requests beside a template that has a sample arguments file (the README's screenshot).
  await runCommand('Notifications: Clear All Notifications');
  await openFile('preview.synctemplate.json');
  // Room for the two editors side by side: hide the Problems panel (opened in step 1) and the side bar.
  await page.keyboard.press('Control+J');
  await page.keyboard.press('Control+B');
  await runCommand('Synctemplate: Preview Requests');
  const previewTab = page.locator('.tab[aria-label*="preview.synctemplate.preview.md"]').first();
  const previewOpened = await previewTab.waitFor({ timeout: 60_000 }).then(() => true, () => false);
  const previewHeading = page.locator('.monaco-editor .view-line', { hasText: '# Preview: preview.synctemplate.json' }).first();
  const previewRendered = previewOpened && (await previewHeading.waitFor({ timeout: 30_000 }).then(() => true, () => false));
  check('Preview Requests opens the preview beside the template', previewRendered);
  await page.screenshot({ path: path.join(SHOTS, 'preview-requests.png') });
  log('screenshot', path.join(SHOTS, 'preview-requests.png'));
} catch (error) {
  report.failed++;
  log('ERROR', error.message.split('\n')[0]);
  await page.screenshot({ path: path.join(SHOTS, 'ui-smoke-failure.png') }).catch(() => {});
} finally {
  await closeBrowser(browser);
}
fs.writeFileSync(path.join(SHOTS, 'ui-smoke-results.json'), JSON.stringify({ passed: report.passed, failed: report.failed }));
log(`${report.passed} passed, ${report.failed} failed`);
process.exit(report.failed > 0 ? 1 : 0);
