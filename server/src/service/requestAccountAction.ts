import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { declareArgFix } from './diagnostics/argDiagnostics';
import type { ParsedDocument } from './parsedDocument';
import { property } from './template/jsonAst';
import { templateModel } from './template/templateModel';
import { jsonModify } from './text/jsonEdits';

const ACCOUNT_ARG = 'integrated_account_id';
const ACCOUNT_PLACEHOLDER = `{{args.${ACCOUNT_ARG}}}`;

/**
 * Quick fix for a runtime 4 request node without `integrated_account_id` (the schema reports it as
 * missing): add `"integrated_account_id": "{{args.integrated_account_id}}"`, declaring the argument
 * too when args_schema does not. Offered on the node under the cursor, attached to the schema
 * diagnostic that names the field when the editor sent it.
 */
export function requestAccountActions(parsed: ParsedDocument, range: Range, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[] {
  if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === CodeActionKind.Empty)) return [];
  if (!parsed.json) return [];
  const model = templateModel(parsed);
  if (model.format !== 'nodes') return [];
  const { document } = parsed;
  const at = document.offsetAt(range.start);
  const step = model.steps.find((s) => at >= s.node.offset && at <= s.node.offset + s.node.length);
  if (!step || step.type?.value !== 'request' || property(step.node, ACCOUNT_ARG)) return [];
  const edits = [...jsonModify(document, ['resources', step.index, ACCOUNT_ARG], ACCOUNT_PLACEHOLDER)];
  const declare = model.args.knowable && model.args.shape !== 'string' && !model.args.args.has(ACCOUNT_ARG);
  if (declare) edits.push(...declareArgFix(document, model, ACCOUNT_ARG, { type: 'string', format: ACCOUNT_ARG, required: true }).edits);
  const start = step.node.offset;
  const end = step.node.offset + step.node.length;
  const related = diagnostics.filter((d) => {
    const offset = document.offsetAt(d.range.start);
    const message = typeof d.message === 'string' ? d.message : '';
    return offset >= start && offset <= end && message.includes(ACCOUNT_ARG);
  });
  return [
    {
      title: `Add "${ACCOUNT_ARG}": "${ACCOUNT_PLACEHOLDER}"${declare ? ' (and declare the argument)' : ''}`,
      kind: CodeActionKind.QuickFix,
      ...(related.length > 0 ? { diagnostics: related, isPreferred: true } : {}),
      edit: { changes: { [document.uri]: edits } },
    },
  ];
}
