import { getLocation } from 'jsonc-parser';
import type { ASTNode } from 'vscode-json-languageservice';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import { replacingItem } from '../completionItems';
import type { ParsedDocument } from '../parsedDocument';
import type { ArgDefinition } from '../template/argsSchema';
import { asObject, asString, propertyValue } from '../template/jsonAst';
import { templateModel, type TemplateModel } from '../template/templateModel';
import { argsFileModel } from './argsFileModel';

/** Markdown that documents one argument, from its declaration. */
export function argDocumentation(definition: ArgDefinition): string {
  const facts: string[] = [];
  if (definition.types.length > 0) facts.push(`type \`${definition.types.join(' | ')}\``);
  if (definition.format) facts.push(`format \`${definition.format}\``);
  facts.push(definition.required === true ? 'required' : 'optional');
  if (definition.hasDefault) facts.push(`default \`${JSON.stringify(definition.defaultValue)}\``);
  return [`**${definition.name}** — ${facts.join(', ')}`, definition.description ?? ''].filter((s) => s.length > 0).join('\n\n');
}

/** A sample value to insert for an argument, as a snippet (the value selected). */
function sampleSnippet(definition: ArgDefinition, snippets: boolean): string {
  const type = definition.types[0];
  const wrap = (text: string) => (snippets ? `\${1:${text.replace(/[$}\\]/g, '\\$&')}}` : text);
  if (definition.hasDefault && definition.defaultValue !== undefined) return wrap(JSON.stringify(definition.defaultValue));
  switch (type) {
    case 'integer':
    case 'number':
      return wrap('0');
    case 'boolean':
      return wrap('true');
    case 'array':
      return snippets ? '[$1]' : '[]';
    case 'object':
      return snippets ? '{$1}' : '{}';
    default:
      return snippets ? '"$1"' : '""';
  }
}

/** The range of the key being typed at `offset` (inside or right after its quotes), else an empty range. */
function keyRange(parsed: ParsedDocument, offset: number): Range {
  const node = parsed.json?.getNodeFromOffset(offset, true);
  const { document } = parsed;
  if (node?.type === 'string' && node.parent?.type === 'property' && node.parent.keyNode === node) {
    return { start: document.positionAt(node.offset), end: document.positionAt(node.offset + node.length) };
  }
  return { start: document.positionAt(offset), end: document.positionAt(offset) };
}

/** The keys `get_state` nodes read (`config.key`), for the `state` section. */
function stateKeys(model: TemplateModel): string[] {
  if (model.format === 'legacy') return ['previous_run_date'];
  const keys: string[] = [];
  for (const step of model.steps) {
    if (step.type?.value !== 'get_state') continue;
    const key = asString(propertyValue(asObject(propertyValue(step.node, 'config')), 'key'))?.value;
    if (key && !key.includes('{{') && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * Completion in a sample arguments file: the template's argument names (with their docs) as
 * keys of `args`, its step keys in `records`, the state keys `get_state` reads in `state`.
 * Undefined elsewhere: the JSON service answers from the file's own schema.
 */
export function argsFileCompletion(args: ParsedDocument, template: ParsedDocument | undefined, position: Position, snippets: boolean): CompletionItem[] | undefined {
  if (!template?.json?.root || !args.json) return undefined;
  const text = args.document.getText();
  const offset = args.document.offsetAt(position);
  const location = getLocation(text, offset);
  if (!location.isAtPropertyKey || location.path.length !== 2) return undefined;
  const section = location.path[0];
  const model = templateModel(template);
  const file = argsFileModel(args);
  const range = keyRange(args, offset);
  const present = (sectionNode: ASTNode | undefined) => new Set((asObject(sectionNode)?.properties ?? []).map((p) => p.keyNode.value));
  // Completing inside existing quotes replaces the key only; a fresh key gets `"name": value`.
  const node = args.json.getNodeFromOffset(offset, true);
  const replacingKey = node?.type === 'string' && node.parent?.type === 'property' && node.parent.keyNode === node;
  const hasValue = replacingKey && node.parent?.type === 'property' && node.parent.colonOffset !== undefined && node.parent.colonOffset >= 0;
  const entry = (name: string, value: string) => (hasValue ? JSON.stringify(name) : `${JSON.stringify(name)}: ${value}`);

  if (section === 'args') {
    const given = present(file.args?.valueNode);
    const items: CompletionItem[] = [];
    let order = 0;
    for (const definition of model.args.args.values()) {
      if (given.has(definition.name) && !(replacingKey && node?.type === 'string' && node.value === definition.name)) continue;
      const newText = entry(definition.name, sampleSnippet(definition, snippets));
      items.push({
        label: definition.name,
        kind: CompletionItemKind.Property,
        detail: [definition.types.join(' | ') || 'argument', definition.required === true ? 'required' : 'optional'].join(' · '),
        documentation: { kind: MarkupKind.Markdown, value: argDocumentation(definition) },
        // Required arguments first, then in declaration order.
        sortText: `${definition.required === true ? 0 : 1}${String(order++).padStart(4, '0')}`,
        filterText: JSON.stringify(definition.name),
        insertTextFormat: snippets && !hasValue ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range, newText },
      });
    }
    return items;
  }
  if (section === 'records') {
    const given = present(file.records?.valueNode);
    const noun = model.format === 'legacy' ? 'step' : 'node';
    return model.graph.keys
      .filter((key) => !given.has(key))
      .map((key, i) =>
        replacingItem(range, key, CompletionItemKind.Module, `sample records of the ${noun} "${key}"`, `Records the ${noun} \`${key}\` returns in the preview (an array of objects).`, String(i).padStart(4, '0'), entry(key, '[{}]')),
      )
      .map((item) => ({ ...item, filterText: JSON.stringify(item.label) }));
  }
  if (section === 'state') {
    const given = present(file.state?.valueNode);
    return stateKeys(model)
      .filter((key) => !given.has(key))
      .map((key, i) => ({ ...replacingItem(range, key, CompletionItemKind.Value, 'state value', model.format === 'legacy' ? 'What `{{previous_run_date}}` becomes in the preview.' : `What a \`get_state\` node reading \`${key}\` returns in the preview.`, String(i).padStart(4, '0'), entry(key, '""')), filterText: JSON.stringify(key) }));
  }
  return undefined;
}

/** Hover on an argument name in `args`: its declaration's documentation. */
export function argsFileHover(args: ParsedDocument, template: ParsedDocument | undefined, position: Position): Hover | null {
  if (!template?.json?.root || !args.json) return null;
  const offset = args.document.offsetAt(position);
  const node = args.json.getNodeFromOffset(offset, true);
  if (node?.type !== 'string' || node.parent?.type !== 'property' || node.parent.keyNode !== node) return null;
  const section = node.parent.parent?.parent;
  if (section?.type !== 'property' || section.keyNode.value !== 'args' || section.parent !== args.json.root) return null;
  const definition = templateModel(template).args.args.get(node.value);
  if (!definition) return null;
  const { document } = args;
  return {
    contents: { kind: MarkupKind.Markdown, value: argDocumentation(definition) },
    range: { start: document.positionAt(node.offset), end: document.positionAt(node.offset + node.length) },
  };
}

