import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseJsonata, analysisRecords, isJsonataAnalysed, type JsonataAnalysis } from '../../server/src/service/jsonata/analysis';
import { AnalysisThread, analysesFromWorker, MAIN_THREAD_MAX, MIN_BATCH, prefetchJsonataAnalyses, WARM_AFTER } from '../../server/src/service/jsonata/analysisWorker';
import { VALIDATIONS_PAUSE_MS } from '../../server/src/service/validationsPause';
import { scanJsonata } from '../../server/src/service/jsonata/scanner';
import { clearTextCaches } from '../../server/src/service/textCache';
import { createLanguageService } from '../../server/src/service/languageService';
import { generateShape } from '../support/templateShapes';

/** Expressions of every kind the analysis reports on, valid and not (these carry their tokens). */
const BASES = [
  'args.a & args.`b-c` & $$.args.d & items[args.e = 1]',
  'resources.`knowledge-base`.pages.id & resources.shape',
  'resources.knowledge-base-v2.pages & args.start-date',
  '$map(resources.ticketing.comments, function($r) { { "id": $r.id, "seen": $now() } })',
  '( $x := 1; { "a": $x, `b`: 2 } )',
  '{{args.page_size}} + 1',
  '$firstNonEmty(title, "é")',
  '{ "a": 1, }',
  'args.a +',
  '"unterminated',
  'resources.`open',
  '$string(args.start_date) /* a comment */',
];

