import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ASTNode, StringASTNode } from 'vscode-json-languageservice';
import { createJsonService } from '../../server/src/service/jsonService';
import { ParsedDocumentCache } from '../../server/src/service/parsedDocument';
import { templateModel, templateStringOf } from '../../server/src/service/template/templateModel';
import { templateDocument } from '../support/cursor';
import { readExample, repoPath, VALID_LEGACY } from '../support/fixtures';

/**
 * Visits every string value (not keys) below `node`, depth first: the plain walk the template
 * model's own (templateModel.ts, collectTemplateStrings) is compared with.
 */
function forEachStringValue(node: ASTNode | undefined, visit: (value: StringASTNode) => void): void {
  if (!node) return;
  switch (node.type) {
    case 'string':
      visit(node);
      return;
    case 'object':
      for (const p of node.properties) if (p.valueNode) forEachStringValue(p.valueNode, visit);
      return;
    case 'array':
      for (const item of node.items) forEachStringValue(item, visit);
      return;
    default:
      return;
  }
}

const V4 = JSON.stringify({
  label: 'v4',
  default_runtime_version: 4,
  mutex_key: '{{args.a}}',
  description: '{{args.not_a_template}}',
  args_schema: { a: { type: 'string' } },
  resources: [
    { name: 'r', type: 'request', resource: 'x/y', method: 'list', integrated_account_id: '{{args.a}}', query: '{ "q": "{{args.a}}" }', body: { b: ['{{args.a}}'] }, run_if: '{{x}}' },
    { name: 't', type: 'transform', depends_on: 'r', config: { expression: '{{args.a}}', key: '{{args.a}}', nested: { v: '{{args.a}}' } } },
    { name: 'u', type: 'update_state', config: '{{args.a}}', loop_on: '{{args.a}}' },
  ],
});

const LEGACY_EXTRA = JSON.stringify({
  label: '{{args.a}}',
  default_runtime_version: 3,
  state_key: '{{args.a}}',
  resources: [{ resource: '{{r}}', method: 'get', id: '{{args.a}}', query: { a: '{{x}}', b: { c: ['{{y}}'] } }, body: '{{z}}', depends_on: '{{d}}', loop_on: '{{l}}' }],
});

describe('where placeholders are read', () => {
  const service = createJsonService({});
  const texts = [VALID_LEGACY, V4, LEGACY_EXTRA, ...readdirSync(repoPath('examples')).filter((n) => n.endsWith('.json')).map(readExample)];

  it('the one-string rule (templateStringOf) agrees with the whole-template walk on every string', () => {
    for (const text of texts) {
      const parsed = new ParsedDocumentCache(service).get(templateDocument(text));
      const walked = new Set(templateModel(parsed).placeholderStrings.map((s) => s.node));
      let strings = 0;
      forEachStringValue(parsed.json!.root, (node: StringASTNode) => {
        strings++;
        const single = templateStringOf(parsed, node);
        assert.equal(single !== undefined, walked.has(node), `${JSON.stringify(node.value)} in ${text.slice(0, 60)}`);
        if (single) assert.deepEqual(single.placeholders.map((p) => p.text), templateModel(parsed).placeholderStrings.find((s) => s.node === node)!.placeholders.map((p) => p.text));
      });
      assert.ok(strings > 3);
    }
  });

  it('reads legacy id/query/body and job-level keys, not labels, descriptions or step names', () => {
    const parsed = new ParsedDocumentCache(service).get(templateDocument(LEGACY_EXTRA));
    assert.deepEqual(templateModel(parsed).placeholderStrings.map((s) => s.node.value).sort(), ['{{args.a}}', '{{args.a}}', '{{x}}', '{{y}}', '{{z}}'].sort());
  });

  it('reads runtime 4 template fields, not JSONata, names or node types', () => {
    const parsed = new ParsedDocumentCache(service).get(templateDocument(V4));
    assert.deepEqual(
      templateModel(parsed).placeholderStrings.map((s) => `${s.field}:${s.node.value}`).sort(),
      ['body:{{args.a}}', 'config:{{args.a}}', 'config:{{args.a}}', 'integrated_account_id:{{args.a}}', 'mutex_key:{{args.a}}'].sort(),
    );
  });
});
