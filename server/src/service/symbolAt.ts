import type { ParsedDocument } from './parsedDocument';
import { contentRange } from './template/jsonAst';
import { contextPathOf, templateReferences, type OffsetRange } from './template/references';
import { templateModel } from './template/templateModel';

/** A named thing of the template under the cursor: an argument or a step, and the exact range of its name there. */
export type TemplateSymbol =
  | { readonly kind: 'arg'; readonly name: string; readonly range: OffsetRange }
  | { readonly kind: 'step'; readonly key: string; readonly range: OffsetRange }
  /** Runtime 4: a request node's resource path (`ticketing/tickets`), by which `{{resources.ticketing.tickets…}}` reads its output. */
  | { readonly kind: 'resourcePath'; readonly key: string; readonly range: OffsetRange };

const within = (offset: number, range: OffsetRange) => offset >= range.start && offset <= range.end;

/** The argument or step whose name is at `offset`: a declaration or any reference to it. */
export function symbolAt(parsed: ParsedDocument, offset: number): TemplateSymbol | undefined {
  if (!parsed.json) return undefined;
  const text = parsed.document.getText();
  const model = templateModel(parsed);
  const references = templateReferences(parsed);
  for (const arg of model.args.args.values()) {
    if (arg.keyNode) {
      const range = contentRange(text, arg.keyNode);
      if (within(offset, range)) return { kind: 'arg', name: arg.name, range };
    }
  }
  for (const reference of references.args) {
    if (within(offset, reference)) return { kind: 'arg', name: reference.name, range: { start: reference.start, end: reference.end } };
  }
  for (const step of model.steps) {
    const key = model.graph.keyOf(step);
    const node = model.format === 'legacy' ? step.resource : step.name;
    if (!key || !node) continue;
    const range = contentRange(text, node);
    if (within(offset, range)) return { kind: 'step', key, range };
  }
  for (const reference of references.steps) {
    if ((reference.kind === 'depends_on' || reference.matched) && within(offset, reference)) {
      return { kind: 'step', key: reference.key, range: { start: reference.start, end: reference.end } };
    }
  }
  if (model.format === 'nodes') {
    for (const step of model.steps) {
      if (step.type?.value !== 'request' || !step.resource) continue;
      const range = contentRange(text, step.resource);
      if (within(offset, range)) return { kind: 'resourcePath', key: step.resource.value, range };
    }
    for (const read of resourcePathReads(parsed)) if (within(offset, read)) return { kind: 'resourcePath', key: read.key, range: { start: read.start, end: read.end } };
  }
  return undefined;
}

/**
 * Runtime 4 reads of a request node's output by its resource path: `{{resources.<model>.<resource>…}}`
 * and `loop_on: "resources.<model>.<resource>"`, where some request node syncs that path (and no
 * node is named `<model>`, which would be a read by name).
 */
function resourcePathReads(parsed: ParsedDocument): readonly (OffsetRange & { key: string })[] {
  return parsed.memo('resourcePathReads', () => {
    const model = templateModel(parsed);
    const { graph } = model;
    const syncs = (key: string, first: string) => !graph.hasKey(first) && graph.stepsWithOutputKey(key).some((s) => s.type?.value === 'request' && s.resource?.value === key);
    const reads: (OffsetRange & { key: string })[] = [];
    for (const string of model.placeholderStrings) {
      for (const placeholder of string.placeholders) {
        for (const path of placeholder.paths) {
          if (!path.readsResource || path.unifiedKey === undefined || !syncs(path.unifiedKey, path.tokens[1].text)) continue;
          const start = string.raw.toDocumentOffset(placeholder.start + path.offsets[1]);
          const end = string.raw.toDocumentOffset(placeholder.start + path.offsets[2] + path.tokens[2].text.length);
          reads.push({ key: path.unifiedKey, start, end });
        }
      }
    }
    const text = parsed.document.getText();
    for (const step of model.steps) {
      const path = step.loopOn ? contextPathOf(text, step.loopOn) : undefined;
      const [root, first, second] = path?.segments ?? [];
      if (!root || root.text !== 'resources' || !first || !second) continue;
      const key = `${first.text}/${second.text}`;
      if (syncs(key, first.text)) reads.push({ key, start: first.start, end: second.end });
    }
    return reads.sort((a, b) => a.start - b.start);
  });
}

/** Every range that names the symbol, declarations first. */
export function symbolOccurrences(parsed: ParsedDocument, symbol: TemplateSymbol, includeDeclaration = true): { range: OffsetRange; declaration: boolean; jsonata?: boolean; placeholder?: boolean }[] {
  const text = parsed.document.getText();
  const model = templateModel(parsed);
  const references = templateReferences(parsed);
  const found: { range: OffsetRange; declaration: boolean; jsonata?: boolean; placeholder?: boolean }[] = [];
  if (symbol.kind === 'arg') {
    const declared = model.args.args.get(symbol.name);
    if (includeDeclaration && declared?.keyNode) found.push({ range: contentRange(text, declared.keyNode), declaration: true });
    for (const reference of references.args) {
      if (reference.name === symbol.name) found.push({ range: reference, declaration: false, jsonata: reference.kind === 'jsonata' });
    }
    return found;
  }
  if (symbol.kind === 'resourcePath') {
    if (includeDeclaration) {
      for (const step of model.graph.stepsWithOutputKey(symbol.key)) {
        if (step.type?.value === 'request' && step.resource?.value === symbol.key) found.push({ range: contentRange(text, step.resource), declaration: true });
      }
    }
    for (const read of resourcePathReads(parsed)) if (read.key === symbol.key) found.push({ range: read, declaration: false, placeholder: true });
    return found;
  }
  if (includeDeclaration) {
    for (const step of model.graph.stepsWithKey(symbol.key)) {
      const node = model.format === 'legacy' ? step.resource : step.name;
      if (node) found.push({ range: contentRange(text, node), declaration: true });
    }
  }
  for (const reference of references.steps) {
    if (reference.key === symbol.key && (reference.kind === 'depends_on' || reference.matched)) {
      found.push({ range: reference, declaration: false, placeholder: reference.kind === 'placeholder', jsonata: reference.kind === 'jsonata' });
    }
  }
  return found;
}
