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
 * itself, or — for a large template with the cursor inside one step — a copy in which every other
 * step (and the comma that separated it) is reduced to its line breaks. Every line keeps its
 * number, and the step's lines and everything after the last step keep their columns (the
 * characters on the line before the step, and after the last removed line break, are kept as
 * spaces), so every position means the same in both: the JSON service takes positions and answers
 * with positions. What the schema offers at the cursor depends only on the root's other keys and on
 * the step itself, which are kept as written; outside every step (a job-level key, between two
 * steps), on none of them: the copy then keeps no step. The copy last asked for is kept for the
 * version: hover and completion in one place ask for it again and again.
 */
export function focusedJsonDocument(parsed: ParsedDocument, offset: number, jsonService: JsonLanguageService): { document: TextDocument; json: JSONDocument } | undefined {
  const json = parsed.json;
  if (!json) return undefined;
  const array = asArray(propertyValue(asObject(json.root), 'resources'));
  const items = array?.items;
  if (!array || !items || items.length <= FOCUS_STEP_THRESHOLD) return { document: parsed.document, json };
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
  // Between two steps (where a new one is typed) the copy keeps the next one, so that what comes
  // after the cursor is the same: the JSON service adds a comma to what it inserts when a value
  // follows. Outside the steps' array (a job-level key) it keeps none: found is -1.
  if (found < 0 && offset > array.offset && offset < array.offset + array.length && low < items.length) found = low;
  const first = items[0];
  // A cursor between two steps keeps its column too: the region before the step is cut there.
  const cut = found >= 0 && offset > first.offset && offset < items[found].offset ? offset : -1;
  const key = `${found} ${cut}`;
  const last = parsed.memo<{ key: string; focused?: { document: TextDocument; json: JSONDocument } }>('focusedJsonDocument', () => ({ key: '' }));
  if (last.key === key && last.focused) return last.focused;
  const text = parsed.document.getText();
  const lastEnd = items[items.length - 1].offset + items[items.length - 1].length;
  let focusedText: string;
  if (found < 0) {
    // An empty array: what the schema offers outside the steps does not depend on them.
    focusedText = text.slice(0, first.offset) + linesOnly(text, first.offset, lastEnd) + text.slice(lastEnd);
  } else {
    const item = items[found];
    const end = item.offset + item.length;
    const before = cut < 0 ? linesOnly(text, first.offset, item.offset) : linesOnly(text, first.offset, cut) + linesOnly(text, cut, item.offset);
    // Without [first step, this step) and (this step, last step]: the commas between them go too,
    // so the copy is still valid JSON with a one-element array.
    focusedText = text.slice(0, first.offset) + before + text.slice(item.offset, end) + linesOnly(text, end, lastEnd) + text.slice(lastEnd);
  }
  const { uri, languageId, version } = parsed.document;
  const document = TextDocument.create(uri, languageId, version, focusedText);
  last.key = key;
  last.focused = { document, json: jsonService.parseJSONDocument(document) };
  return last.focused;
}

/**
 * text[start, end) reduced to its line breaks, then a space for each character after the last one,
 * so that what follows keeps its line and column. Measured on a 10,000-node runtime-4 template: a
 * hover and a completion in a step took 180–230 ms together when the other steps were blanked to
 * spaces (a same-length copy: 2 MB to build and parse for each request); 35 ms with this copy,
 * then 1–2 ms while the cursor stays in the step.
 */
function linesOnly(text: string, start: number, end: number): string {
  const region = text.slice(start, end);
  const lastBreak = Math.max(region.lastIndexOf('\n'), region.lastIndexOf('\r'));
  return region.replace(/[^\r\n]+/g, '') + ' '.repeat(region.length - lastBreak - 1);
}
