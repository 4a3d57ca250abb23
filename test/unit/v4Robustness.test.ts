import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createLanguageService } from '../../server/src/service/languageService';
import { templateDocument } from '../support/cursor';
import { domainV4Nodes, v4Template } from '../support/v4Templates';

const service = createLanguageService();

/** Every runtime 4 feature at one position: none may throw, whatever the document. */
async function exercise(text: string, at: number): Promise<void> {
  const document = templateDocument(text);
  const position = document.positionAt(at);
  const diagnostics = await service.validate(document);
  await service.complete(document, position);
  await service.hover(document, position);
  service.documentSymbols(document);
  service.definition(document, position);
  service.references(document, position, true);
  service.prepareRename(document, position);
  service.rename(document, position, 'renamed');
  service.codeActions(document, { start: position, end: position }, diagnostics);
  for (const d of diagnostics) service.codeActions(document, d.range, [d]);
}

/** Odd values where the node format expects names, lists, objects and paths. */
const ODD = ['null', '1', '[]', '{}', '""', '"{{"', '[1, null, {}]', '"resources."', '"args."', '"{{resources.tickets:json}}"', '"payload.records"', '{"$truto_merge": 5}'];
const KEYS = ['depends_on', 'resources_to_persist', 'loop_on', 'config', 'name', 'type', 'resource', 'recurse', 'query', '$truto_merge', 'state_key', 'integrated_account_id'];

describe('runtime 4 robustness', () => {
  it('never throws on runtime 4 templates with odd values in node fields, at any position', async () => {
    const base = v4Template({ nodes: domainV4Nodes() });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KEYS), fc.constantFrom(...ODD), fc.nat(), fc.nat(), async (key, value, which, at) => {
        // Replace the value of the n-th occurrence of the key, or add the key to a node.
        const pattern = new RegExp(`"${key.replace('$', '\\$')}": ("(?:[^"\\\\]|\\\\.)*"|\\[[^\\]]*\\]|\\{[^{}]*\\}|null|\\d+)`, 'g');
        const matches = [...base.matchAll(pattern)];
        let text: string;
        if (matches.length > 0) {
          const m = matches[which % matches.length];
          text = base.slice(0, m.index) + `"${key}": ${value}` + base.slice(m.index + m[0].length);
        } else {
          const insertAt = base.indexOf('"name": "comments"');
          text = `${base.slice(0, insertAt)}"${key}": ${value}, ${base.slice(insertAt)}`;
        }
        await exercise(text, at % (text.length + 1));
      }),
      { seed: 4, numRuns: 300 },
    );
  });

  it('never throws while a runtime 4 template is typed character by character (prefixes)', async () => {
    const text = v4Template({ nodes: domainV4Nodes() });
    for (let end = 0; end <= text.length; end += 37) await exercise(text.slice(0, end), end);
    assert.ok(true);
  });
});
