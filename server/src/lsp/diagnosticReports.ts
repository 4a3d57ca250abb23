import {
  DocumentDiagnosticReportKind,
  type Diagnostic,
  type FullDocumentDiagnosticReport,
  type UnchangedDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { SentResults } from './sentResults';

/**
 * The diagnostics last reported to a pulling client (`textDocument/diagnostic`) for each open
 * document, so that a pull whose answer did not change is answered "unchanged" instead of with
 * every diagnostic again.
 *
 * Why: an editor pulls after every edit, and a large template can carry thousands of warnings
 * (10,000 steps sharing resource paths: 6,667 `duplicate-step` warnings, 2.3 MB of JSON) that a
 * keystroke elsewhere leaves as they were. VS Code sends the `previousResultId` of its last answer;
 * when the server still holds that answer and the new diagnostics equal it, nothing is sent again
 * and nothing is parsed or redrawn on the client's side.
 */
export class DiagnosticReports {
  private readonly sent = new SentResults<readonly Diagnostic[]>();

  /**
   * The report for `items`: unchanged when the client holds `previousResultId`, that is the answer
   * remembered for `uri`, and `items` equal it; otherwise the full list, remembered.
   */
  report(uri: string, previousResultId: string | undefined, items: Diagnostic[]): FullDocumentDiagnosticReport | UnchangedDocumentDiagnosticReport {
    const held = this.sent.heldBy(uri, previousResultId);
    if (previousResultId !== undefined && held !== undefined && sameDiagnostics(held, items)) {
      // The client's copy stays right; keep the newer array so the next comparison is against it
      // (the same contents) and the older version's can be collected.
      this.sent.remember(uri, items, previousResultId);
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: previousResultId };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId: this.sent.remember(uri, items), items };
  }

  forget(uri: string): void {
    this.sent.forget(uri);
  }
}

/** Whether two diagnostic lists would look the same to a client: the same diagnostics in the same order. */
export function sameDiagnostics(before: readonly Diagnostic[], after: readonly Diagnostic[]): boolean {
  if (before === after) return true;
  if (before.length !== after.length) return false;
  for (let i = 0; i < before.length; i++) if (!sameJson(before[i], after[i])) return false;
  return true;
}

/**
 * Deep equality of JSON values (what a diagnostic is once sent: ranges, codes, messages, tags,
 * related information, `data`). A property that is undefined counts as absent, as it is in JSON.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], other[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let defined = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    defined++;
    if (!sameJson(left[key], right[key])) return false;
  }
  for (const key in right) if (right[key] !== undefined) defined--;
  return defined === 0;
}
