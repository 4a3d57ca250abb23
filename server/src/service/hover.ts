import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { MarkupKind, type Hover, type MarkedString, type Position } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';
import { focusedJsonDocument } from './focusedJsonDocument';
import { jsonataHover } from './jsonata/jsonataHover';
import { placeholderHover } from './placeholderHover';

function markedToMarkdown(contents: Hover['contents']): string {
  const parts: MarkedString[] = Array.isArray(contents) ? contents : [contents as MarkedString];
  return parts
    .map((part) => (typeof part === 'string' ? part : 'kind' in part ? (part as { value: string }).value : `\`\`\`${part.language}\n${part.value}\n\`\`\``))
    .filter((text) => text.length > 0)
    .join('\n\n');
}

/**
 * Hover: placeholders and the values that name arguments and steps first; otherwise the schema's documentation for the key or value under the cursor, as one markdown
 * MarkupContent (the JSON service answers with the deprecated MarkedString list).
 */
export async function hover(parsed: ParsedDocument, position: Position, jsonService: JsonLanguageService): Promise<Hover | null> {
  if (!parsed.json) return null;
  const own = placeholderHover(parsed, position) ?? jsonataHover(parsed, parsed.document.offsetAt(position));
  if (own) return own;
  // A large template: the JSON service sees only the step under the cursor (focusedJsonDocument.ts).
  const focused = focusedJsonDocument(parsed, parsed.document.offsetAt(position), jsonService) ?? { document: parsed.document, json: parsed.json };
  const found = await jsonService.doHover(focused.document, position, focused.json);
  if (!found) return null;
  const value = markedToMarkdown(found.contents);
  if (!value) return null;
  return { contents: { kind: MarkupKind.Markdown, value }, range: found.range };
}
