import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { CompletionList, Position } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';
import { withoutSnippets } from './snippetText';

export interface CompletionOptions {
  /** Whether the client expands snippets; plain-text items are sent otherwise. */
  readonly snippetSupport: boolean;
}

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Schema-driven completion: keys, enum values, examples and snippets for steps and templates. */
export async function complete(
  parsed: ParsedDocument,
  position: Position,
  jsonService: JsonLanguageService,
  options: CompletionOptions,
): Promise<CompletionList> {
  if (!parsed.json) return EMPTY;
  const list = (await jsonService.doComplete(parsed.document, position, parsed.json)) ?? EMPTY;
  return options.snippetSupport ? list : withoutSnippets(list);
}
