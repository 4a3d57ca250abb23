import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { detachedString } from '../../server/src/service/text/detachedString';
import { ParsedDocumentCache } from '../../server/src/service/parsedDocument';
import { createJsonService } from '../../server/src/service/jsonService';
import { templateFindings } from '../../server/src/service/diagnostics/validate';

/**
 * Memory that outlives a document version must not keep that version's text alive. V8 keeps a
 * substring of 13 characters or more as a slice of its parent, so one short string kept in a
 * cache, or in a finding reused by the next version, would hold a whole template text.
 */

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
/** Live heap after full collections. */
function liveHeap(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;

describe('detachedString', () => {
  it('keeps none of a large parent alive, where a plain slice keeps all of it', () => {
    const keep = (detach: boolean): number => {
      const before = liveHeap();
      const kept: string[] = [];
      for (let i = 0; i < 8; i++) {
        const parent = `${'x'.repeat(4 * MB)}${i}`.slice(0);
        const slice = parent.slice(1_000, 1_040);
        kept.push(detach ? detachedString(slice) : slice);
      }
      const retained = liveHeap() - before;
      assert.equal(kept.length, 8);
      assert.equal(kept[0], 'x'.repeat(40));
      return retained;
    };
    const detached = keep(true);
    // The control shows the measurement can see what a slice retains (8 parents of 4 MiB).
    const sliced = keep(false);
    assert.ok(sliced > 16 * MB, `plain slices kept ${(sliced / MB).toFixed(1)} MiB: they should keep their parents (has V8 changed how it stores substrings?)`);
    assert.ok(detached < 4 * MB, `detached copies kept ${(detached / MB).toFixed(1)} MiB alive`);
  });
});

/**
 * A template whose every step has a finding that quotes a value of the document (the step's
 * resource path): step i reads the record of step i + 1, which is not upstream of it. Each
 * version also carries a large description, so a retained text is easy to see.
 */
function template(steps: number, version: number, edited: number): string {
  const resources = Array.from({ length: steps }, (_, i) => ({
    resource: `api${i}/records_of_step`,
    method: 'list',
    query: { parent_id: `{{resources.api${i + 1}.records_of_step.id}}`, note: i === edited ? `edited in version ${version}` : 'unchanged' },
  }));
  const description = `${String(version).padStart(6, '0')}${'d'.repeat(2 * MB)}`;
  return `${JSON.stringify({ label: 'Retained text', description, default_runtime_version: 3, resources }, null, 2)}\n`;
}

describe('edits of a template with findings', () => {
  it("keep no older version's text alive", async () => {
    const service = createLanguageService();
    const uri = 'file:///retained.synctemplate.json';
    const steps = 60;
    const validate = async (version: number) => {
      // Each version edits another step: its findings are found again (quoting that version's
      // text) and then reused by every later version.
      const diagnostics = await service.validate(TextDocument.create(uri, 'synctemplate', version, template(steps, version, version % steps)));
      assert.ok(diagnostics.filter((d) => d.code === 'unknown-resource').length >= steps - 1, 'every step should have its finding');
    };
    for (let version = 1; version <= 3; version++) await validate(version);
    const before = liveHeap();
    const edits = 24;
    for (let version = 4; version < 4 + edits; version++) await validate(version);
    const grown = liveHeap() - before;
    // Retaining each version's text would add 24 × 2 MiB; what is live is the newest version only.
    assert.ok(grown < 12 * MB, `the heap grew by ${(grown / MB).toFixed(1)} MiB over ${edits} edits: older versions' texts are kept alive`);
  });
});

describe('edits of a large template', () => {
  it("keep no older version's JSON tree alive through optimised code", () => {
    // Code that V8 optimises while checking one version may embed that version's objects (a
    // closure it calls, or a hidden class of one object holding a getter's closure): it then keeps
    // the replaced version, JSON tree included, alive. Seen only in a process that did nothing
    // else first, so this runs the bench's memory child (test/bench/bench.ts) for both services:
    // a 10,000-step template opened and edited 3 times, then the live heap after full collections.
    const bench = join(__dirname, '..', 'bench', 'bench.js');
    const live = (mode: 'json' | 'ours'): number => {
      const child = spawnSync(process.execPath, ['--expose-gc', bench, `--rss=${mode}`, '--sizes=10000', '--shapes=fan-out'], { encoding: 'utf8' });
      assert.equal(child.status, 0, child.stderr);
      return (JSON.parse(child.stdout.trim().split('\n').pop()!) as { liveHeapMiB: number }).liveHeapMiB;
    };
    const [json, ours] = [live('json'), live('ours')];
    // Ours keeps a little more than the JSON service (the template model); an older version kept
    // alive would add most of a JSON tree (about 1.7× in all).
    assert.ok(ours < json * 1.4, `after 3 edits our service keeps ${ours.toFixed(0)} MiB live, the JSON service ${json.toFixed(0)} MiB: an older version is kept alive`);
  });
});

describe('a new version of a document', () => {
  it('takes the reusable results of the version it replaces, not that version: its JSON tree is garbage at once', async () => {
    // While a new version of a 10,000-step template is parsed and checked, the replaced version's
    // tree (tens of MiB) must not be held as well: only its per-step results are reused.
    const cache = new ParsedDocumentCache(createJsonService({}));
    const uri = 'file:///replaced.synctemplate.json';
    const text = (version: number) => template(40, version, version);
    const analysed = (version: number) => {
      const parsed = cache.get(TextDocument.create(uri, 'synctemplate', version, text(version)));
      templateFindings(parsed);
      return parsed;
    };
    // The first version, analysed, seen only through weak references from here on.
    const [firstTree, firstVersion] = (() => {
      const first = analysed(1);
      return [new WeakRef(first.json!.root!), new WeakRef(first)];
    })();
    const second = cache.get(TextDocument.create(uri, 'synctemplate', 2, text(2)));
    // A WeakRef keeps its target alive until the current job ends: collect in a later task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collect();
    collect();
    assert.ok(firstVersion.deref() === undefined, 'the replaced version is still reachable from the new one');
    assert.ok(firstTree.deref() === undefined, "the replaced version's JSON tree is still reachable");
    // …and the new version still reuses the unchanged steps' results.
    assert.ok(second.previousResults() !== undefined, 'the new version carries no results to reuse');
    const findings = templateFindings(second);
    assert.ok(findings.filter((f) => f.diagnostic.code === 'unknown-resource').length >= 39);
  });
});
