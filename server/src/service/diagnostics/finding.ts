import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';

/** A quick fix: a titled set of edits to the document. */
export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix an editor may apply on "auto fix" (one per diagnostic at most). */
  readonly isPreferred?: boolean;
}

/**
 * A diagnostic together with the fixes that resolve it. Fixes are computed only when an
 * editor asks for code actions on the diagnostic, never while validating.
 */
export interface Finding {
  readonly diagnostic: Diagnostic;
  readonly fixes?: () => readonly QuickFix[];
}
