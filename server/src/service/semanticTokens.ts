import type { SemanticTokens } from 'vscode-languageserver-types';
import { TOKENS_MEMO_KEY, type ParsedDocument } from './parsedDocument';
import { FUNCTION_CATALOGUE } from './jsonata/functionCatalogue';
import { forEachJobJsonata, forEachStepJsonata, type JsonataString } from './jsonata/jsonataFields';
import type { JsonataToken } from './jsonata/scanner';
import type { Step } from './template/step';
import { stepSpans, unchangedStep, type StepSpans } from './template/stepSpans';
import { forEachJobTemplateString, forEachStepTemplateString, templateModel, type PlaceholderString, type TemplateModel } from './template/templateModel';

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

/** Integers per token in a step's list: start relative to the step, length, type, modifiers. */
const STEP_INTS = 4;

/**
 * One version's tokens, memoised under TOKENS_MEMO_KEY and carried to the next version of the
 * document (parsedDocument.ts), which reuses the lists of the steps it did not change. Typed
 * arrays, one buffer each and no object per token or step: measured, 5–7 MB for a 10,000-step
 * template (its 140,000–190,000 tokens, listed per step and encoded).
 */
interface VersionTokens extends StepSpans {
  readonly format: string;
  /**
   * Every step's tokens, relative to the step's start (STEP_INTS per token), step after step;
   * step i's are lists[offsets[i] … offsets[i + 1]).
   */
  readonly lists: Int32Array;
  readonly offsets: Int32Array;
  /** The LSP encoding: five integers per token. */
  readonly data: Uint32Array;
}

/**
 * Semantic tokens for placeholders (braces, root, path segments, casts and flags, `|`, `?:` and
 * the default) and JSONata fields. Positions come from the raw text, so escapes never shift them.
 *
 * Computed once per version, step by step: a step whose text is unchanged since the previous
 * version the tokens were computed for reuses that version's list (a step's tokens depend on its
 * text and the template's format only), as the diagnostics reuse a step's findings. Measured at
 * 10,000 steps: 85–155 ms per version when every step was computed (and a positionAt per token),
 * 25–44 ms after a one-step edit. The LSP adapter then sends the difference
 * (lsp/semanticTokensResults.ts).
 */
export function semanticTokens(parsed: ParsedDocument): SemanticTokens {
  return { data: tokenList(semanticTokenData(parsed)) };
}

/**
 * The encoded tokens of the version, as kept (shared: never to be changed). The LSP adapter diffs
 * these directly, and makes a plain list only of what it sends.
 */
export function semanticTokenData(parsed: ParsedDocument): Uint32Array {
  return versionTokens(parsed).data;
}

/**
 * A plain list for the protocol (JSON has no typed arrays), by a loop: Array.from on a typed array
 * goes through its iterator, 30 ms for a 10,000-step template's 950,000 integers.
 */
export function tokenList(encoded: Uint32Array): number[] {
  const data: number[] = [];
  for (let i = 0; i < encoded.length; i++) data.push(encoded[i]);
  return data;
}

function versionTokens(parsed: ParsedDocument): VersionTokens {
  return parsed.memo<VersionTokens>(TOKENS_MEMO_KEY, () => {
    const text = parsed.document.getText();
    const none = new Int32Array(0);
    if (!parsed.json) return { format: '', text, spans: none, lists: none, offsets: new Int32Array(1), data: new Uint32Array(0) };
    const model = templateModel(parsed);
    const previous = parsed.previousResults<VersionTokens>(TOKENS_MEMO_KEY);
    const reusable = previous?.format === model.format ? previous : undefined;
    const count = model.steps.length;
    const spans = stepSpans(model.steps);
    // Per step: its list computed now, or undefined when the previous version's is reused.
    const computed: (number[] | undefined)[] = new Array<number[] | undefined>(count);
    let total = 0;
    model.steps.forEach((step, position) => {
      if (reusable && unchangedStep(reusable, text, spans, position)) {
        total += reusable.offsets[position + 1] - reusable.offsets[position];
      } else {
        computed[position] = stepTokens(parsed, model, step);
        total += computed[position].length;
      }
    });
    const lists = new Int32Array(total);
    const offsets = new Int32Array(count + 1);
    let at = 0;
    for (let position = 0; position < count; position++) {
      offsets[position] = at;
      const list = computed[position];
      if (list) {
        lists.set(list, at);
        at += list.length;
      } else if (reusable) {
        for (let i = reusable.offsets[position]; i < reusable.offsets[position + 1]; i++) lists[at++] = reusable.lists[i];
      }
    }
    offsets[count] = at;
    const jobTokens: Token[] = [];
    forEachJobTemplateString(parsed, model, (string) => placeholderTokens(string, jobTokens));
    forEachJobJsonata(text, model, (string) => jsonataTokens(string, jobTokens));
    const data = encode(text, spans, lists, offsets, jobTokens);
    parsed.releasePreviousResults(TOKENS_MEMO_KEY);
    return { format: model.format, text, spans, lists, offsets, data };
  });
}

