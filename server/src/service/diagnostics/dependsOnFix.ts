import type { TextDocument } from 'vscode-languageserver-textdocument';
import { jsonModify } from '../text/jsonEdits';
import type { QuickFix } from './finding';

/**
 * The quick fix `Add "depends_on": "<target>"` on the step or node at `stepIndex` in `resources`:
 * one rule for every check that finds a read (placeholder, loop_on, cursor) of something not upstream.
 */
export function addDependsOnFix(document: TextDocument, stepIndex: number, target: string): QuickFix {
  return { title: `Add "depends_on": "${target}"`, edits: jsonModify(document, ['resources', stepIndex, 'depends_on'], target), isPreferred: true };
}
