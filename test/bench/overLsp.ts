// The bench's over-LSP tables: our bundled server (dist/server.js) against VS Code's JSON language
// server (the npm package vscode-langservers-extracted, which ships it unchanged, on the same
// vscode-json-languageservice), each a separate process spoken to over stdio, as an editor does.
// The figures the issue quoted were taken this way; they count what the in-process tables leave
// out: starting the process, its code running cold, the worker thread, the messages.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';
import { repoPath } from '../support/fixtures';
import { generateShape, type TemplateShape } from '../support/templateShapes';
import { editsOf, mark, median, table } from './figures';

const TARGET = { firstOpen: 1.3, edit: 1.2, rss: 1.3 };
const JSON_SERVER = repoPath('node_modules', 'vscode-langservers-extracted', 'lib', 'json-language-server', 'node', 'jsonServerMain.js');
const SCHEMA_URL = pathToFileURL(repoPath('schemas', 'synctemplate.schema.json')).href;

type Server = 'json' | 'ours';

/** A started and initialised server; the JSON server is told to validate templates against our schema. */
async function startServer(server: Server): Promise<LspTestClient> {
  const client = new LspTestClient({
    pullDiagnostics: true,
    ...(server === 'json' ? { server: [JSON_SERVER, '--stdio'], initializationOptions: { provideFormatter: false } } : { settings: {} }),
  });
  await client.initialize();
  if (server === 'json') {
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { json: { validate: { enable: true }, schemas: [{ fileMatch: ['*.synctemplate.json'], url: SCHEMA_URL }] } },
    });
  }
  return client;
}

async function elapsed<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await task();
  return { ms: performance.now() - start, value };
}

/** Edits per template in a session (a space typed in a different step each time); the median is reported. */
const EDITS = 5;

interface Template {
  readonly shape: TemplateShape;
  readonly steps: number;
  readonly text: string;
  readonly edits: readonly string[];
}

interface Session {
  /** Per template, in order: ms from didOpen to the pulled diagnostics, and from didChange to them (the median of EDITS). */
  readonly open: number[];
  readonly edit: number[];
  readonly peakMiB: number | undefined;
}

/**
 * One server process opens every template in turn, pulls its diagnostics, edits it (one step at a
 * time, EDITS times), pulls after each edit, and keeps it open; the peak RSS is read at the end,
 * with every template open.
 */
async function session(server: Server, templates: readonly Template[]): Promise<Session> {
  const client = await startServer(server);
  const open: number[] = [];
  const edit: number[] = [];
  try {
    for (const [index, template] of templates.entries()) {
      const uri = `file:///bench/${template.shape}-${template.steps}-${index}.synctemplate.json`;
      open.push((await elapsed(() => client.open(uri, template.text).then(() => client.pull(uri)))).ms);
      const times: number[] = [];
      for (const [n, text] of template.edits.entries()) times.push((await elapsed(() => client.change(uri, text, n + 2).then(() => client.pull(uri)))).ms);
      edit.push(median(times));
    }
    return { open, edit, peakMiB: client.peakRssMiB() };
  } finally {
    await client.stop();
  }
}

/** A server started for one template: ms to the initialize answer, then from didOpen to its diagnostics. */
async function freshStart(server: Server, template: Template): Promise<{ start: number; first: number }> {
  const started = await elapsed(() => startServer(server));
  const client = started.value;
  try {
    const uri = `file:///bench/fresh-${template.shape}-${template.steps}.synctemplate.json`;
    const first = await elapsed(() => client.open(uri, template.text).then(() => client.pull(uri)));
    return { start: started.ms, first: first.ms };
  } finally {
    await client.stop();
  }
}

const ratio = (ours: number, json: number, target: number) => `${(ours / json).toFixed(2)}× ${mark(ours / json <= target)}`;

