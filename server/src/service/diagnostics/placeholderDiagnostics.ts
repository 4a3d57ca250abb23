import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePathQuery } from '../template/pathQuery';
import { closestName } from '../text/closestName';
import { CAST_WORDS, engineFaults, type EngineFault, type Placeholder, type Span } from '../template/placeholderParser';
import type { PlaceholderString, TemplateModel } from '../template/templateModel';
import { replaceOffsets } from '../text/jsonEdits';
import { finding } from './diagnosticCodes';
import type { Finding } from './finding';

/** Casts that change a value's type, which only a whole-string placeholder can do. */
const TYPE_CHANGING_CASTS = new Set(['int', 'num', 'bool', 'json', 'any']);
/** Roots a placeholder path may start with in a legacy template (others come from account context). */
export const LEGACY_ROOTS = ['args', 'resources', 'previous_run_date'];
/** Characters the engine accepts between braces. */
const INNER_CHAR = /[\w\-./|:?\s]/;

/** What the engine does when this placeholder finds nothing, for messages. */
export function unresolvedOutcome(placeholder: Placeholder): string {
  if (placeholder.default) return `the default "${placeholder.default.value}" is used instead`;
  if (placeholder.flags.undefined) return placeholder.isWholeString ? 'the key is left out of the request' : 'it becomes an empty string';
  if (placeholder.flags.null) return 'null is sent';
  return `the text "${placeholder.text}" is sent to the API as it is`;
}

function documentSpan(string: PlaceholderString, span: Span): { start: number; end: number } {
  return { start: string.raw.toDocumentOffset(span.start), end: string.raw.toDocumentOffset(span.end) };
}