/** `count` distinct texts, each base varied by a literal only this test writes. */
function texts(tag: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${BASES[i % BASES.length]} & "${tag}-${i}"`);
}

function fields(a: JsonataAnalysis) {
  const { text, error, args, resources, calls, dashed, placeholders, objectKeys, tokens } = a;
  return { text, error, args, resources, calls, dashed, placeholders, objectKeys, tokens };
}

/** What analyseJsonata gives for a text parsed alone on this thread, without the cache. */
function mainThreadFields(text: string) {
  const record = analysisRecords([text])[0];
  assert.ok(record);
  return { text, ...record, tokens: record.tokens ?? scanJsonata(text) };
}

function script(source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'synctemplate-worker-')), 'worker.js');
  writeFileSync(file, source);
  return file;
}

describe('JSONata analyses in a worker thread', () => {
  it("gives, for each text, exactly the main thread's analysis (errors and tokens included)", async () => {
    // More than the main thread takes while no worker runs: this starts the worker.
    const list = texts('same', MAIN_THREAD_MAX + MIN_BATCH);
    const analysed = await prefetchJsonataAnalyses(list).finish();
    assert.equal(analysed, list.length, 'every text was analysed by the worker');
    for (const text of list) {
      assert.ok(isJsonataAnalysed(text), `cached before any check asks: ${text}`);
      assert.deepEqual(fields(analyseJsonata(text)), mainThreadFields(text), text);
    }
    assert.ok(list.some((text) => analyseJsonata(text).error !== undefined) && list.some((text) => analyseJsonata(text).error === undefined));
  });

  it('analyses a small batch on the main thread when finished, and leaves texts already cached', async () => {
    const small = texts('small', MIN_BATCH - 1);
    const before = analysesFromWorker();
    const prefetch = prefetchJsonataAnalyses(small);
    assert.ok(small.every((text) => !isJsonataAnalysed(text)), 'nothing is parsed before finish(): the schema validation comes first');
    assert.equal(await prefetch.finish(), 0);
    assert.equal(analysesFromWorker(), before, 'nothing was sent to the worker');
    for (const text of small) {
      assert.ok(isJsonataAnalysed(text), `cached before any check asks: ${text}`);
      assert.deepEqual(fields(analyseJsonata(text)), mainThreadFields(text), text);
    }
    const cached = texts('cached', MIN_BATCH);
    for (const text of cached) analyseJsonata(text);
    assert.equal(await prefetchJsonataAnalyses(cached).finish(), 0);
  });

  it('analyses up to MAIN_THREAD_MAX texts on the main thread while no worker runs, and sends a batch to a running one', async () => {
    const thread = new AnalysisThread();
    const upTo = texts('no-worker', MAIN_THREAD_MAX);
    const prefetch = prefetchJsonataAnalyses(upTo, thread);
    assert.equal(thread.running, false, 'no worker was started for them');
    assert.ok(upTo.every((text) => !isJsonataAnalysed(text)), 'nothing is parsed before finish()');
    assert.equal(await prefetch.finish(), 0);
    assert.ok(upTo.every((text) => isJsonataAnalysed(text)));
    assert.deepEqual(fields(analyseJsonata(upTo[7])), mainThreadFields(upTo[7]));
    // One more starts the worker; once it runs, it takes any batch of at least MIN_BATCH.
    const more = texts('starts-worker', MAIN_THREAD_MAX + 1);
    assert.equal(await prefetchJsonataAnalyses(more, thread).finish(), more.length);
    assert.equal(thread.running, true);
    const batch = texts('worker-running', MIN_BATCH);
    assert.equal(await prefetchJsonataAnalyses(batch, thread).finish(), batch.length);
    assert.ok(batch.every((text) => isJsonataAnalysed(text)));
  });

  it('starts a worker once validations pause after a batch of at least WARM_AFTER texts was parsed on the main thread', async () => {
    const thread = new AnalysisThread();
    // A smaller batch on the main thread wants no worker.
    await prefetchJsonataAnalyses(texts('no-warm', WARM_AFTER - 1), thread).finish();
    thread.warmWhenIdle();
    await delay(VALIDATIONS_PAUSE_MS + 300);
    assert.equal(thread.running, false, 'no worker after a small batch');
    await prefetchJsonataAnalyses(texts('warm', WARM_AFTER), thread).finish();
    assert.equal(thread.running, false, 'the batch itself was parsed here');
    thread.warmWhenIdle();
    assert.equal(thread.running, false, 'not before validations pause');
    await thread.warmUpSettled();
    assert.equal(thread.running, true, 'started once validations paused, and warmed');
    // The next batch of new texts goes to it.
    const next = texts('after-warm', MIN_BATCH);
    assert.equal(await prefetchJsonataAnalyses(next, thread).finish(), next.length);
  });

  it('is used by validation: a first open of a runtime 4 template analyses its expressions there', async () => {
    // About 0.6 distinct expressions per node: more than the main thread takes while no worker runs.
    const text = generateShape('v4-chain', 3_000);
    const document = TextDocument.create('file:///worker.synctemplate.json', 'synctemplate', 1, text);
    const before = analysesFromWorker();
    const service = createLanguageService();
    const diagnostics = await service.validate(document);
    assert.ok(analysesFromWorker() - before > MAIN_THREAD_MAX, `the worker analysed ${analysesFromWorker() - before} expressions`);
    assert.deepEqual(diagnostics, [], 'the generated template is clean');
  });

  it('is not used for an edit: the edited steps are checked again, their expressions parsed when asked', async () => {
    const text = generateShape('v4-chain', 400);
    const service = createLanguageService();
    const uri = 'file:///edited.synctemplate.json';
    await service.validate(TextDocument.create(uri, 'synctemplate', 1, text));
    // Every add_context key renamed: well over a batch of new expressions, in an edit.
    const edited = text.replace(/"batch_/g, '"edited_');
    const before = analysesFromWorker();
    const diagnostics = await service.validate(TextDocument.create(uri, 'synctemplate', 2, edited));
    assert.equal(analysesFromWorker(), before);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(await createLanguageService().validate(TextDocument.create('file:///fresh.synctemplate.json', 'synctemplate', 1, edited)), diagnostics);
  });

  it('gives up, without losing a text, when the worker cannot start, dies or hangs', async () => {
    const list = texts('failing', MAIN_THREAD_MAX + 1);
    const cases = [
      { name: 'no script', thread: new AnalysisThread(() => undefined) },
      { name: 'a script that exits', thread: new AnalysisThread(() => script('process.exit(3);')) },
      { name: 'a script that throws', thread: new AnalysisThread(() => script("throw new Error('boom');")) },
      { name: 'a script that never replies', thread: new AnalysisThread(() => script("require('node:worker_threads').parentPort.on('message', () => {});"), 200) },
    ];
    for (const { name, thread } of cases) {
      assert.equal(await prefetchJsonataAnalyses(list, thread).finish(), 0, name);
      assert.equal(thread.running, false, `${name}: no worker is left running`);
    }
    assert.ok(list.every((text) => !isJsonataAnalysed(text)));
    // The checks still get every analysis, on the main thread.
    assert.deepEqual(fields(analyseJsonata(list[0])).args, mainThreadFields(list[0]).args);
  });

  it('adopts only what a reply gives for each text it was sent: a record by position, none for null, a reply of another length or records that are not a JSON list', async () => {
    const list = texts('replies', MAIN_THREAD_MAX + 1);
    // Records for every other text (null for the rest), then a reply one record short.
    const partial = new AnalysisThread(() =>
      script(`const { parentPort } = require('node:worker_threads');
        const record = { error: undefined, args: [], resources: [], calls: [], dashed: [], placeholders: [], objectKeys: ['fake'], tokens: undefined };
        parentPort.on('message', (r) => parentPort.postMessage({ id: r.id, records: JSON.stringify(r.texts.map((t, i) => (i % 2 === 0 ? record : null))) }));`),
    );
    assert.equal(await prefetchJsonataAnalyses(list, partial).finish(), Math.ceil(list.length / 2));
    list.forEach((text, i) => assert.equal(isJsonataAnalysed(text), i % 2 === 0, text));
    assert.deepEqual(analyseJsonata(list[0]).objectKeys, ['fake'], 'the record sent for the first text is the first text\'s');
    assert.equal(analyseJsonata(list[0]).text, list[0]);
    const short = texts('short', MAIN_THREAD_MAX + 1);
    const shortThread = new AnalysisThread(() =>
      script(`const { parentPort } = require('node:worker_threads');
        parentPort.on('message', (r) => parentPort.postMessage({ id: r.id, records: JSON.stringify(r.texts.slice(1).map(() => null)) }));`),
    );
    assert.equal(await prefetchJsonataAnalyses(short, shortThread).finish(), 0);
    assert.ok(short.every((text) => !isJsonataAnalysed(text)));
    // Records that are not the JSON text of a list: nothing adopted, nothing thrown.
    for (const [name, records] of [
      ['text that is not JSON', "'[{'"],
      ['JSON that is not a list', "JSON.stringify({ 0: null })"],
      ['a list itself, not its text', "r.texts.map(() => ({ args: [], resources: [], calls: [], dashed: [], placeholders: [], objectKeys: [] }))"],
    ]) {
      const malformed = texts(`malformed ${name}`, MAIN_THREAD_MAX + 1);
      const thread = new AnalysisThread(() =>
        script(`const { parentPort } = require('node:worker_threads');
          parentPort.on('message', (r) => parentPort.postMessage({ id: r.id, records: ${records} }));`),
      );
      assert.equal(await prefetchJsonataAnalyses(malformed, thread).finish(), 0, name);
      assert.ok(malformed.every((text) => !isJsonataAnalysed(text)), name);
    }
  });

  it("clearTextCaches empties them (the bench's never-seen state): the next analysis parses again", async () => {
    const text = texts('cleared', 1)[0];
    const first = analyseJsonata(text);
    assert.ok(isJsonataAnalysed(text));
    clearTextCaches();
    assert.equal(isJsonataAnalysed(text), false);
    const again = analyseJsonata(text);
    assert.notEqual(again, first);
    assert.deepEqual(fields(again), fields(first));
  });

  it('stops trying after two failures', async () => {
    let starts = 0;
    const crashing = script('process.exit(1);');
    const thread = new AnalysisThread(() => {
      starts++;
      return crashing;
    });
    const list = texts('retry', MAIN_THREAD_MAX + 1);
    for (let i = 0; i < 4; i++) await prefetchJsonataAnalyses(list, thread).finish();
    assert.equal(starts, 2);
  });
});
