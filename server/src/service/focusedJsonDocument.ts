import type { JSONDocument, LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from './parsedDocument';
import { asArray, asObject, propertyValue } from './template/jsonAst';

/**
 * Above this many steps or nodes, the JSON service's schema features (completion, hover) are asked
 * on a copy of the document that keeps only the step or node under the cursor.
 *
 * Why: the root of our schema chooses the step schema with `if`/`then`/`else` on
 * `default_runtime_version`. The JSON service (vscode-json-languageservice 5.x) evaluates every
 * `if`/`then`/`else`/`allOf`/`anyOf` branch into a collector that ignores the cursor, so answering
 * one completion collects a matching schema for every node of the document and then merges them
 * with `Array.prototype.push.apply`, which overflows the stack past about 100,000 entries (a
 * 10,000-node runtime-4 template). Real templates have tens of steps: below this bound nothing
 * changes.
 */
export const FOCUS_STEP_THRESHOLD = 200;

/**
 * The document and parse to give the JSON service for a schema feature at `offset`: the document
 * itself, or — for a large template with the cursor inside one step — a same-length copy in which
 * every other step (and the comma that separated it) is blanked to spaces. Line breaks are kept,
 * so every offset and position means the same in both; what the schema offers at the cursor
 * depends only on the root's other keys and on the step itself, which are kept as written.
 */
export function focusedJsonDocument(parsed: ParsedDocument, offset: number, jsonService: JsonLanguageService): { document: TextDocument; json: JSONDocument } | undefined {
  const json = parsed.json;
  if (!json) return undefined;
  const items = asArray(propertyValue(asObject(json.root), 'resources'))?.items;
  if (!items || items.length <= FOCUS_STEP_THRESHOLD) return { document: parsed.document, json };
  // The step whose text holds the cursor (items are in document order).
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const item = items[middle];
    if (offset < item.offset) high = middle - 1;
    else if (offset > item.offset + item.length) low = middle + 1;
    else {
      found = middle;
      break;
    }
  }
  if (found < 0) return { document: parsed.document, json };
  const text = parsed.document.getText();
  const item = items[found];
  const first = items[0];
  const last = items[items.length - 1];
  // Blank [first step, this step) and (this step, last step]: the commas between them go too, so
  // the copy is still valid JSON with a one-element array.
  const focusedText =
    text.slice(0, first.offset) + blank(text.slice(first.offset, item.offset)) + text.slice(item.offset, item.offset + item.length) + blank(text.slice(item.offset + item.length, last.offset + last.length)) + text.slice(last.offset + last.length);
  const { uri, languageId, version } = parsed.document;
  const document = TextDocument.create(uri, languageId, version, focusedText);
  return { document, json: jsonService.parseJSONDocument(document) };
}

/** `text` with every character but line breaks replaced by a space (same length, same lines). */
function blank(text: string): string {
  return text.replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length));
}
