import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { replacingItem } from './completionItems';
import { UNIFIED_RESOURCES } from './catalogue/unifiedResources';
import type { ParsedDocument } from './parsedDocument';
import { describeArg, argDocumentation } from './placeholderCompletion';
import { contentRange } from './template/jsonAst';
import { stringAt } from './template/cursorContext';
import { templateModel, type Step } from './template/templateModel';

/**
 * Completion of a step's `depends_on`, `loop_on` and `resource` values: other steps (never the
 * step itself or one that depends on it), array arguments first, and the unified API catalogue.
 * Items replace the string's content. Returns undefined for any other string.
 */
export function valueCompletion(parsed: ParsedDocument, offset: number): CompletionItem[] | undefined {
  const cursor = stringAt(parsed, offset);
  const step = cursor?.stepField;
  if (!cursor || !step || !cursor.key || !['depends_on', 'loop_on', 'resource'].includes(cursor.key)) return undefined;
  const { document } = parsed;
  const text = document.getText();
  const content = contentRange(text, cursor.node);
  const range = { start: document.positionAt(content.start), end: document.positionAt(content.end) };
  const model = templateModel(parsed);
  // Keys and names are plain identifiers; JSON-escape anyway so any name stays valid JSON.
  const item = (label: string, kind: CompletionItemKind, detail: string, documentation: string, sortText: string) =>
    replacingItem(range, label, kind, detail, documentation, sortText, JSON.stringify(label).slice(1, -1));

  switch (cursor.key) {
    case 'depends_on': {
      const excluded = new Set<Step>([step, ...model.graph.descendants(step)]);
      const items: CompletionItem[] = [];
      const seen = new Set<string>();
      for (const other of model.steps) {
        const key = model.graph.keyOf(other);
        if (!key || excluded.has(other) || seen.has(key) || key === model.graph.keyOf(step)) continue;
        seen.add(key);
        const earlier = other.index < step.index;
        const method = other.method ? ` (${other.method.value})` : other.type ? ` (${other.type.value})` : '';
        items.push(item(key, CompletionItemKind.Reference, `step ${other.index + 1}${method}`, `Run this step once per record of **${key}**${method}, and read that record as \`{{resources.${key.replace('/', '.')}.<field>}}\`.`, `${earlier ? 0 : 1}${String(other.index).padStart(6, '0')}`));
      }
      return items;
    }
    case 'loop_on': {
      if (model.format !== 'legacy') return undefined;
      return [...model.args.args.values()].map((arg) => {
        const isArray = arg.types.includes('array');
        return item(arg.name, CompletionItemKind.Variable, describeArg(arg), argDocumentation(arg), `${isArray ? 0 : 1}${arg.name}`);
      });
    }
    case 'resource': {
      return UNIFIED_RESOURCES.map((r, i) => {
        const path = `${r.api}/${r.resource}`;
        const methods = r.methods ? `methods: ${r.methods.join(', ')}` : 'unified API resource';
        const note = r.confirmed ? '' : '\n\nSlug read off Truto\'s catalogue page, not confirmed by an API path: check it with `GET /unified-model`.';
        return item(path, CompletionItemKind.Value, methods, `Unified **${r.api}** API, resource **${r.resource}** (${methods}).${note}`, String(i).padStart(4, '0'));
      });
    }
    default:
      return undefined;
  }
}
