import type { ParsedDocument } from './parsedDocument';
import { contentRange } from './template/jsonAst';
import { templateReferences, type OffsetRange } from './template/references';
import { templateModel } from './template/templateModel';

/** A named thing of the template under the cursor: an argument or a step, and the exact range of its name there. */
export type TemplateSymbol =
  | { readonly kind: 'arg'; readonly name: string; readonly range: OffsetRange }
  | { readonly kind: 'step'; readonly key: string; readonly range: OffsetRange };

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
    const node = model.format === 'legacy' ? step.resource?.node : step.name?.node;
    if (!key || !node) continue;
    const range = contentRange(text, node);
    if (within(offset, range)) return { kind: 'step', key, range };
  }
  for (const reference of references.steps) {
    if ((reference.kind === 'depends_on' || reference.matched) && within(offset, reference)) {
      return { kind: 'step', key: reference.key, range: { start: reference.start, end: reference.end } };
    }
  }
  return undefined;
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
  if (includeDeclaration) {
    for (const step of model.graph.stepsWithKey(symbol.key)) {
      const node = model.format === 'legacy' ? step.resource?.node : step.name?.node;
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