/** One step's tokens, relative to its start (STEP_INTS per token). */
function stepTokens(parsed: ParsedDocument, model: TemplateModel, step: Step): number[] {
  const tokens: Token[] = [];
  forEachStepTemplateString(parsed, model, step, (string) => placeholderTokens(string, tokens));
  forEachStepJsonata(parsed.document.getText(), model, step, (string) => jsonataTokens(string, tokens));
  sortByStart(tokens);
  const base = step.node.offset;
  const list: number[] = [];
  for (const token of tokens) list.push(token.start - base, token.end - token.start, token.type, token.modifiers);
  return list;
}

/** A placeholder string's tokens, in document offsets. */
function placeholderTokens(string: PlaceholderString, tokens: Token[]): void {
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

/** A JSONata string's tokens (functions, variables, roots and paths, literals, operators, comments), in document offsets. */
function jsonataTokens(string: JsonataString, tokens: Token[]): void {
  const list = string.analysis.tokens;
  list.forEach((token, i) => {
    const kind = jsonataTokenType(list, i);
    if (kind) tokens.push({ start: string.raw.toDocumentOffset(token.start), end: string.raw.toDocumentOffset(token.end), type: kind[0], modifiers: kind[1] });
  });
}

/**
 * The LSP encoding: five integers per token, line and character relative to the token before.
 * Overlapping tokens and tokens across a line break are left out. The steps' lists (in document
 * order, each sorted) and the job-level tokens are read in start order without building one list
 * of every token, and lines are counted in one pass over the text rather than a positionAt per
 * token (a 10,000-step template has 140,000–190,000 tokens: 88 ms per version before, most of it
 * positionAt and the sort of an already sorted list).
 */
function encode(text: string, spans: Int32Array, lists: Int32Array, offsets: Int32Array, jobTokens: Token[]): Uint32Array {
  const data = new Uint32Array(5 * (lists.length / STEP_INTS + jobTokens.length));
  let written = 0;
  let line = 0;
  let lineStart = 0;
  // Where the line count has got to: every line break before it is counted.
  let scanned = 0;
  let previousLine = 0;
  let previousCharacter = 0;
  let lastEnd = -1;
  const emit = (start: number, end: number, type: number, modifiers: number): void => {
    if (start < lastEnd) return; // never overlap
    lastEnd = end;
    for (; scanned < start; scanned++) {
      const code = text.charCodeAt(scanned);
      // \r\n is one line break, as are a lone \r and a lone \n (the LSP's definition).
      if (code === 10 || (code === 13 && text.charCodeAt(scanned + 1) !== 10)) {
        line++;
        lineStart = scanned + 1;
      }
    }
    if (crossesLine(text, start, end)) return; // tokens may not span lines
    const character = start - lineStart;
    const deltaLine = line - previousLine;
    data[written] = deltaLine;
    data[written + 1] = deltaLine === 0 ? character - previousCharacter : character;
    data[written + 2] = end - start;
    data[written + 3] = type;
    data[written + 4] = modifiers;
    written += 5;
    previousLine = line;
    previousCharacter = character;
  };
  sortByStart(jobTokens);
  let job = 0;
  for (let position = 0; position + 1 < offsets.length; position++) {
    const base = spans[2 * position];
    // Job-level tokens are outside every step: those before this one come first.
    for (; job < jobTokens.length && jobTokens[job].start < base; job++) emit(jobTokens[job].start, jobTokens[job].end, jobTokens[job].type, jobTokens[job].modifiers);
    for (let i = offsets[position]; i < offsets[position + 1]; i += STEP_INTS) emit(base + lists[i], base + lists[i] + lists[i + 1], lists[i + 2], lists[i + 3]);
  }
  for (; job < jobTokens.length; job++) emit(jobTokens[job].start, jobTokens[job].end, jobTokens[job].type, jobTokens[job].modifiers);
  return written === data.length ? data : data.slice(0, written);
}

/** Sorts in place by start, keeping the order of equal starts (placeholder tokens before JSONata ones); a sorted list is only checked. */
function sortByStart(tokens: Token[]): void {
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i].start < tokens[i - 1].start) {
      tokens.sort((a, b) => a.start - b.start);
      return;
    }
  }
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
