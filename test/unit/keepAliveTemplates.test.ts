import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { keepAliveStage, keptTemplateCount } from '../../server/src/service/keepAliveTemplates';
import { createLanguageService } from '../../server/src/service/languageService';
import { STARTERS } from '../../server/src/service/starters/starterTemplates';

describe('kept templates (hidden classes stay alive with no template open)', () => {
  it('analyses every starter once per process, after the first diagnostics of a long-lived service, and reports nothing of them', async () => {
    const document = TextDocument.create('file:///kept.synctemplate.json', 'synctemplate', 1, '{"resources": [{"resource": "a/b", "method": "list", "foo": 1}]}');
    // A one-shot service (the CLI's) keeps nothing.
    await createLanguageService().validate(document);
    assert.equal(await keptTemplateCount(), 0, 'a one-shot service analyses no starter');
    const first = createLanguageService({ longLived: true });
    assert.equal(keepAliveStage(), 'none');
    const diagnostics = await first.validate(document);
    assert.equal(keepAliveStage(), 'waiting', 'the diagnostics are given before any starter is analysed');
    assert.ok(diagnostics.length > 0);
    assert.ok(diagnostics.every((d) => !JSON.stringify(d).includes('keep-alive')), 'nothing of the kept templates in a document\'s diagnostics');
    assert.equal(await keptTemplateCount(), STARTERS.length, 'every starter analysed (none failed silently)');
    assert.equal(keepAliveStage(), 'done');
    // A second service, and more validations: still one set per process.
    const second = createLanguageService({ longLived: true });
    await second.validate(document);
    await first.validate(TextDocument.create(document.uri, 'synctemplate', 2, document.getText()));
    assert.equal(await keptTemplateCount(), STARTERS.length);
    assert.deepEqual(await second.validate(document), diagnostics, 'the same diagnostics from a service that did not start them');
  });
});
