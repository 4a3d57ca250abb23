// The house rules of the code base, checked on its sources (the tests run from the repository root):
// no import cycles; the pure language service and the API client never import `vscode`; the
// checks never import the preview or the engines that run code.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = process.cwd();

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) found.push(resolve(path));
    }
  };
  walk(join(ROOT, folder));
  return found;
}

interface ImportLine {
  readonly specifier: string;
  /** `import type …`: erased at run time. */
  readonly typeOnly: boolean;
}

function importsOf(file: string): ImportLine[] {
  const text = readFileSync(file, 'utf8');
  const lines: ImportLine[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?'([^']+)'/gm)) {
    lines.push({ specifier: match[2], typeOnly: match[1] !== undefined });
  }
  for (const match of text.matchAll(/\brequire\(\s*'([^']+)'\s*\)|\bimport\(\s*'([^']+)'\s*\)/g)) {
    lines.push({ specifier: match[1] ?? match[2], typeOnly: false });
  }
  return lines;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(from), specifier);
  return [`${target}.ts`, join(target, 'index.ts')].find((candidate) => existsSync(candidate));
}

/** Strongly connected components with more than one file (or a file importing itself). */
function importCycles(files: readonly string[]): string[][] {
  const edges = new Map(files.map((file) => [file, importsOf(file).map((i) => resolveLocal(file, i.specifier)).filter((f): f is string => f !== undefined)]));
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(relative(ROOT, member));
    } while (member !== file);
    if (component.length > 1 || (edges.get(file) ?? []).includes(file)) cycles.push(component);
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return cycles;
}

describe('architecture', () => {
  it('has no import cycles in the client or the server (type imports included)', () => {
    const files = [...sourceFiles('server/src'), ...sourceFiles('client/src')];
    assert.ok(files.length > 50, 'the sources were found');
    assert.deepEqual(importCycles(files), []);
  });

  it('keeps vscode out of the server: the pure service, the CLI, the API client, the preview', () => {
    const offenders = sourceFiles('server/src').filter((file) => importsOf(file).some((i) => i.specifier === 'vscode' && !i.typeOnly));
    assert.deepEqual(offenders.map((f) => relative(ROOT, f)), []);
  });

  it('keeps the checks apart from code that runs templates: the language service never imports the preview or its engines', () => {
    const engines = new Set(['@truto/truto-jsonata', '@truto/replace-placeholders']);
    const preview = resolve(ROOT, 'server/src/preview');
    const offenders = sourceFiles('server/src/service').filter((file) =>
      importsOf(file).some((i) => !i.typeOnly && (engines.has(i.specifier) || (resolveLocal(file, i.specifier) ?? '').startsWith(`${preview}/`))),
    );
    assert.deepEqual(offenders.map((f) => relative(ROOT, f)), []);
  });
});
