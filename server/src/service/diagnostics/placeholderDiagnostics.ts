import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePathQuery } from '../template/pathQuery';
import { CAST_WORDS, type EngineFault, type Placeholder, type PlaceholderShape, type Span } from '../template/placeholderParser';
import type { PlaceholderString } from '../template/templateModel';
import { closestName } from '../text/closestName';
import { replaceOffsets } from '../text/jsonEdits';
import { finding, type SynctemplateCode } from './diagnosticCodes';
import type { Finding } from './finding';
import type { PlaceholderCheck } from './placeholderWalk';

/** Casts that change a value's type, which only a whole-string placeholder can do. */
const TYPE_CHANGING_CASTS = new Set(['int', 'num', 'bool', 'json', 'any']);
/** Roots a placeholder path may start with in a legacy template (others come from account context). */
export const LEGACY_ROOTS = ['args', 'resources', 'previous_run_date'];
/** Characters the engine accepts between braces. */
const INNER_CHAR = /[\w\-./|:?\s]/;

/** What the engine does when this placeholder finds nothing, for messages. */
export function unresolvedOutcome(placeholder: Pick<Placeholder, 'default' | 'flags' | 'text'>, isWholeString = true): string {
  if (placeholder.default) return `the default "${placeholder.default.value}" is used instead`;
  if (placeholder.flags.undefined) return isWholeString ? 'the key is left out of the request' : 'it becomes an empty string';
  if (placeholder.flags.null) return 'null is sent';
  return `the text "${placeholder.text}" is sent to the API as it is`;
}

/** A problem of a placeholder's text, wherever it appears; spans relative to the placeholder. */
interface ShapeIssue {
  readonly code: SynctemplateCode;
  readonly span: Span;
  readonly message: string;
  readonly fix?: { readonly title: string; readonly span: Span; readonly newText: string };
}

/** The cast people usually mean by a type name Truto does not know. */
const CAST_ALIASES: Record<string, string> = {
  integer: 'int',
  float: 'num',
  double: 'num',
  decimal: 'num',
  number: 'num',
  boolean: 'bool',
  string: 'str',
  object: 'json',
  array: 'json',
};

function suggestCast(word: string): string | undefined {
  return CAST_ALIASES[word.toLowerCase()] ?? closestName(word, CAST_WORDS);
}

function faultMessage(shape: PlaceholderShape, reason: EngineFault['reason'], detail: string): string {
  switch (reason) {
    case 'empty-path':
      return `An alternative of ${shape.text} is empty: when Truto reaches it, the sync run fails ("Invalid query"). Remove the extra "|" or the empty braces.`;
    case 'bad-regexp':
      return `In ${shape.text}, ${detail}: the sync run fails when Truto looks this path up.`;
    case 'slice':
      return `${shape.text} uses a slice (":${detail}"), which placeholders do not support: the sync run fails ("Unsupported type: ${detail}"). Read one element with a path such as "ids.0", or use a JSONata field.`;
    case 'default-type':
      return `The default of ${shape.text} contains ":${detail}", which Truto reads as a type, so the sync run fails ("Unsupported type: ${detail}"). A default cannot hold ":" followed by a letter, digit or space (a time such as 00:00:00); pass such a value as an argument instead.`;
    case 'unknown-cast':
      return detail.length === 0
        ? `${shape.text} has ":" followed by a space and no type: the sync run fails ("Unsupported type"). Remove the ":" or name a type.`
        : `":${detail}" is not a type Truto knows, so the sync run fails ("Unsupported type: ${detail}"). Use :str, :int, :num, :bool, :json or :any, or the flags :null, :undefined, :ignore-empty-str.`;
  }
}

