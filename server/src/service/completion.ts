import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { CompletionList, Position } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';
import { focusedJsonDocument } from './focusedJsonDocument';
import { jsonataCompletion } from './jsonata/jsonataCompletion';
import { placeholderCompletion } from './placeholderCompletion';
import { withoutSnippets } from './snippetText';
import { valueCompletion } from './valueCompletion';

export interface CompletionOptions {
  /** Whether the client expands snippets; plain-text items are sent otherwise. */
  readonly snippetSupport: boolean;
}

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/**
 * Completion: inside `{{ … }}` and in `depends_on`/`loop_on`/`resource` values our own items
 * answer (the JSON service would replace the whole string); everywhere else the schema's keys,
 * values, examples and snippets.
 */
export async function complete(
  parsed: ParsedDocument,
  position: Position,
  jsonService: JsonLanguageService,
  options: CompletionOptions,
): Promise<CompletionList> {
  if (!parsed.json) return EMPTY;
  const offset = parsed.document.offsetAt(position);
  const own = placeholderCompletion(parsed, offset) ?? jsonataCompletion(parsed, offset) ?? valueCompletion(parsed, offset);
  if (own) return { isIncomplete: false, items: own };
  // A large template: the JSON service sees only the step under the cursor (focusedJsonDocument.ts).
  const focused = focusedJsonDocument(parsed, offset, jsonService) ?? { document: parsed.document, json: parsed.json };
  const list = (await jsonService.doComplete(focused.document, position, focused.json)) ?? EMPTY;
  return options.snippetSupport ? list : withoutSnippets(list);
}
