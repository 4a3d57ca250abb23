import type { StringASTNode } from 'vscode-json-languageservice';
import type { ParsedDocument } from '../parsedDocument';
import { asString, propertyValue } from './jsonAst';
import type { PathToken } from './pathQuery';
import type { Alternative, Placeholder } from './placeholderParser';
import { decodeRawString } from './rawString';
import { templateModel, type PlaceholderString, type Step, type TemplateModel } from './templateModel';

/** A document range as offsets: [start, end). */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** A place that names an argument: a placeholder path segment, a `loop_on` value, a JSONata `args.x`. */
export interface ArgReference extends OffsetRange {
  readonly name: string;
  readonly kind: 'placeholder' | 'loop_on' | 'jsonata';
  /** For placeholders: where it sits. */
  readonly string?: PlaceholderString;
  readonly placeholder?: Placeholder;
  readonly alternative?: Alternative;
  /** For loop_on: the step and the form it is written in. */
  readonly step?: Step;
  readonly loopOnForm?: 'bare' | 'path' | 'placeholder';
}

/**
 * A place that names a step: a `depends_on` value, or the `<api>.<resource>` (or proxy
 * `<resource>`) segments of `{{resources.…}}`. `key` is the step key it means (`crm/contacts`).
 */
export interface StepReference extends OffsetRange {
  readonly key: string;
  readonly kind: 'depends_on' | 'placeholder';
  /** The step the reference is written in (undefined for job-level fields). */
  readonly from?: Step;
  readonly string?: PlaceholderString;
  readonly placeholder?: Placeholder;
  /** For placeholders: the path tokens after `resources`, and whether they matched a step's key. */
  readonly tokens?: readonly PathToken[];
  readonly matched?: boolean;
}

/** A placeholder path whose first token is a root (`args`, `resources`, …), with document offsets per token. */
export interface RootedPath {
  readonly string: PlaceholderString;
  readonly placeholder: Placeholder;
  readonly alternative: Alternative;
  readonly tokens: readonly PathToken[];
  /** Document offsets of each token. */
  readonly ranges: readonly OffsetRange[];
}

export interface TemplateReferences {
  readonly args: readonly ArgReference[];
  readonly steps: readonly StepReference[];
  /** Every single-branch placeholder path made of properties and indices (for roots and completion). */
  readonly paths: readonly RootedPath[];
  /** Names written as `args.<name>` anywhere in the document's text (JSONata, descriptions, …). */
  readonly mentionedArgs: ReadonlySet<string>;
}

