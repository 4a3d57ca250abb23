import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../parsedDocument';
import { asObject, property } from '../template/jsonAst';
import { convertToRuntime4, isConverted, type ConversionResult } from './convertToRuntime4';

export const CONVERT_TO_RUNTIME_4_TITLE = 'Convert to runtime 4 (node graph)';

function intersects(range: Range, start: { line: number; character: number }, end: { line: number; character: number }): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(range.end, start) && !before(end, range.start);
}

/** Whether the client asked for refactor.rewrite actions (or did not restrict the kinds). */
function wanted(only: readonly string[] | undefined): boolean {
  if (!only) return true;
  return only.some((kind) => kind === CodeActionKind.Empty || kind === CodeActionKind.RefactorRewrite || CodeActionKind.RefactorRewrite.startsWith(`${kind}.`));
}

/**
 * "Convert to runtime 4" (refactor.rewrite) where the runtime is chosen: on the
 * `default_runtime_version` key or value of a legacy template (1–3) or, when the version is
 * missing, where the editor says so (the template's opening brace, see runtimeVersionDiagnostics)
 * and on the `resources` key. One edit replaces the whole document, so one undo restores it. When
 * the template cannot be converted faithfully, the action is disabled with the reason (LSP 3.16
 * `disabled`; the LSP adapter drops it for clients without `disabledSupport`, which then see no
 * action, and `synctemplate convert --to 4` prints every reason).
 */
export function convertToRuntime4Actions(parsed: ParsedDocument, range: Range, only?: readonly string[]): CodeAction[] {
  if (!wanted(only)) return [];
  const root = asObject(parsed.json?.root);
  if (!root) return [];
  const { document } = parsed;
  const version = property(root, 'default_runtime_version');
  let offered: boolean;
  if (version) {
    const value = version.valueNode?.value;
    if (typeof value === 'number' && value >= 4) return [];
    offered = intersects(range, document.positionAt(version.offset), document.positionAt(version.offset + version.length));
  } else {
    const resources = property(root, 'resources');
    offered =
      intersects(range, document.positionAt(root.offset), document.positionAt(root.offset + 1)) ||
      (resources !== undefined && intersects(range, document.positionAt(resources.keyNode.offset), document.positionAt(resources.keyNode.offset + resources.keyNode.length)));
  }
  if (!offered) return [];
  const result = parsed.memo<ConversionResult>('convertToRuntime4', () => convertToRuntime4(document.getText()));
  if (!isConverted(result)) {
    const [first, ...rest] = result.problems;
    const more = rest.length > 0 ? ` (and ${rest.length} more; \`synctemplate convert --to 4\` lists them all)` : '';
    return [{ title: CONVERT_TO_RUNTIME_4_TITLE, kind: CodeActionKind.RefactorRewrite, disabled: { reason: `${first.message}${more}` } }];
  }
  const end = document.positionAt(document.getText().length);
  return [
    {
      title: CONVERT_TO_RUNTIME_4_TITLE,
      kind: CodeActionKind.RefactorRewrite,
      edit: { changes: { [document.uri]: [{ range: { start: { line: 0, character: 0 }, end }, newText: result.text }] } },
    },
  ];
}
