import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import replacePlaceholders from '@truto/replace-placeholders';
import type { PreviewReport } from '../../server/src/preview/previewTypes';
import { readExample, repoPath } from '../support/fixtures';
import { actualLegacy, asJson, engineThrows, expectedLegacy, legacyTemplate, legacyText, resourceOf, sampleArgs, type Json } from '../support/previewTemplates';

/** Runs the bundled CLI, as users and CI run it. */
function cli(args: string[], cwd = repoPath()): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [repoPath('dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'synctemplate-preview-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

type JsonReport = PreviewReport & { errors: { code: string }[] };

/** Sample args for an example: a value of the declared type for each argument. */
function argsFor(template: Json): Json {
  const schema = (template.args_schema ?? {}) as Json;
  const specs = (schema.type === 'object' && schema.properties ? schema.properties : schema) as Record<string, { type?: string; format?: string }>;
  const args: Json = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.format && /_id$/.test(spec.format)) args[name] = '3f1c2a9e-6b1d-4c57-9a0e-2b7f5d1e8c42';
    else if (spec.format === 'date') args[name] = '2024-01-31';
    else if (spec.type === 'array') args[name] = ['a1', 'a2'];
    else if (spec.type === 'integer' || spec.type === 'number') args[name] = 10;
    else if (spec.type === 'boolean') args[name] = true;
    else args[name] = `sample-${name}`;
  }
  return args;
}

