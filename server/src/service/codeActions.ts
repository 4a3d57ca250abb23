import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { convertToRuntime4Actions } from './convert/convertAction';
import { templateFindings } from './diagnostics/validate';
import { requestAccountActions } from './requestAccountAction';
import type { ParsedDocument } from './parsedDocument';

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * Quick fixes for our diagnostics: the ones the editor shows at the cursor (matched by code and
 * range, so a severity override does not lose the fix). Clients that send no diagnostics get
 * the fixes of every finding that touches the range.
 */
export function codeActions(parsed: ParsedDocument, range: Range, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[] {
  // Refactorings follow the fixes: "Convert to runtime 4" on default_runtime_version (convert/convertAction.ts).
  return [...quickFixes(parsed, range, diagnostics, only), ...requestAccountActions(parsed, range, diagnostics, only), ...convertToRuntime4Actions(parsed, range, only)];
}

function quickFixes(parsed: ParsedDocument, range: Range, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[] {
  if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === CodeActionKind.Empty)) {
    return [];
  }
  const actions: CodeAction[] = [];
  for (const finding of templateFindings(parsed)) {
    if (!finding.fixes) continue;
    const shown =
      diagnostics.length > 0
        ? diagnostics.find((d) => d.code === finding.diagnostic.code && sameRange(d.range, finding.diagnostic.range))
        : intersects(finding.diagnostic.range, range)
          ? finding.diagnostic
          : undefined;
    if (!shown) continue;
    for (const fix of finding.fixes()) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [shown],
        ...(fix.isPreferred ? { isPreferred: true } : {}),
        edit: { changes: { [parsed.document.uri]: [...fix.edits] } },
      });
    }
  }
  return actions;
}
