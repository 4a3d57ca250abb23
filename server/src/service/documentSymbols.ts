import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';
import { describeArg } from './placeholderCompletion';
import { templateModel } from './template/templateModel';

/** Outline entries past this many are dropped (a 10,000-step template stays responsive). */
const SYMBOL_LIMIT = 5000;

function startOffset(parsed: ParsedDocument, range: Range): number {
  return parsed.document.offsetAt(range.start);
}

/**
 * The outline: the template's keys, with the arguments under `args_schema` (whatever its
 * shape) and the steps under `resources` named by their resource path (or node name) and method.
 */
export function documentSymbols(parsed: ParsedDocument, jsonService: JsonLanguageService): DocumentSymbol[] {
  const json = parsed.json;
  if (!json) return [];
  return parsed.memo('documentSymbols', () => {
    const symbols = jsonService.findDocumentSymbols2(parsed.document, json, { resultLimit: SYMBOL_LIMIT });
    const model = templateModel(parsed);
    const stepAt = new Map(model.steps.map((s) => [s.node.offset, s]));
    return symbols.map((symbol): DocumentSymbol => {
      if (symbol.name === 'args_schema' && model.args.container) {
        const args: DocumentSymbol[] = [];
        const declared = model.args.shape === 'object' ? symbol.children?.find((c) => c.name === 'properties')?.children : symbol.children;
        const byOffset = new Map((declared ?? []).map((c) => [startOffset(parsed, c.range), c]));
        for (const arg of model.args.args.values()) {
          const original = arg.propertyNode ? byOffset.get(arg.propertyNode.offset) : undefined;
          if (original) args.push({ ...original, kind: SymbolKind.Variable, detail: describeArg(arg) });
        }
        return { ...symbol, kind: SymbolKind.Namespace, detail: `${args.length} argument${args.length === 1 ? '' : 's'}`, children: args };
      }
      if (symbol.name === 'resources' && symbol.children) {
        const children = symbol.children.map((child) => {
          const step = stepAt.get(startOffset(parsed, child.range));
          if (!step) return child;
          const name = (model.format === 'legacy' ? step.resource?.value : step.name?.value) || `step ${step.index + 1}`;
          // A node: its type (and a request's resource path); a step: its method.
          const what = model.format === 'legacy' ? step.method?.value : [step.type?.value, step.type?.value === 'request' ? step.resource?.value : undefined].filter(Boolean).join(' ');
          const parent = step.dependsOn ? ` ← ${step.dependsOn.value}` : '';
          return { ...child, name, kind: SymbolKind.Function, detail: `${what ?? ''}${parent}`.trim() };
        });
        return { ...symbol, kind: SymbolKind.Array, detail: `${model.steps.length} ${model.format === 'nodes' ? 'node' : 'step'}${model.steps.length === 1 ? '' : 's'}`, children };
      }
      return symbol;
    });
  });
}
