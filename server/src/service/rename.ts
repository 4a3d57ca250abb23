import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';
import { isPlainJsonataName } from './jsonata/names';
import { symbolAt, symbolOccurrences } from './symbolAt';
import { templateModel } from './template/templateModel';

export type PrepareRenameResult = { range: Range; placeholder: string } | { error: string };
export type RenameResult = { edit: WorkspaceEdit } | { error: string };

const ARG_NAME = /^[A-Za-z0-9_-]+$/;
const STEP_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)?$/;
const JSONATA_NAME = /^[A-Za-z_$][\w$]*$/;

const NOTHING_TO_RENAME =
  'Put the cursor on an argument (in args_schema, a placeholder or loop_on), a step (its resource, a depends_on or {{resources.…}}) or a runtime 4 node (its name, a depends_on, a resources_to_persist entry or {{resources.<name>…}}) to rename it.';

const RESOURCE_PATH_RENAME =
  'A resource path is the unified API resource Truto syncs, not a name of this template: change the request\'s "resource" and the reads by hand, or rename the node (its name) instead.';

/** Whether rename is possible at the cursor, and the range of the name there. */
export function prepareRename(parsed: ParsedDocument, position: Position): PrepareRenameResult {
  const symbol = symbolAt(parsed, parsed.document.offsetAt(position));
  if (!symbol) return { error: NOTHING_TO_RENAME };
  if (symbol.kind === 'resourcePath') return { error: RESOURCE_PATH_RENAME };
  if (symbol.kind === 'arg' && templateModel(parsed).args.shape === 'string') {
    return { error: 'args_schema is a JSON string: convert it to an object (quick fix) before renaming arguments.' };
  }
  const range = { start: parsed.document.positionAt(symbol.range.start), end: parsed.document.positionAt(symbol.range.end) };
  // In a placeholder a step shows as `ticketing.tickets`; offer its real key to edit.
  return { range, placeholder: symbol.kind === 'arg' ? symbol.name : parsed.document.getText(range) };
}

/**
 * Renames an argument (its key, every placeholder segment, loop_on, JSONata `args.x`), a step
 * (every `resource` with that path, every depends_on, every `{{resources.…}}`) or a runtime 4 node
 * (its name and every reference to it), in one edit.
 */
export function rename(parsed: ParsedDocument, position: Position, requested: string): RenameResult {
  const symbol = symbolAt(parsed, parsed.document.offsetAt(position));
  if (!symbol) return { error: NOTHING_TO_RENAME };
  if (symbol.kind === 'resourcePath') return { error: RESOURCE_PATH_RENAME };
  const model = templateModel(parsed);
  const edits: TextEdit[] = [];
  const range = (r: { start: number; end: number }): Range => ({ start: parsed.document.positionAt(r.start), end: parsed.document.positionAt(r.end) });

  if (symbol.kind === 'arg') {
    const name = requested.trim();
    if (!ARG_NAME.test(name)) return { error: `"${requested}" cannot be an argument name: placeholders read only letters, digits, "_" and "-".` };
    if (name === symbol.name) return { edit: { changes: {} } };
    if (model.args.args.has(name)) return { error: `args_schema already declares "${name}".` };
    if (model.args.shape === 'string') return { error: 'args_schema is a JSON string: convert it to an object (quick fix) before renaming arguments.' };
    for (const occurrence of symbolOccurrences(parsed, symbol)) {
      const jsonataNeedsQuotes = occurrence.jsonata && !JSONATA_NAME.test(name) && parsed.document.getText(range(occurrence.range)) === symbol.name &&
        parsed.document.getText().charAt(occurrence.range.start - 1) !== '`';
      edits.push({ range: range(occurrence.range), newText: jsonataNeedsQuotes ? `\`${name}\`` : name });
    }
  } else if (model.format === 'nodes') {
    // A node name: its `name`, every depends_on, resources_to_persist entry, loop_on path and
    // `{{resources.<name>…}}` (a placeholder path segment, so only the characters it can hold).
    const name = requested.trim();
    if (!ARG_NAME.test(name)) return { error: `"${requested}" cannot be a node name that placeholders can read: use only letters, digits, "_" and "-".` };
    if (name === symbol.key) return { edit: { changes: {} } };
    if (model.graph.hasKey(name)) return { error: `A node is already named "${name}": renaming would merge two nodes' references.` };
    const text = parsed.document.getText();
    for (const occurrence of symbolOccurrences(parsed, symbol)) {
      // In JSONata a name with dashes needs backticks (unless the occurrence already has them).
      const quote = occurrence.jsonata && !isPlainJsonataName(name) && text.charAt(occurrence.range.start - 1) !== '`';
      edits.push({ range: range(occurrence.range), newText: quote ? `\`${name}\`` : name });
    }
  } else {
    const key = requested.trim().replace(/\./, '/');
    if (!STEP_KEY.test(key)) return { error: `"${requested}" cannot be a resource path: write "<api>/<resource>" (e.g. "crm/contacts") or a proxy resource name.` };
    if (key === symbol.key) return { edit: { changes: {} } };
    if (model.graph.stepsWithKey(key).length > 0) return { error: `A step already syncs "${key}": renaming would merge two steps' references.` };
    for (const occurrence of symbolOccurrences(parsed, symbol)) {
      edits.push({ range: range(occurrence.range), newText: occurrence.placeholder ? key.replace('/', '.') : key });
    }
  }
  return { edit: { changes: { [parsed.document.uri]: edits } } };
}