describe('synctemplate preview', () => {
  it('prints every request with the args file beside the template, and exits 0 when all resolve', () => {
    const dir = workspace({
      'z.synctemplate.json': readExample('zendesk-tickets-with-comments.synctemplate.json').replace('"$schema": "../schemas/synctemplate.schema.json",', ''),
      'z.synctemplate.args.json': JSON.stringify({ args: { page_size: 25 }, records: { 'ticketing/tickets': [{ id: 't1', requester: { id: 'u1' } }] }, state: { previous_run_date: '2024-05-01T00:00:00Z' } }),
    });
    const { code, stdout, stderr } = cli(['preview', 'z.synctemplate.json'], dir);
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout, /^Preview of z\.synctemplate\.json \(runtime 1–3 steps, sample values from z\.synctemplate\.args\.json\)$/m);
    assert.match(stdout, /^1\. list ticketing\/tickets$/m);
    assert.match(stdout, /"limit": 25,/);
    assert.match(stdout, /"gt": "2024-05-01T00:00:00Z"/);
    assert.match(stdout, /^2\. list ticketing\/comments\n {3}for record 1 of ticketing\/tickets: \{"id":"t1","requester":\{"id":"u1"\}\}\n {3}query: \{ "ticket_id": "t1" \}$/m);
    assert.match(stdout, /^3\. get ticketing\/users\n.*\n {3}id: "u1"$/m);
    assert.match(stdout, /^3 requests, 3 entries, 0 unresolved$/m);
  });

  it('exits 1 when a placeholder stays literal, and says which', () => {
    const dir = workspace({ 'h.synctemplate.json': readExample('hubspot-crm-contacts.synctemplate.json') });
    const { code, stdout } = cli(['preview', 'h.synctemplate.json'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /WARNING \(query\.created_at\.gt\): \{\{args\.created_after\}\} stayed literal/);
    assert.match(stdout, /No sample arguments file/);
  });

  it('exits 1 when the template has errors, listing them first', () => {
    const dir = workspace({ 'bad.synctemplate.json': '{ "label": "x", "default_runtime_version": 3, "sharing": "public", "resources": [ { "resource": "a/b", "method": "list" } ] }' });
    const { code, stdout } = cli(['preview', 'bad.synctemplate.json'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^bad\.synctemplate\.json:1:\d+ error schema /m);
    assert.match(stdout, /^1\. list a\/b$/m);
  });

  it('takes --args and --format json (and a bad sample is an error too)', () => {
    const dir = workspace({
      'p.synctemplate.json': readExample('hris-employees-per-user.synctemplate.json'),
      'elsewhere.json': JSON.stringify({ args: { user_ids: ['u1', 'u2'] }, records: { 'hris/employees': [{ id: 'e1' }] } }),
      'wrong.json': JSON.stringify({ args: { user_ids: 'u1' } }),
    });
    const { code, stdout } = cli(['preview', 'p.synctemplate.json', '--args', 'elsewhere.json', '--format', 'json'], dir);
    assert.equal(code, 0, stdout);
    const report = JSON.parse(stdout) as JsonReport;
    assert.deepEqual(report.entries.map((e) => [e.step, e.id ?? e.query, e.loop?.index ?? null, e.parent?.index ?? null]), [
      ['hris/employees', 'u1', 0, null],
      ['hris/employees', 'u2', 1, null],
      // The sample records are what the step returns in all (not per loop element): one child request per record.
      ['hris/timeoff_requests', { employee_id: 'e1' }, null, 0],
    ]);
    assert.equal(report.argsFile, 'elsewhere.json');
    const wrong = cli(['preview', 'p.synctemplate.json', '--args', 'wrong.json', '--format', 'json'], dir);
    assert.equal(wrong.code, 1);
    assert.deepEqual((JSON.parse(wrong.stdout) as JsonReport).errors.map((e) => e.code), ['sample-arg-type']);
  });

  it('previews a runtime 4 template: JSONata, state, destinations not simulated', () => {
    const template = readExample('zendesk-tickets-incremental-v4.synctemplate.json');
    const args = argsFor(JSON.parse(template) as Json);
    const dir = workspace({ 'v4.synctemplate.json': template, 'v4.synctemplate.args.json': JSON.stringify({ args, records: { tickets: [{ id: 't1' }] } }) });
    const { code, stdout } = cli(['preview', 'v4.synctemplate.json', '--format', 'json'], dir);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(code, 0, JSON.stringify(report.entries.filter((e) => e.unresolved)));
    assert.ok(report.entries.some((e) => e.status === 'not-simulated' && e.type.startsWith('destination')));
    assert.ok(report.entries.some((e) => e.type === 'get_state' && e.status === 'evaluated'));
  });

  it('keeps the JSONata engine out of the extension\'s and the server\'s bundles (loaded only on a preview)', () => {
    const marker = 'https://api.cohere.com/v2/embed'; // inside the code of one of Truto's JSONata extensions
    assert.ok(readFileSync(repoPath('dist', 'preview.js'), 'utf8').includes(marker));
    for (const bundle of ['client.js', 'server.js', 'cli.js']) assert.ok(!readFileSync(repoPath('dist', bundle), 'utf8').includes(marker), bundle);
    assert.match(readFileSync(repoPath('.vscodeignore'), 'utf8'), /^!dist\/preview\.js$/m, 'the VSIX carries the engine');
  });

  it('answers usage errors with exit 2', () => {
    assert.equal(cli(['preview']).code, 2);
    assert.equal(cli(['preview', 'examples/hubspot-crm-contacts.synctemplate.json', '--format', 'yaml']).code, 2);
    assert.equal(cli(['preview', 'nope.synctemplate.json']).code, 2);
  });

  it('check reports the args file beside a template too', () => {
    const dir = workspace({
      'c.synctemplate.json': readExample('hris-employees-per-user.synctemplate.json').replace('"$schema": "../schemas/synctemplate.schema.json",', ''),
      'c.synctemplate.args.json': '{ "args": { "user_idz": [] } }',
    });
    const { code, stdout } = cli(['check', '.'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^\.\/c\.synctemplate\.args\.json:1:3 error sample-arg-missing /m);
    assert.match(stdout, /^\.\/c\.synctemplate\.args\.json:1:13 warning sample-arg-unknown .*Did you mean "user_ids"\?/m);
  });
});

describe('synctemplate preview: differential against @truto/replace-placeholders', () => {
  const examples = readdirSync(repoPath('examples')).filter((f) => f.endsWith('.synctemplate.json'));
  for (const name of examples) {
    it(`resolves ${name} as the engine does`, () => {
      const text = readExample(name);
      const template = JSON.parse(text) as Json;
      const args = argsFor(template);
      const dir = workspace({ 'e.synctemplate.json': text, 'e.synctemplate.args.json': JSON.stringify({ args }) });
      const report = JSON.parse(cli(['preview', 'e.synctemplate.json', '--format', 'json'], dir).stdout) as JsonReport;
      const steps = template.resources as Json[];
      for (const entry of report.entries.filter((e) => e.status === 'request')) {
        const step = steps[entry.index];
        let context: Json;
        if (template.default_runtime_version === 4) {
          // Runtime 4 requests here read args, and the current loop element.
          context = { args };
          if (entry.loop) {
            const path = entry.loop.path.split('.');
            let at = context;
            for (const seg of path.slice(0, -1)) at = (at[seg] ??= {}) as Json;
            at[path[path.length - 1]] = entry.loop.element;
          }
          context = { ...context, ...((report.entries.find((e) => e.type === 'add_context')?.output as Json | undefined) ?? {}) };
        } else {
          context = { args, previous_run_date: '1970-01-01T00:00:00.000Z' };
          if (entry.loop) context = { ...context, args: { ...(context.args as Json), [entry.loop.path.split('.')[1]]: entry.loop.element } };
          if (entry.parent) {
            const [api, resource] = entry.parent.step.split('/');
            context = { ...context, resources: { [api]: { [resource]: entry.parent.record } } };
          }
        }
        for (const field of ['id', 'query', 'integrated_account_id'] as const) {
          if (!(field in step) || typeof step[field] !== 'object' && typeof step[field] !== 'string') continue;
          if (typeof step[field] === 'string' && field === 'query') continue; // JSONata, not placeholders
          assert.deepEqual(asJson(entry[field]), asJson(replacePlaceholders(step[field], context)), `${name} ${entry.step} ${field}`);
        }
      }
    });
  }

  it('resolves generated templates as the engine does (loops, parent records, fallbacks, defaults, casts, literal leftovers)', () => {
    fc.assert(
      fc.property(legacyTemplate, sampleArgs, (steps, args) => {
        const records = Object.fromEntries(steps.flatMap((s, i) => (s.records ? [[resourceOf(i), s.records]] : [])));
        const dir = workspace({ 'g.synctemplate.json': legacyText(steps), 'g.synctemplate.args.json': JSON.stringify({ args, records }) });
        const { stdout } = cli(['preview', 'g.synctemplate.json', '--format', 'json'], dir);
        const report = JSON.parse(stdout) as JsonReport;
        if (engineThrows(steps, args)) return;
        // As printed: a key whose value is undefined (`:undefined`) is left out on both sides.
        assert.deepEqual(asJson(actualLegacy(report)), asJson(expectedLegacy(steps, args, report)));
      }),
      { numRuns: 12 },
    );
  });
});
