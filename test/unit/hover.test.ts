import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { withCursor } from '../support/cursor';

const service = createLanguageService();

function text(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents;
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
  return (contents as MarkupContent).value;
}

async function hoverAt(fixture: string): Promise<Hover | null> {
  const { document, position } = withCursor(fixture);
  return service.hover(document, position);
}

const STEP = (inner: string) => `{ "label": "x", "default_runtime_version": 3, "resources": [ { "resource": "crm/contacts", "method": "list", ${inner} } ] }`;

describe('hover', () => {
  it('explains loop_on', async () => {
    const value = text(await hoverAt(STEP('"loo<|>p_on": "user_ids"')));
    assert.match(value, /once for each element of an \*\*array argument\*\*/);
  });

  it('explains depends_on and how a child reads its parent', async () => {
    const value = text(await hoverAt(STEP('"depends_<|>on": "crm/accounts"')));
    assert.match(value, /`resource` path of the parent step/);
    assert.match(value, /\{\{resources\.<api>\.<resource>\.<field>\}\}/);
  });

  it('describes a sharing value', async () => {
    const value = text(await hoverAt('{ "sharing": "a<|>sk" }'));
    assert.match(value, /must request access/);
  });

  it('marks the tool-only id key as never sent', async () => {
    const value = text(await hoverAt('{ "i<|>d": "0b0c9a3e-2d38-4c4e-9d5e-1f7f1f0e8a11" }'));
    assert.match(value, /Tool-only/);
    assert.match(value, /Never sent in the request body/);
  });

  it('explains default_runtime_version formats', async () => {
    const value = text(await hoverAt('{ "default_runtime_<|>version": 3 }'));
    assert.match(value, /legacy/);
    assert.match(value, /graph of named, typed nodes/);
  });

  it('has nothing to say outside any key or value', async () => {
    assert.equal(await hoverAt('{ <|> }'), null);
  });
});