/** Prints the over-LSP tables for `shapes` at `sizes` (≥ 2,000 steps: where the targets apply). */
export async function printOverLspTables(shapes: readonly TemplateShape[], sizes: readonly number[], runs: number): Promise<void> {
  if (!existsSync(JSON_SERVER)) {
    console.log(`\nOver LSP: skipped, VS Code's JSON server is not installed (${JSON_SERVER}); run npm install.`);
    return;
  }
  const templates: Template[] = shapes.flatMap((shape) =>
    sizes.map((steps) => {
      const text = generateShape(shape, steps);
      return { shape, steps, text, edits: editsOf(text, EDITS) };
    }),
  );

  // Sessions alternate between the servers, so that a slow spell of the machine hits both.
  const sessions: Record<Server, Session[]> = { json: [], ours: [] };
  for (let run = 0; run < runs; run++) {
    for (const server of ['json', 'ours'] as const) sessions[server].push(await session(server, templates));
    process.stderr.write(`  over LSP: session ${run + 1} of ${runs}\n`);
  }
  const cell = (server: Server, kind: 'open' | 'edit', index: number) => median(sessions[server].map((s) => s[kind][index]));
  console.log(
    `\nOver LSP, one server process each (VS Code's JSON server, vscode-langservers-extracted, told our schema; ours, dist/server.js), as an editor drives them: every template opened in turn and its diagnostics pulled, then edited ${EDITS} times (a space typed in a different step each time) and pulled after each edit (the median); all stay open. Elapsed ms, median of ${runs} sessions. The first template is each server's first work, its code cold. The in-process targets, for reference: first open ≤${TARGET.firstOpen}×, edit ≤${TARGET.edit}×.\n`,
  );
  table(
    ['shape', 'steps', 'JSON first open', 'ours first open', 'ratio', 'JSON edit', 'ours edit', 'ratio'],
    templates.map((template, index) => {
      const [jsonOpen, oursOpen, jsonEdit, oursEdit] = [cell('json', 'open', index), cell('ours', 'open', index), cell('json', 'edit', index), cell('ours', 'edit', index)];
      return [template.shape, String(template.steps), jsonOpen.toFixed(0), oursOpen.toFixed(0), ratio(oursOpen, jsonOpen, TARGET.firstOpen), jsonEdit.toFixed(0), oursEdit.toFixed(0), ratio(oursEdit, jsonEdit, TARGET.edit)];
    }),
  );
  const peaks = (server: Server) => sessions[server].map((s) => s.peakMiB).filter((mib): mib is number => mib !== undefined);
  const [jsonPeaks, oursPeaks] = [peaks('json'), peaks('ours')];
  if (jsonPeaks.length > 0 && oursPeaks.length > 0) {
    const [jsonPeak, oursPeak] = [median(jsonPeaks), median(oursPeaks)];
    console.log(
      `\nPeak RSS of the server process with all of these open and edited (median of ${runs}; each session's: JSON ${jsonPeaks.map((p) => p.toFixed(0)).join(', ')}, ours ${oursPeaks.map((p) => p.toFixed(0)).join(', ')} MiB): JSON ${jsonPeak.toFixed(0)} MiB, ours ${oursPeak.toFixed(0)} MiB, ${ratio(oursPeak, jsonPeak, TARGET.rss)} (target ≤${TARGET.rss}×).`,
    );
  }

  const freshRows: string[][] = [];
  for (const template of templates) {
    const results: Record<Server, { start: number; first: number }[]> = { json: [], ours: [] };
    for (let run = 0; run < runs; run++) for (const server of ['json', 'ours'] as const) results[server].push(await freshStart(server, template));
    const of = (server: Server, kind: 'start' | 'first') => median(results[server].map((r) => r[kind]));
    const [jsonTotal, oursTotal] = [median(results.json.map((r) => r.start + r.first)), median(results.ours.map((r) => r.start + r.first))];
    freshRows.push([
      template.shape,
      String(template.steps),
      of('json', 'start').toFixed(0),
      of('ours', 'start').toFixed(0),
      of('json', 'first').toFixed(0),
      of('ours', 'first').toFixed(0),
      ratio(of('ours', 'first'), of('json', 'first'), TARGET.firstOpen),
      jsonTotal.toFixed(0),
      oursTotal.toFixed(0),
      ratio(oursTotal, jsonTotal, TARGET.firstOpen),
    ]);
  }
  console.log(
    `\nOver LSP, a server started for one template (as when the editor opens the first template of a session): the process started and initialised, then the template opened and its diagnostics pulled. Elapsed ms, median of ${runs}:\n`,
  );
  table(['shape', 'steps', 'JSON start', 'ours start', 'JSON first diagnostics', 'ours first diagnostics', 'ratio', 'JSON total', 'ours total', 'ratio'], freshRows);
}
