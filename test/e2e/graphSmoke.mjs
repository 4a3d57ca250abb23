// Phase B, graph: drives the real workbench (code-server + Chromium) against the installed .vsix:
// "Show Template Graph" from the command palette opens the webview beside the editor with one
// element per node and edge (compared with `synctemplate graph --format json`), the node with
// errors outlined with its count, a click on a node selects its name in the editor, Enter on a
// focused node does the same, and moving the editor's cursor highlights the node holding it.
// env: CS_URL, WS, SHOTS (folder for screenshots), CHROME, ROOT (the repository, for dist/cli.js)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { closeBrowser, createReport, launchBrowser, openFile as openFileIn, runCommand as runCommandIn } from './uiSession.mjs';

const { CS_URL, WS, SHOTS, ROOT } = process.env;
const FIXTURE = 'pipeline.synctemplate.json';
const report = createReport('graph');
const { log, check } = report;

/** The graph as the CLI prints it: what the webview must draw. */
const expected = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'graph', path.join(WS, FIXTURE), '--format', 'json'], { encoding: 'utf8' }));

/** A runtime 4 template of `count` nodes: a tree of requests, transforms, add_context and spool nodes, and a destination. */
function largeTemplate(count) {
  const types = ['request', 'transform', 'add_context', 'spool'];
  const resources = [];
  for (let i = 0; i < count - 1; i++) {
    const type = types[i % 4];
    const node = { name: `node-${i}`, type, ...(i > 0 ? { depends_on: `node-${Math.floor((i - 1) / 3)}` } : {}) };
    if (type === 'request') Object.assign(node, { resource: `crm/res_${i}`, method: 'list', integrated_account_id: '{{args.integrated_account_id}}' });
    if (type === 'transform' || type === 'add_context') node.config = { expression: '{ "x": 1 }' };
    resources.push(node);
  }
  const persisted = resources.filter((_, i) => i % 7 === 0).map((n) => n.name);
  resources.push({ name: 'out', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: persisted });
  const args = { integrated_account_id: { type: 'string', required: true }, webhook_id: { type: 'string', required: true } };
  return `${JSON.stringify({ label: 'Large', default_runtime_version: 4, sharing: 'deny', args_schema: args, resources }, null, 2)}\n`;
}

fs.mkdirSync(SHOTS, { recursive: true });
const browser = await launchBrowser();
const { page } = browser;
const cspViolations = [];
page.on('console', (message) => {
  if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspViolations.push(message.text());
});

const openFile = (name) => openFileIn(page, name);
const runCommand = (title) => runCommandIn(page, title);

/** The webview's inner frame (webviews are nested iframes): the one that has the graph's svg. */
async function graphFrame(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame.evaluate(() => document.querySelectorAll('svg#graph g.node').length).catch(() => 0);
      if (found > 0) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the graph webview did not draw within a minute');
}

/** The editor's cursor as the status bar shows it ("Ln 5, Col 9 (6 selected)"). */
async function cursorStatus() {
  return (await page.locator('.statusbar-item[id="status.editor.selection"]').first().innerText().catch(() => '')).replace(/\s+/g, ' ');
}

async function waitFor(what, probe, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await page.waitForTimeout(200);
  }
  return last;
}