/** Everything wrong with a placeholder's text; depends only on the text and on whether it is the whole string. */
function computeShapeIssues(shape: PlaceholderShape, isWholeString: boolean): ShapeIssue[] {
  const issues: ShapeIssue[] = [];
  for (const fault of shape.faults) {
    const message = faultMessage(shape, fault.reason, fault.detail);
    const suggestion = fault.reason === 'unknown-cast' ? suggestCast(fault.detail) : undefined;
    issues.push({
      code: 'placeholder-type',
      span: fault.span,
      message: suggestion ? `${message} Did you mean ":${suggestion}"?` : message,
      ...(suggestion ? { fix: { title: `Change to ":${suggestion}"`, span: fault.span, newText: suggestion } } : {}),
    });
  }

  if (!isWholeString) {
    for (const alternative of shape.alternatives) {
      const cast = alternative.types[0];
      if (cast && TYPE_CHANGING_CASTS.has(cast.name)) {
        const span = { start: cast.start - 1, end: cast.end };
        issues.push({
          code: 'cast-has-no-effect',
          span,
          message: `":${cast.name}" has no effect here: ${shape.text} is part of a longer string, so its value is always inserted as text. Only a placeholder that is the whole string keeps a number, boolean or object.`,
          fix: { title: `Remove ":${cast.name}"`, span, newText: '' },
        });
      }
    }
    const defaultType = shape.default?.type;
    if (defaultType && TYPE_CHANGING_CASTS.has(defaultType.name)) {
      const span = { start: defaultType.start - 1, end: defaultType.end };
      issues.push({
        code: 'cast-has-no-effect',
        span,
        message: `":${defaultType.name}" on the default has no effect here: ${shape.text} is part of a longer string, so the default is inserted as text.`,
        fix: { title: `Remove ":${defaultType.name}"`, span, newText: '' },
      });
    }
  }

  shape.alternatives.forEach((alternative, index) => {
    if (alternative.query.error !== undefined) return;
    // A space inside a path is a wild-wild-path union: the first of several paths that exists.
    if (alternative.query.branches.length > 1) {
      issues.push({
        code: 'placeholder-syntax',
        span: alternative.pathSpan,
        message: `"${alternative.path}" contains a space, which Truto reads as several paths ("${alternative.path.split(/ +/).join('", then "')}"), taking the first that exists. Use "|" to say so explicitly, or remove the space.`,
      });
      return;
    }
    const tokens = alternative.query.branches[0];
    const empty = tokens.findIndex((t, i) => t.kind === 'prop' && t.text === '' && i > 0);
    if (empty > 0 || (tokens.length > 0 && alternative.path.endsWith('.'))) {
      issues.push({
        code: 'placeholder-syntax',
        span: alternative.pathSpan,
        message: `"${alternative.path}" has an empty segment (".." or a trailing "."), so it never finds a value and ${unresolvedOutcome(shape, isWholeString)}.`,
      });
      return;
    }
    // `{{a|b}}`: b is looked up as a path, not used as text.
    if (index > 0 && tokens.length > 0) {
      const looksLiteral = tokens.length === 1 ? !LEGACY_ROOTS.includes(tokens[0].text) : tokens[0].kind === 'index';
      if (looksLiteral) {
        const isLast = index === shape.alternatives.length - 1 && !shape.default && !shape.ignoredDefault;
        issues.push({
          code: 'fallback-looks-literal',
          span: alternative,
          message: `"|${alternative.path}" is a fallback *path*: Truto looks up a value named "${alternative.path}", it does not use the text. For a literal default write "?:${alternative.path}".`,
          ...(isLast
            ? { fix: { title: `Use "?:${alternative.path}" as a literal default`, span: { start: alternative.start - 1, end: alternative.end }, newText: `?:${alternative.path}` } }
            : {}),
        });
      }
    }
  });

  if (shape.ignoredDefault) {
    issues.push({ code: 'placeholder-syntax', span: shape.ignoredDefault, message: `Everything after the second "?:" in ${shape.text} is ignored: a placeholder has one default.` });
  }
  return issues;
}

/** Issues per shape, computed once for each text (and each of whole-string / embedded). */
function shapeIssues(placeholder: Placeholder): ShapeIssue[] {
  const memo = placeholder.shape.derived as { issuesWhole?: ShapeIssue[]; issuesEmbedded?: ShapeIssue[] };
  if (placeholder.isWholeString) return (memo.issuesWhole ??= computeShapeIssues(placeholder.shape, true));
  return (memo.issuesEmbedded ??= computeShapeIssues(placeholder.shape, false));
}

/** Placeholder syntax and engine errors, in every string the engine treats as a template. */
export function placeholderChecks(document: TextDocument, findings: Finding[]): PlaceholderCheck {
  return {
    string: (string) => {
      nearMisses(document, string, findings);
      extraBraces(document, string, findings);
    },
    placeholder: (string, placeholder) => {
      const issues = shapeIssues(placeholder);
      if (issues.length === 0) return;
      const at = (span: Span) => ({
        start: string.raw.toDocumentOffset(placeholder.start + span.start),
        end: string.raw.toDocumentOffset(placeholder.start + span.end),
      });
      for (const issue of issues) {
        const { start, end } = at(issue.span);
        const fix = issue.fix;
        findings.push(
          finding(
            document,
            issue.code,
            start,
            end,
            issue.message,
            fix
              ? () => {
                  const target = at(fix.span);
                  return [{ title: fix.title, edits: [replaceOffsets(document, target.start, target.end, fix.newText)], isPreferred: true }];
                }
              : undefined,
          ),
        );
      }
    },
  };
}

/**
 * `{{…}}` that the engine does not take for a placeholder, so it is sent literally: brackets,
 * characters outside its set, nothing between the braces, or no closing `}}`.
 */
