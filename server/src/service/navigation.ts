import type { Location, Position, Range } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';
import { symbolAt, symbolOccurrences } from './symbolAt';
import type { OffsetRange } from './template/references';

function toRange(parsed: ParsedDocument, range: OffsetRange): Range {
  return { start: parsed.document.positionAt(range.start), end: parsed.document.positionAt(range.end) };
}

/** Go to definition: an argument's key in args_schema; a step's `resource` value (several, for duplicates). */
export function definition(parsed: ParsedDocument, position: Position): Location[] {
  const symbol = symbolAt(parsed, parsed.document.offsetAt(position));
  if (!symbol) return [];
  return symbolOccurrences(parsed, symbol)
    .filter((o) => o.declaration)
    .map((o) => ({ uri: parsed.document.uri, range: toRange(parsed, o.range) }));
}

/** Find references: every placeholder, `loop_on`, `depends_on` and JSONata use, and the declaration when asked. */
export function references(parsed: ParsedDocument, position: Position, includeDeclaration: boolean): Location[] {
  const symbol = symbolAt(parsed, parsed.document.offsetAt(position));
  if (!symbol) return [];
  return symbolOccurrences(parsed, symbol, includeDeclaration).map((o) => ({ uri: parsed.document.uri, range: toRange(parsed, o.range) }));
}