const JSONATA_ARG = /(?<![\w$.`])args\.(?:`([^`]+)`|([A-Za-z_$][\w$]*))/g;
const ANY_ARG_MENTION = /(?<![\w$.`])args\.(?:`([^`]+)`|([\w-]+))/g;

export function templateReferences(parsed: ParsedDocument): TemplateReferences {
  return parsed.memo('templateReferences', () => buildReferences(parsed, templateModel(parsed)));
}

function tokenRanges(string: PlaceholderString, alternative: Alternative, tokens: readonly PathToken[]): OffsetRange[] {
  return tokens.map((token) => {
    const start = alternative.pathSpan.start + token.start;
    return { start: string.raw.toDocumentOffset(start), end: string.raw.toDocumentOffset(start + token.text.length) };
  });
}

function buildReferences(parsed: ParsedDocument, model: TemplateModel): TemplateReferences {
  const text = parsed.document.getText();
  const args: ArgReference[] = [];
  const steps: StepReference[] = [];
  const paths: RootedPath[] = [];
  const stepKeys = new Set(model.graph.keys);

  for (const string of model.placeholderStrings) {
    for (const placeholder of string.placeholders) {
      for (const alternative of placeholder.alternatives) {
        if (alternative.query.error !== undefined) continue;
        for (const tokens of alternative.query.branches) {
          if (tokens.length === 0 || tokens.some((t) => t.kind !== 'prop' && t.kind !== 'index')) continue;
          const ranges = tokenRanges(string, alternative, tokens);
          paths.push({ string, placeholder, alternative, tokens, ranges });
          const root = tokens[0].text;
          if (root === 'args' && tokens.length > 1 && tokens[1].kind === 'prop' && tokens[1].text !== '') {
            args.push({ name: tokens[1].text, ...ranges[1], kind: 'placeholder', string, placeholder, alternative });
          } else if (root === 'resources' && model.format === 'legacy' && tokens.length > 1 && tokens[1].kind === 'prop') {
            const unified = tokens.length > 2 && tokens[2].kind === 'prop' ? `${tokens[1].text}/${tokens[2].text}` : undefined;
            const base = { kind: 'placeholder' as const, ...(string.step ? { from: string.step } : {}), string, placeholder };
            if (unified !== undefined && stepKeys.has(unified)) {
              steps.push({ ...base, key: unified, start: ranges[1].start, end: ranges[2].end, tokens: tokens.slice(1, 3), matched: true });
            } else if (stepKeys.has(tokens[1].text)) {
              steps.push({ ...base, key: tokens[1].text, ...ranges[1], tokens: tokens.slice(1, 2), matched: true });
            } else {
              const end = unified !== undefined ? ranges[2].end : ranges[1].end;
              steps.push({ ...base, key: unified ?? tokens[1].text, start: ranges[1].start, end, tokens: tokens.slice(1, unified ? 3 : 2), matched: false });
            }
          }
        }
      }
    }
  }

  for (const step of model.steps) {
    const loopOn = step.loopOn;
    if (loopOn && model.format === 'legacy') {
      const reference = loopOnReference(text, loopOn.node, step);
      if (reference) args.push(reference);
    }
    if (step.dependsOn) {
      const { node } = step.dependsOn;
      steps.push({ key: node.value, kind: 'depends_on', from: step, start: node.offset + 1, end: node.offset + node.length - 1 });
    }
  }

  // JSONata reads arguments as `args.name` (or args.`name-with-dash`).
  const validation = asString(propertyValue(model.root, 'args_validation'));
  if (validation) args.push(...jsonataArgReferences(text, validation));

  const mentionedArgs = new Set<string>();
  for (const match of text.matchAll(ANY_ARG_MENTION)) mentionedArgs.add(match[1] ?? match[2]);

  return { args, steps, paths, mentionedArgs };
}

/** `loop_on` names an argument bare (`user_ids`); `args.user_ids` and `{{args.user_ids}}` are tolerated forms. */
function loopOnReference(text: string, node: StringASTNode, step: Step): ArgReference | undefined {
  const raw = decodeRawString(text.slice(node.offset, node.offset + node.length), node.offset);
  const value = raw.value;
  const forms: [RegExp, ArgReference['loopOnForm']][] = [
    [/^\s*\{\{\s*args\.([\w-]+)\s*\}\}\s*$/, 'placeholder'],
    [/^\s*args\.([\w-]+)\s*$/, 'path'],
    [/^\s*([\w-]+)\s*$/, 'bare'],
  ];
  for (const [pattern, form] of forms) {
    const match = pattern.exec(value);
    if (!match) continue;
    const start = value.indexOf(match[1], form === 'bare' ? 0 : value.indexOf('args.') + 5);
    return {
      name: match[1],
      kind: 'loop_on',
      start: raw.toDocumentOffset(start),
      end: raw.toDocumentOffset(start + match[1].length),
      step,
      loopOnForm: form,
    };
  }
  return undefined;
}

function jsonataArgReferences(text: string, node: StringASTNode): ArgReference[] {
  const raw = decodeRawString(text.slice(node.offset, node.offset + node.length), node.offset);
  const found: ArgReference[] = [];
  for (const match of raw.value.matchAll(JSONATA_ARG)) {
    const name = match[1] ?? match[2];
    const start = match.index + 'args.'.length + (match[1] !== undefined ? 1 : 0);
    found.push({ name, kind: 'jsonata', start: raw.toDocumentOffset(start), end: raw.toDocumentOffset(start + name.length) });
  }
  return found;
}