function nearMisses(document: TextDocument, string: PlaceholderString, findings: Finding[]): void {
  const value = string.raw.value;
  const placeholders = string.placeholders;
  let next = 0; // placeholders before this index end before the current `{{`
  // The next `}}` is searched again only once the scan has passed it: a string of many
  // unclosed `{{` stays linear.
  let close = -2;
  for (let open = value.indexOf('{{'); open >= 0; ) {
    // `{{{a}}}`: the engine reads the inner `{{a}}`.
    while (value.charCodeAt(open + 2) === 123) open++;
    const nextOpen = value.indexOf('{{', open + 2);
    while (next < placeholders.length && placeholders[next].end <= open) next++;
    if (!(next < placeholders.length && placeholders[next].start <= open)) {
      if (close !== -1 && close < open + 2) close = value.indexOf('}}', open + 2);
      reportNearMiss(document, string, value, open, close, nextOpen, findings);
    }
    open = nextOpen;
  }
}

/**
 * `{{{{args.x}}}}`: the engine replaces the inner `{{args.x}}` and sends the braces around it as
 * text (`"{{value}}"`), which is what people get when they try to "escape" a placeholder. Reported
 * only when at least two braces wrap each side: one brace (`{{{args.x}}}` → `"{value}"`) or braces
 * on one side (`{"a":{{args.x}}}`) are ordinary text around a value.
 */
function extraBraces(document: TextDocument, string: PlaceholderString, findings: Finding[]): void {
  const value = string.raw.value;
  for (const placeholder of string.placeholders) {
    // Bounded by the string on purpose: reading past either end gives NaN, the same answer, but
    // code optimised on inner placeholders is thrown away the first time it happens.
    let left = 0;
    while (placeholder.start - left > 0 && value.charCodeAt(placeholder.start - left - 1) === 123) left++;
    let right = 0;
    while (placeholder.end + right < value.length && value.charCodeAt(placeholder.end + right) === 125) right++;
    if (left < 2 || right < 2) continue;
    const start = string.raw.toDocumentOffset(placeholder.start - left);
    const end = string.raw.toDocumentOffset(placeholder.end + right);
    const inner = value.slice(placeholder.start, placeholder.end);
    const sent = `${'{'.repeat(left)}value${'}'.repeat(right)}`;
    findings.push(
      finding(
        document,
        'placeholder-syntax',
        start,
        end,
        `Truto replaces only the inner ${inner} and sends the extra braces around it as text ("${sent}"). A placeholder takes exactly two braces on each side: remove the extra ones.`,
        () => {
          const from = string.raw.toDocumentOffset(placeholder.start);
          const to = string.raw.toDocumentOffset(placeholder.end);
          return [{ title: `Remove the extra braces around ${inner}`, edits: [replaceOffsets(document, start, from, ''), replaceOffsets(document, to, end, '')], isPreferred: true }];
        },
      ),
    );
  }
}

function reportNearMiss(document: TextDocument, string: PlaceholderString, value: string, open: number, close: number, nextOpen: number, findings: Finding[]): void {
  const span = (end: number) => ({ start: string.raw.toDocumentOffset(open), end: string.raw.toDocumentOffset(end) });
  if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
    const stop = nextOpen >= 0 ? nextOpen : value.length;
    let end = open + 2;
    while (end < stop && INNER_CHAR.test(value[end])) end++;
    // Only a path-like start (`{{args.x}` or `{{args.x`) is a likely unfinished placeholder.
    if (end > open + 2) {
      const { start, end: stopAt } = span(Math.min(end + (value[end] === '}' ? 1 : 0), value.length));
      findings.push(finding(document, 'placeholder-syntax', start, stopAt, `"${value.slice(open, end)}" is not closed with "}}", so Truto sends it as text instead of replacing it.`));
    }
    return;
  }
  const inner = value.slice(open + 2, close);
  const { start, end } = span(close + 2);
  if (inner.length === 0) {
    findings.push(finding(document, 'placeholder-syntax', start, end, '"{{}}" is empty: Truto sends it as text.'));
    return;
  }
  if (/\[(-?\d+)\]/.test(inner)) {
    const fixed = inner.replace(/\[(-?\d+)\]/g, '.$1');
    const fixable = parsePathQuery(fixed).error === undefined && [...fixed].every((c) => INNER_CHAR.test(c));
    findings.push(
      finding(
        document,
        'placeholder-syntax',
        start,
        end,
        `Placeholders have no [ ] indexing, so Truto sends "{{${inner}}}" as text. Write the index as a path segment: "{{${fixed}}}".`,
        fixable ? () => [{ title: `Change to {{${fixed}}}`, edits: [replaceOffsets(document, start, end, `{{${fixed}}}`)], isPreferred: true }] : undefined,
      ),
    );
    return;
  }
  const bad = [...inner].find((c) => !INNER_CHAR.test(c));
  const shown = bad === undefined ? '' : JSON.stringify(bad).slice(1, -1);
  findings.push(
    finding(
      document,
      'placeholder-syntax',
      start,
      end,
      `"{{${inner}}}" contains "${shown}", which placeholders cannot hold (only ASCII letters, digits, _ - . / | : ? and spaces), so Truto sends it as text.`,
    ),
  );
}