/** Placeholder syntax and engine errors, in every string the engine treats as a template. */
export function placeholderDiagnostics(document: TextDocument, model: TemplateModel): Finding[] {
  const findings: Finding[] = [];
  for (const string of model.placeholderStrings) {
    if (string.node.value.includes('{')) findings.push(...nearMisses(document, string));
    for (const placeholder of string.placeholders) findings.push(...placeholderFindings(document, string, placeholder));
  }
  return findings;
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

function faultMessage(placeholder: Placeholder, reason: EngineFault['reason'], detail: string): string {
  switch (reason) {
    case 'empty-path':
      return `An alternative of ${placeholder.text} is empty: when Truto reaches it, the sync run fails ("Invalid query"). Remove the extra "|" or the empty braces.`;
    case 'bad-regexp':
      return `In ${placeholder.text}, ${detail}: the sync run fails when Truto looks this path up.`;
    case 'slice':
      return `${placeholder.text} uses a slice (":${detail}"), which placeholders do not support: the sync run fails ("Unsupported type: ${detail}"). Read one element with a path such as "ids.0", or use a JSONata field.`;
    case 'default-type':
      return `The default of ${placeholder.text} contains ":${detail}", which Truto reads as a type, so the sync run fails ("Unsupported type: ${detail}"). A default cannot hold ":" followed by a letter, digit or space (a time such as 00:00:00); pass such a value as an argument instead.`;
    case 'unknown-cast':
      return detail.length === 0
        ? `${placeholder.text} has ":" followed by a space and no type: the sync run fails ("Unsupported type"). Remove the ":" or name a type.`
        : `":${detail}" is not a type Truto knows, so the sync run fails ("Unsupported type: ${detail}"). Use :str, :int, :num, :bool, :json or :any, or the flags :null, :undefined, :ignore-empty-str.`;
  }
}

function placeholderFindings(document: TextDocument, string: PlaceholderString, placeholder: Placeholder): Finding[] {
  const findings: Finding[] = [];
  const at = (span: Span) => documentSpan(string, span);

  for (const fault of engineFaults(placeholder)) {
    const { start, end } = at(fault.span);
    const message = faultMessage(placeholder, fault.reason, fault.detail);
    const suggestion = fault.reason === 'unknown-cast' ? suggestCast(fault.detail) : undefined;
    findings.push(
      finding(
        document,
        'placeholder-type',
        start,
        end,
        suggestion ? `${message} Did you mean ":${suggestion}"?` : message,
        suggestion ? () => [{ title: `Change to ":${suggestion}"`, edits: [replaceOffsets(document, start, end, suggestion)], isPreferred: true }] : undefined,
      ),
    );
  }

  if (!placeholder.isWholeString) {
    for (const alternative of placeholder.alternatives) {
      const cast = alternative.types[0];
      if (cast && TYPE_CHANGING_CASTS.has(cast.name)) {
        const { start, end } = at({ start: cast.start - 1, end: cast.end });
        findings.push(
          finding(
            document,
            'cast-has-no-effect',
            start,
            end,
            `":${cast.name}" has no effect here: ${placeholder.text} is part of a longer string, so its value is always inserted as text. Only a placeholder that is the whole string keeps a number, boolean or object.`,
            () => [{ title: `Remove ":${cast.name}"`, edits: [replaceOffsets(document, start, end, '')], isPreferred: true }],
          ),
        );
      }
    }
    const defaultType = placeholder.default?.type;
    if (defaultType && TYPE_CHANGING_CASTS.has(defaultType.name)) {
      const { start, end } = at({ start: defaultType.start - 1, end: defaultType.end });
      findings.push(
        finding(document, 'cast-has-no-effect', start, end, `":${defaultType.name}" on the default has no effect here: ${placeholder.text} is part of a longer string, so the default is inserted as text.`, () => [
          { title: `Remove ":${defaultType.name}"`, edits: [replaceOffsets(document, start, end, '')], isPreferred: true },
        ]),
      );
    }
  }

  placeholder.alternatives.forEach((alternative, index) => {
    if (alternative.query.error !== undefined) return;
    // A space inside a path is a wild-wild-path union: the first of several paths that exists.
    if (alternative.query.branches.length > 1) {
      const { start, end } = at(alternative.pathSpan);
      findings.push(
        finding(
          document,
          'placeholder-syntax',
          start,
          end,
          `"${alternative.path}" contains a space, which Truto reads as several paths ("${alternative.path.split(/ +/).join('", then "')}"), taking the first that exists. Use "|" to say so explicitly, or remove the space.`,
        ),
      );
      return;
    }
    const tokens = alternative.query.branches[0];
    const empty = tokens.findIndex((t, i) => t.kind === 'prop' && t.text === '' && i > 0);
    if (empty > 0 || (tokens.length > 0 && alternative.path.endsWith('.'))) {
      const { start, end } = at(alternative.pathSpan);
      findings.push(
        finding(document, 'placeholder-syntax', start, end, `"${alternative.path}" has an empty segment (".." or a trailing "."), so it never finds a value and ${unresolvedOutcome(placeholder)}.`),
      );
      return;
    }
    // `{{a|b}}`: b is looked up as a path, not used as text.
    if (index > 0 && tokens.length > 0) {
      const root = tokens[0].text;
      const looksLiteral = tokens.length === 1 ? !LEGACY_ROOTS.includes(root) : tokens[0].kind === 'index';
      if (looksLiteral) {
        const { start, end } = at(alternative);
        const isLast = index === placeholder.alternatives.length - 1 && !placeholder.default && !placeholder.ignoredDefault;
        const bar = string.raw.toDocumentOffset(alternative.start - 1);
        findings.push(
          finding(
            document,
            'fallback-looks-literal',
            start,
            end,
            `"|${alternative.path}" is a fallback *path*: Truto looks up a value named "${alternative.path}", it does not use the text. For a literal default write "?:${alternative.path}".`,
            isLast ? () => [{ title: `Use "?:${alternative.path}" as a literal default`, edits: [replaceOffsets(document, bar, end, `?:${alternative.path}`)], isPreferred: true }] : undefined,
          ),
        );
      }
    }
  });

  if (placeholder.ignoredDefault) {
    const { start, end } = at(placeholder.ignoredDefault);
    findings.push(finding(document, 'placeholder-syntax', start, end, `Everything after the second "?:" in ${placeholder.text} is ignored: a placeholder has one default.`));
  }
  return findings;
}

/**
 * `{{…}}` that the engine does not take for a placeholder, so it is sent literally: brackets,
 * characters outside its set, nothing between the braces, or no closing `}}`.
 */
function nearMisses(document: TextDocument, string: PlaceholderString): Finding[] {
  const value = string.node.value;
  const findings: Finding[] = [];
  const covered = string.placeholders.map((p) => [p.start, p.end] as const);
  const inPlaceholder = (index: number) => covered.some(([s, e]) => index >= s && index < e);
  for (let open = value.indexOf('{{'); open >= 0; open = value.indexOf('{{', open + 2)) {
    // `{{{a}}}`: the engine reads the inner `{{a}}`; skip braces that belong to a real placeholder.
    while (value[open + 2] === '{') open++;
    if (inPlaceholder(open)) continue;
    const close = value.indexOf('}}', open + 2);
    const nextOpen = value.indexOf('{{', open + 2);
    const span = (end: number) => documentSpan(string, { start: open, end });
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      const stop = nextOpen >= 0 ? nextOpen : value.length;
      let end = open + 2;
      while (end < stop && INNER_CHAR.test(value[end])) end++;
      // Only a path-like start (`{{args.x}` or `{{args.x`) is a likely unfinished placeholder.
      if (end > open + 2) {
        const { start, end: stopAt } = span(Math.min(end + (value[end] === '}' ? 1 : 0), value.length));
        findings.push(
          finding(document, 'placeholder-syntax', start, stopAt, `"${value.slice(open, end)}" is not closed with "}}", so Truto sends it as text instead of replacing it.`),
        );
      }
      continue;
    }
    const inner = value.slice(open + 2, close);
    if (inPlaceholder(close)) continue;
    const { start, end } = span(close + 2);
    if (inner.length === 0) {
      findings.push(finding(document, 'placeholder-syntax', start, end, '"{{}}" is empty: Truto sends it as text.'));
      continue;
    }
    const brackets = /\[(-?\d+)\]/.exec(inner);
    if (brackets) {
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
      continue;
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
  return findings;
}
