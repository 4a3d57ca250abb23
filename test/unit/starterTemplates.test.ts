import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageText } from '../../server/src/cli/outputFormats';
import { createLanguageService } from '../../server/src/service/languageService';
import { snippetToPlainText } from '../../server/src/service/snippetText';
import { STARTER_APIS, STARTERS, starterTemplate } from '../../server/src/service/starters/starterTemplates';
import { templateDocument } from '../support/cursor';

const service = createLanguageService();

describe('starting points for a new template', () => {
  it('offers the three starting points and an API for most of the catalogue', () => {
    assert.deepEqual(STARTERS.map((s) => s.id), ['incremental-webhook', 'fan-out', 'legacy-list-children']);
    assert.ok(STARTER_APIS.length >= 10, `only ${STARTER_APIS.length} APIs`);
    assert.ok(STARTER_APIS.some((a) => a.api === 'ticketing'));
  });

  for (const starter of STARTERS) {
    for (const api of STARTER_APIS) {
      it(`${starter.id} × ${api.api}: checks clean, with no diagnostic of any severity`, async () => {
        const template = starterTemplate(starter.id, api.api);
        assert.ok(template);
        const document = templateDocument(template.text, `file:///new/${template.fileName}`);
        const found = await service.validate(document);
        assert.deepEqual(
          found.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${messageText(d.message)}`),
          [],
          template.text,
        );
        const parsed = JSON.parse(template.text) as { default_runtime_version: number; resources: unknown[] };
        assert.equal(parsed.default_runtime_version, starter.runtime);
      });
    }
  }

  it('the snippet expands to exactly the text, with the label as the first tab stop and $0 at the end', () => {
    for (const starter of STARTERS) {
      for (const api of STARTER_APIS) {
        const template = starterTemplate(starter.id, api.api)!;
        assert.equal(snippetToPlainText(template.snippet), `${template.text}`, `${starter.id} × ${api.api}`);
        const first = /\$\{(\d+):/.exec(template.snippet);
        assert.equal(first?.[1], '1');
        assert.match(template.snippet, /"label": "\$\{1:[^"]+\}"/);
        assert.ok(template.snippet.endsWith('\n$0'));
        // No bare `$` that a snippet engine would read as a variable.
        assert.doesNotMatch(template.snippet.replace(/\\\$/g, '').replace(/\$\{\d+:|\$0$/g, ''), /\$/);
        assert.match(template.fileName, /^[a-z0-9-]+\.synctemplate\.json$/);
      }
    }
  });

  it('keeps the braces of placeholders as they are outside tab stops', () => {
    const template = starterTemplate('incremental-webhook', 'ticketing')!;
    assert.ok(template.snippet.includes('"{{args.integrated_account_id}}"'));
    assert.ok(template.text.includes('"{{args.integrated_account_id}}"'));
  });

  it('answers undefined for an unknown starting point or API', () => {
    assert.equal(starterTemplate('incremental-webhook', 'no-such-api'), undefined);
    assert.equal(starterTemplate('nope' as never, 'ticketing'), undefined);
  });
});