try {
  await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS)}`);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 120_000 });
  log('workbench loaded');
  await openFile(FIXTURE);
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 60_000 });
  await runCommand('View: Close Primary Side Bar'); // more room for the graph (a toggle would depend on the last run)
  await runCommand('Synctemplate: Show Template Graph');
  const frame = await graphFrame();
  check('the graph panel opens as a tab beside the editor', (await page.locator(`.tab[aria-label*="Graph: ${FIXTURE}"]`).count()) === 1);

  const nodeIds = await frame.locator('svg#graph g.node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  const edgeIds = await frame.locator('svg#graph path.edge').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  check('one element per node', JSON.stringify(nodeIds) === JSON.stringify(expected.nodes.map((n) => n.id)), `${JSON.stringify(nodeIds)} vs ${expected.nodes.length} nodes`);
  check('one element per edge', JSON.stringify(edgeIds) === JSON.stringify(expected.edges.map((e) => e.id)), `${JSON.stringify(edgeIds)} vs ${expected.edges.length} edges`);
  const labels = await frame.locator('svg#graph g.node text.label').allTextContents();
  check('nodes are labelled with their names', expected.nodes.every((n) => labels.includes(n.label)), JSON.stringify(labels));
  const persistEdges = await frame.locator('svg#graph path.edge.persists').count();
  check('resources_to_persist edges are drawn as such', persistEdges === expected.edges.filter((e) => e.kind === 'persists').length, String(persistEdges));

  const failing = expected.nodes.filter((n) => n.errors > 0);
  const outlined = await waitFor('error outlines', async () => {
    const ids = await frame.locator('svg#graph g.node.has-errors').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    return ids.length === failing.length ? ids : undefined;
  });
  const badge = failing[0] ? await frame.locator(`svg#graph g.node[data-id="${failing[0].id}"] .badge.shown text`).textContent().catch(() => '') : '';
  check('nodes with errors are outlined with their count', failing.length > 0 && JSON.stringify(outlined) === JSON.stringify(failing.map((n) => n.id)) && badge === String(failing[0].errors), `${JSON.stringify(outlined)} badge ${badge}`);
  const layoutMs = await frame.locator('svg#graph').getAttribute('data-layout-ms');
  const layoutIn = await frame.locator('svg#graph').getAttribute('data-layout-in');
  log(`layout of ${nodeIds.length} nodes took ${layoutMs} ms (${layoutIn})`);
  check('the layout runs in a worker, off the webview\'s main thread', layoutIn === 'worker', String(layoutIn));

  // Click a node: the editor selects its name.
  const target = expected.nodes.find((n) => n.label === 'comments');
  await frame.locator(`svg#graph g.node[data-id="${target.id}"]`).click();
  const selectedName = `Ln ${target.line}, Col ${target.column + target.label.length} (${target.label.length} selected)`;
  const afterClick = await waitFor('the editor selection', async () => ((await cursorStatus()).includes(selectedName) ? cursorStatus() : undefined));
  check('clicking a node selects its name in the editor', Boolean(afterClick), `${await cursorStatus()} (wanted ${selectedName})`);
  const highlighted = await waitFor('the highlight', async () => (await frame.locator(`svg#graph g.node.selected[data-id="${target.id}"]`).count()) === 1);
  check('the node holding the editor selection is highlighted', Boolean(highlighted));

  // Move the cursor in the editor: the highlight follows.
  const other = expected.nodes.find((n) => n.label === 'done');
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(other.line));
  await page.keyboard.press('Enter');
  const followed = await waitFor('the highlight to follow the cursor', async () => (await frame.locator(`svg#graph g.node.selected[data-id="${other.id}"]`).count()) === 1);
  check('moving the cursor in the editor moves the highlight', Boolean(followed), await frame.locator('svg#graph g.node.selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))).then(JSON.stringify));

  // Keyboard: a focused node and Enter reveal it too.
  const keyed = expected.nodes.find((n) => n.label === 'to-webhook');
  await frame.locator(`svg#graph g.node[data-id="${keyed.id}"]`).focus();
  await page.keyboard.press('Enter');
  const keyedStatus = `Ln ${keyed.line}, Col ${keyed.column + keyed.label.length}`;
  const afterEnter = await waitFor('the editor selection after Enter', async () => ((await cursorStatus()).includes(keyedStatus) ? true : undefined));
  check('Enter on a focused node selects it in the editor', Boolean(afterEnter), `${await cursorStatus()} (wanted ${keyedStatus})`);

  // A name that is not defined: a click shows where it is used.
  const missing = expected.nodes.find((n) => n.kind === 'missing');
  await frame.locator(`svg#graph g.node[data-id="${missing.id}"]`).click();
  const missingStatus = `Ln ${missing.line}, Col ${missing.column + missing.label.length}`;
  const afterMissing = await waitFor('the editor selection on the reference', async () => ((await cursorStatus()).includes(missingStatus) ? true : undefined));
  check('clicking a name that is not defined selects where it is used', Boolean(afterMissing), `${await cursorStatus()} (wanted ${missingStatus})`);

  check('no Content-Security-Policy violation', cspViolations.length === 0, cspViolations.join(' | '));
  // The colour theme reaches the webview through VS Code's CSS variables.
  const editorBackground = await page.locator('.monaco-editor .monaco-editor-background').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  const graphBackground = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check('the graph follows the colour theme (editor background)', editorBackground === graphBackground, `${graphBackground} vs ${editorBackground}`);
  await frame.locator(`svg#graph g.node[data-id="${target.id}"]`).click();
  await page.waitForTimeout(500);
  // The editor area (template and graph side by side): the picture the README shows.
  await page.locator('.part.editor').first().screenshot({ path: path.join(SHOTS, 'graph.png') }).catch(() => page.screenshot({ path: path.join(SHOTS, 'graph.png') }));
  log('screenshot', path.join(SHOTS, 'graph.png'));

  // A window reload brings the panel back on its template (the webview panel serializer).
  // The workbench's own reload (it saves the window's state first; a bare page reload may not).
  await runCommand('Developer: Reload Window');
  await page.waitForTimeout(3_000);
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  const restored = await graphFrame(150_000).catch(() => undefined);
  const restoredNodes = restored ? await restored.locator('svg#graph g.node').count() : 0;
  if (!restored) await page.screenshot({ path: path.join(SHOTS, 'graph-reload-failure.png') });
  check('after a reload the graph panel is restored and drawn', restoredNodes === expected.nodes.length && (await page.locator(`.tab[aria-label*="Graph: ${FIXTURE}"]`).count()) === 1, String(restoredNodes));

  // 500 nodes: drawn completely; the layout time is printed (a figure, not an assertion).
  fs.writeFileSync(path.join(WS, 'large.synctemplate.json'), largeTemplate(500));
  const largeExpected = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'graph', path.join(WS, 'large.synctemplate.json'), '--format', 'json'], { encoding: 'utf8' }));
  await openFile('large.synctemplate.json');
  await runCommand('Synctemplate: Show Template Graph');
  const largeFrame = await waitFor(
    'the large graph',
    async () => {
      for (const f of page.frames()) {
        const count = await f.evaluate(() => document.querySelectorAll('svg#graph g.node').length).catch(() => 0);
        if (count === largeExpected.nodes.length) return f;
      }
      return undefined;
    },
    120_000,
  );
  const largeCounts = largeFrame ? [await largeFrame.locator('svg#graph g.node').count(), await largeFrame.locator('svg#graph path.edge').count()] : [];
  check(`500 nodes: one element per node and edge (${largeExpected.nodes.length}, ${largeExpected.edges.length})`, JSON.stringify(largeCounts) === JSON.stringify([largeExpected.nodes.length, largeExpected.edges.length]), JSON.stringify(largeCounts));
  if (largeFrame) {
    const svgGraph = largeFrame.locator('svg#graph');
    log(`FIGURE layout of ${largeExpected.nodes.length} nodes / ${largeExpected.edges.length} edges: ${await svgGraph.getAttribute('data-layout-ms')} ms (${await svgGraph.getAttribute('data-layout-in')})`);
  }
} catch (error) {
  report.failed++;
  log('ERROR', error.message.split('\n')[0]);
  await page.screenshot({ path: path.join(SHOTS, 'graph-failure.png') }).catch(() => {});
} finally {
  await closeBrowser(browser);
}
fs.writeFileSync(path.join(SHOTS, 'graph-smoke-results.json'), JSON.stringify({ passed: report.passed, failed: report.failed }));
log(`${report.passed} passed, ${report.failed} failed`);
process.exit(report.failed > 0 ? 1 : 0);
