// `npm run bench`: speed and memory of the language service on generated templates, printed as a
// table. Targets (from the issues) are printed beside the figures; nothing here asserts, because
// these machines are shared and timings are noisy.
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { bundledSchemaText, BUNDLED_SCHEMA_URI } from '../../server/src/service/bundledSchema';
import { generateLegacyTemplate } from '../support/generateTemplate';

const SIZES = [100, 2_000, 10_000];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(runs: number, task: (run: number) => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    await task(run);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

function plainJsonService() {
  const json = getLanguageService({ schemaRequestService: async () => bundledSchemaText });
  json.configure({ validate: true, allowComments: false, schemas: [{ uri: BUNDLED_SCHEMA_URI, fileMatch: ['*'] }] });
  return json;
}

/** `count` versions of `text`, each with one step edited (a property added to its query). */
function editsOf(text: string, count: number): string[] {
  const anchors: number[] = [];
  for (let at = text.indexOf('"limit": '); at >= 0; at = text.indexOf('"limit": ', at + 1)) anchors.push(at);
  return Array.from({ length: count }, (_, run) => {
    const at = anchors[(run * 7919) % anchors.length];
    return `${text.slice(0, at)}"edit_${run}": "{{args.since}}", ${text.slice(at)}`;
  });
}

/** The position inside the last step's `{{args.page_size…}}`, right after `args.`. */
function placeholderPosition(document: TextDocument) {
  const text = document.getText();
  const offset = text.lastIndexOf('{{args.page_size') + '{{args.'.length;
  return document.positionAt(offset);
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const runsFor = (steps: number) => (steps >= 10_000 ? 5 : steps >= 2_000 ? 9 : 25);
  for (const steps of SIZES) {
    const text = generateLegacyTemplate(steps);
    const runs = runsFor(steps);
    const json = plainJsonService();
    const ours = createLanguageService();
    // Warm both (schema compilation, JIT) on a first document.
    const warm = TextDocument.create('file:///warm.synctemplate.json', 'synctemplate', 1, text);
    await json.doValidation(warm, json.parseJSONDocument(warm), { comments: 'error', trailingCommas: 'error', schemaValidation: 'error' });
    await ours.validate(warm);

    // As after typing: each run edits one step (a different one each time) and validates the new
    // version. The JSON service parses and validates everything again; we reuse unchanged steps.
    const edited = editsOf(text, runs);
    const jsonOnly = await time(runs, async (run) => {
      const document = TextDocument.create('file:///a.synctemplate.json', 'synctemplate', run + 2, edited[run]);
      await json.doValidation(document, json.parseJSONDocument(document), { comments: 'error', trailingCommas: 'error', schemaValidation: 'error' });
    });
    await ours.validate(TextDocument.create('file:///b.synctemplate.json', 'synctemplate', 1, text));
    const full = await time(runs, async (run) => {
      const document = TextDocument.create('file:///b.synctemplate.json', 'synctemplate', run + 2, edited[run]);
      await ours.validate(document);
    });
    // The first validation of a file (a new uri each run: nothing to reuse).
    const cold = await time(runs, async (run) => {
      await ours.validate(TextDocument.create(`file:///first-${run}.synctemplate.json`, 'synctemplate', 1, edited[run]));
    });
    // Same version again: everything comes from the per-version cache.
    const stable = TextDocument.create('file:///c.synctemplate.json', 'synctemplate', 1, text);
    await ours.validate(stable);
    const revalidate = await time(runs, () => ours.validate(stable));

    // Completion and hover on an analysed document (as in the editor, after diagnostics ran).
    const position = placeholderPosition(stable);
    const parsedForJson = json.parseJSONDocument(stable);
    const jsonCompletion = await time(runs, () => json.doComplete(stable, position, parsedForJson));
    const placeholderCompletion = await time(runs, () => ours.complete(stable, position));
    const items = (await ours.complete(stable, position)).items.length;
    const hover = await time(runs, () => ours.hover(stable, position));

    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heap = process.memoryUsage().heapUsed / 1024 / 1024;
    rows.push([
      String(steps),
      `${(text.length / 1024).toFixed(0)} KiB`,
      jsonOnly.toFixed(1),
      full.toFixed(1),
      `${(full / jsonOnly).toFixed(2)}×`,
      `${cold.toFixed(1)} (${(cold / jsonOnly).toFixed(2)}×)`,
      revalidate.toFixed(2),
      jsonCompletion.toFixed(2),
      `${placeholderCompletion.toFixed(2)} (${items} items)`,
      `${(placeholderCompletion / jsonCompletion).toFixed(2)}×`,
      hover.toFixed(2),
      `${heap.toFixed(0)} MiB`,
    ]);
  }
  const header = ['steps', 'size', 'JSON svc validate ms', 'our diagnostics ms', 'ratio', 'first open ms', 'same version ms', 'JSON svc completion ms', 'placeholder completion ms', 'ratio', 'hover ms', 'heap'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log('\n"our diagnostics" and the JSON service validate the same versions, each with one step edited (as after typing);');
  console.log('"first open" is a file validated for the first time, with nothing to reuse.');
  console.log('Targets: diagnostics ≤ 1.25× the JSON service alone at 2,000 steps; placeholder completion ≤ 2× the JSON service’s completion at 10,000 steps;');
  console.log('an unchanged version is never analysed again (same-version column ≈ 0). Medians of 25 / 9 / 5 runs; Node ' + process.version + '.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
