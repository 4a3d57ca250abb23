import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { FUNCTION_CATALOGUE, JSONATA_BUILTIN_NAMES, TRUTO_FUNCTION_NAMES, signatureLabel } from '../../server/src/service/jsonata/functionCatalogue';
import { repoPath } from '../support/fixtures';

// Loaded from node_modules at run time (not bundled into the test), as the installed release is.
const requireFromRepo = createRequire(repoPath('package.json'));

/** The presets `@truto/truto-jsonata` registers its functions with (its index registers all of them). */
const PRESETS = ['core', 'datetime', 'markdown', 'html', 'data-formats', 'ai'];

/** The names the installed `@truto/truto-jsonata` registers, recorded through a stand-in expression. */
function registeredByTruto(): Set<string> {
  const names = new Set<string>();
  const recorder = { registerFunction: (name: string) => names.add(name) };
  for (const preset of PRESETS) {
    const module = requireFromRepo(`@truto/truto-jsonata/presets/${preset}`) as Record<string, unknown>;
    const register = Object.values(module).find((value): value is (expression: unknown) => unknown => typeof value === 'function');
    assert.ok(register, `@truto/truto-jsonata/presets/${preset} exports no registration function`);
    register(recorder);
  }
  return names;
}

function sorted(names: Iterable<string>): string[] {
  return [...names].sort();
}

describe('JSONata function catalogue', () => {
  it('lists exactly the functions the installed @truto/truto-jsonata registers', () => {
    const registered = registeredByTruto();
    assert.equal(registered.size, 67, 'the release this catalogue describes registers 67 functions');
    assert.deepEqual(sorted(TRUTO_FUNCTION_NAMES), sorted(registered), 'a new @truto/truto-jsonata release: update functionCatalogue.ts');
  });

  it('the package index registers the same functions as its presets (no function registered elsewhere)', () => {
    const main = requireFromRepo.resolve('@truto/truto-jsonata');
    const source = readFileSync(main, 'utf8');
    const inSource = new Set([...source.matchAll(/\.registerFunction\("([A-Za-z0-9_]+)"/g)].map((m) => m[1]));
    assert.deepEqual(sorted(inSource), sorted(registeredByTruto()));
  });

  it('each registered function is callable through trutoJsonata', async () => {
    const trutoJsonata = (requireFromRepo('@truto/truto-jsonata') as { default: (expression: string) => { evaluate(input: unknown): Promise<unknown> } }).default;
    const names = TRUTO_FUNCTION_NAMES;
    const types = (await trutoJsonata(`[${names.map((n) => `$type($${n})`).join(', ')}]`).evaluate({})) as string[];
    assert.deepEqual(types, names.map(() => 'function'));
  });

  it('lists exactly JSONata 2.2.1\'s built-in functions', () => {
    const source = readFileSync(requireFromRepo.resolve('jsonata'), 'utf8');
    const bound = new Set([...source.matchAll(/(?:staticFrame|environment)\.bind\('([A-Za-z0-9]+)', defineFunction/g)].map((m) => m[1]));
    assert.deepEqual(sorted(new Set(JSONATA_BUILTIN_NAMES)), sorted(bound));
    assert.equal(JSONATA_BUILTIN_NAMES.length, new Set(JSONATA_BUILTIN_NAMES).size, 'no name twice');
  });

  it('every entry has a signature and a one-line description', () => {
    assert.equal(FUNCTION_CATALOGUE.size, new Set([...JSONATA_BUILTIN_NAMES, ...TRUTO_FUNCTION_NAMES]).size);
    for (const doc of FUNCTION_CATALOGUE.values()) {
      assert.match(signatureLabel(doc), /^\$\w+\(.*\): .+$/);
      assert.ok(doc.description.length > 10 && !doc.description.includes('\n'), doc.name);
    }
    assert.equal(FUNCTION_CATALOGUE.get('string')?.source, 'truto', 'Truto\'s version of a built-in is the one documented');
  });
});
