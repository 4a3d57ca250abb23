import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { replacingItem } from './completionItems';
import { UNIFIED_RESOURCES } from './catalogue/unifiedResources';
import type { ParsedDocument } from './parsedDocument';
import { describeArg, argDocumentation, upstreamPaths } from './placeholderCompletion';
import { contentRange } from './template/jsonAst';
import { stringAt } from './template/cursorContext';
import { templateModel, type Step, type TemplateModel } from './template/templateModel';
import type { StringASTNode } from 'vscode-json-languageservice';

/**
 * Completion of a step's `depends_on`, `loop_on` and `resource` values: other steps (never the
 * step itself or one that depends on it), array arguments first, and the unified API catalogue.
 * Items replace the string's content. Returns undefined for any other string.
 */
export function valueCompletion(parsed: ParsedDocument, offset: number): CompletionItem[] | undefined {
  const cursor = stringAt(parsed, offset);
  if (cursor && !cursor.property) return persistCompletion(parsed, cursor.node);
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
        const sortText = `${earlier ? 0 : 1}${String(other.index).padStart(6, '0')}`;
        if (model.format === 'nodes') {
          const type = other.type?.value ?? 'node';
          const request = other.resource ? ` · ${other.resource.value}` : '';
          items.push(item(key, CompletionItemKind.Reference, `${type} node${request}`, `Run this node after the ${type} node **${key}**, and read its output as \`{{resources.${key}.<field>}}\`${other.type?.value === 'request' && other.resource ? ` or \`{{resources.${other.resource.value.replace('/', '.')}.<field>}}\`` : ''}.`, sortText));
          continue;
        }
        const method = other.method ? ` (${other.method.value})` : other.type ? ` (${other.type.value})` : '';
        items.push(item(key, CompletionItemKind.Reference, `step ${other.index + 1}${method}`, `Run this step once per record of **${key}**${method}, and read that record as \`{{resources.${key.replace('/', '.')}.<field>}}\`.`, sortText));
      }
      return items;
    }
    case 'loop_on': {
      if (model.format !== 'legacy') return nodeLoopOnItems(model, step, item);
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

type ItemFactory = (label: string, kind: CompletionItemKind, detail: string, documentation: string, sortText: string) => CompletionItem;

/** Runtime 4 loop_on: context paths to array arguments and upstream node outputs; `payload.records` on a destination. */
function nodeLoopOnItems(model: TemplateModel, step: Step, item: ItemFactory): CompletionItem[] {
  if (step.type?.value === 'destination') {
    return [item('payload.records', CompletionItemKind.Value, 'each record written', 'Write each record on its own: `{{payload.records.<field>}}` in `config.config` is then the current record.', '0')];
  }
  const items: CompletionItem[] = [];
  for (const arg of model.args.args.values()) {
    const isArray = arg.types.includes('array');
    items.push(item(`args.${arg.name}`, CompletionItemKind.Variable, describeArg(arg), argDocumentation(arg), `${isArray ? 0 : 2}${arg.name}`));
  }
  for (const { path, step: source } of upstreamPaths(model, step)) {
    const name = source.name?.value ?? `node ${source.index + 1}`;
    items.push(item(`resources.${path}`, CompletionItemKind.Reference, `${source.type?.value ?? 'node'} node ${name}`, `Run once for each element of the output of **${name}**; inside the node, \`{{resources.${path}…}}\` is the current element.`, `1${String(source.index).padStart(6, '0')}`));
  }
  return items;
}

/** A `resources_to_persist` entry of a destination: the other nodes' names, not yet listed, non-destinations first. */
function persistCompletion(parsed: ParsedDocument, node: StringASTNode): CompletionItem[] | undefined {
  const array = node.parent;
  const property = array?.type === 'array' ? array.parent : undefined;
  if (property?.type !== 'property' || property.keyNode.value !== 'resources_to_persist') return undefined;
  const model = templateModel(parsed);
  const destination = model.steps.find((s) => s.node === property.parent);
  if (!destination || model.format !== 'nodes') return undefined;
  const { document } = parsed;
  const content = contentRange(document.getText(), node);
  const range = { start: document.positionAt(content.start), end: document.positionAt(content.end) };
  const listed = new Set((destination.resourcesToPersist ?? []).filter((entry) => entry !== node).map((entry) => entry.value));
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const other of model.steps) {
    const name = other.name?.value;
    if (!name || other === destination || listed.has(name) || seen.has(name)) continue;
    seen.add(name);
    const type = other.type?.value ?? 'node';
    const late = type === 'destination' || type === 'event' || type === 'update_state' || type === 'delete_state';
    const request = other.resource ? ` · ${other.resource.value}` : '';
    items.push(replacingItem(range, name, CompletionItemKind.Reference, `${type} node${request}`, `Send what the ${type} node **${name}** outputs to this destination.`, `${late ? 1 : 0}${String(other.index).padStart(6, '0')}`, JSON.stringify(name).slice(1, -1)));
  }
  return items;
}
