import type { SemanticTokens } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';
import { FUNCTION_CATALOGUE } from './jsonata/functionCatalogue';
import { jsonataStrings } from './jsonata/jsonataFields';
import type { JsonataToken } from './jsonata/scanner';
import { templateModel } from './template/templateModel';

/** The legend the server advertises; token types index into it. */
export const SEMANTIC_TOKEN_LEGEND = {
  tokenTypes: ['macro', 'variable', 'property', 'type', 'string', 'operator', 'keyword', 'function', 'number', 'regexp', 'comment'],
  tokenModifiers: ['defaultLibrary'],
};
const MACRO = 0;
const VARIABLE = 1;
const PROPERTY = 2;
const TYPE = 3;
const STRING = 4;
const OPERATOR = 5;
const KEYWORD = 6;
const FUNCTION = 7;
const NUMBER = 8;
const REGEXP = 9;
const COMMENT = 10;
const DEFAULT_LIBRARY = 1;
const FLAGS = new Set(['null', 'undefined', 'ignore-empty-str']);

interface Token {
  start: number;
  end: number;
  type: number;
  modifiers: number;
}

/**
 * Semantic tokens for placeholders (braces, root, path segments, casts and flags, `|`, `?:` and
 * the default) and JSONata fields. Positions come from the raw text, so escapes never shift them.
 * Computed once per document version: an editor asks again for the same version (after a
 * configuration change, on focus), and the LSP adapter diffs the versions it sends
 * (semanticTokensResults.ts).
 */
export function semanticTokens(parsed: ParsedDocument): SemanticTokens {
  return parsed.memo('semanticTokens', () => ({ data: encode(parsed.document.getText(), collectTokens(parsed)) }));
}

function collectTokens(parsed: ParsedDocument): Token[] {
  const tokens: Token[] = [];
  if (!parsed.json) return tokens;
  for (const string of templateModel(parsed).placeholderStrings) {
    for (const placeholder of string.placeholders) {
      // Spans inside a placeholder are relative to its start.
      const base = placeholder.start;
      const at = (start: number, end: number, type: number, modifiers = 0) => {
        if (end > start) tokens.push({ start: string.raw.toDocumentOffset(base + start), end: string.raw.toDocumentOffset(base + end), type, modifiers });
      };
      at(0, 2, MACRO);
      placeholder.alternatives.forEach((alternative, index) => {
        if (index > 0) at(alternative.start - 1, alternative.start, OPERATOR);
        for (const branch of alternative.query.branches) {
          branch.forEach((token, t) => {
            const start = alternative.pathSpan.start + token.start;
            at(start, start + token.text.length, t === 0 ? VARIABLE : PROPERTY, t === 0 && ['args', 'resources', 'previous_run_date'].includes(token.text) ? DEFAULT_LIBRARY : 0);
          });
        }
        for (const type of alternative.types) at(type.start, type.end, FLAGS.has(type.name) ? KEYWORD : TYPE);
      });
      const d = placeholder.default;
      if (d) {
        at(d.start - 2, d.start, OPERATOR);
        at(d.valueSpan.start, d.valueSpan.end, STRING);
        if (d.type) at(d.type.start, d.type.end, TYPE);
      }
      at(placeholder.text.length - 2, placeholder.text.length, MACRO);
    }
  }
  // JSONata fields: functions, variables, roots and paths, literals, operators, comments.
  for (const string of jsonataStrings(parsed)) {
    const list = string.analysis.tokens;
    list.forEach((token, i) => {
      const kind = jsonataTokenType(list, i);
      if (!kind) return;
      tokens.push({ start: string.raw.toDocumentOffset(token.start), end: string.raw.toDocumentOffset(token.end), type: kind[0], modifiers: kind[1] });
    });
  }
  return tokens;
}

/**
 * The LSP encoding: five integers per token, line and character relative to the token before.
 * Overlapping tokens and tokens across a line break are left out. Lines are counted in one pass
 * over the text, token by token in document order, rather than a positionAt per token (a 10,000
 * step template has 130,000–190,000 tokens: 88 ms per request before, most of it positionAt and
 * the sort of an already sorted list).
 */
function encode(text: string, tokens: Token[]): number[] {
  if (!isSorted(tokens)) tokens.sort((a, b) => a.start - b.start);
  const data: number[] = [];
  let line = 0;
  let lineStart = 0;
  // Where the line count has got to: every line break before it is counted.
  let scanned = 0;
  let previousLine = 0;
  let previousCharacter = 0;
  let lastEnd = -1;
  for (const token of tokens) {
    if (token.start < lastEnd) continue; // never overlap
    lastEnd = token.end;
    for (; scanned < token.start; scanned++) {
      const code = text.charCodeAt(scanned);
      // \r\n is one line break, as are a lone \r and a lone \n (the LSP's definition).
      if (code === 10 || (code === 13 && text.charCodeAt(scanned + 1) !== 10)) {
        line++;
        lineStart = scanned + 1;
      }
    }
    if (crossesLine(text, token.start, token.end)) continue; // tokens may not span lines
    const character = token.start - lineStart;
    const deltaLine = line - previousLine;
    data.push(deltaLine, deltaLine === 0 ? character - previousCharacter : character, token.end - token.start, token.type, token.modifiers);
    previousLine = line;
    previousCharacter = character;
  }
  return data;
}

function isSorted(tokens: readonly Token[]): boolean {
  for (let i = 1; i < tokens.length; i++) if (tokens[i].start < tokens[i - 1].start) return false;
  return true;
}

function crossesLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) return true;
  }
  return false;
}

/** Punctuation that is not coloured as an operator. */
const JSONATA_PUNCTUATION = new Set(['.', ',', '(', ')', '[', ']', '{', '}', ';']);
const JSONATA_ROOTS = new Set(['args', 'resources', 'sync_job_run', 'tenant_id', 'payload', 'total_records_size']);

/** The semantic token type and modifiers of a JSONata token, or undefined for punctuation. */
function jsonataTokenType(list: readonly JsonataToken[], i: number): [number, number] | undefined {
  const token = list[i];
  switch (token.kind) {
    case 'variable': {
      const next = list[i + 1];
      const name = token.text.slice(1);
      const called = next?.text === '(' && next.start === token.end;
      if (called || (FUNCTION_CATALOGUE.has(name) && list[i - 1]?.text === '~>')) return [FUNCTION, FUNCTION_CATALOGUE.has(name) ? DEFAULT_LIBRARY : 0];
      return [VARIABLE, 0];
    }
    case 'name': {
      const previous = list[i - 1];
      const inPath = previous?.text === '.' && previous.end === token.start;
      if (!inPath && JSONATA_ROOTS.has(token.text)) return [VARIABLE, DEFAULT_LIBRARY];
      return [PROPERTY, 0];
    }
    case 'quotedName':
      return [PROPERTY, 0];
    case 'string':
      return [STRING, 0];
    case 'number':
      return [NUMBER, 0];
    case 'value':
    case 'keyword':
      return [KEYWORD, 0];
    case 'regex':
      return [REGEXP, 0];
    case 'comment':
      return [COMMENT, 0];
    case 'operator':
      return JSONATA_PUNCTUATION.has(token.text) ? undefined : [OPERATOR, 0];
  }
}
