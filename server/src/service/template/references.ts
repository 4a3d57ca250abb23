import type { StringASTNode } from 'vscode-json-languageservice';
import type { ParsedDocument } from '../parsedDocument';
import { forEachJsonata } from '../jsonata/jsonataFields';
import type { PathToken } from './pathQuery';
import type { Alternative, Placeholder, ShapePath } from './placeholderParser';

import { stringRaw, templateModel, type PlaceholderString, type Step, type TemplateModel } from './templateModel';

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
 * In runtime 4 the key is a node name, named by `depends_on`, a `resources_to_persist` entry, the
 * first segment of `{{resources.<name>…}}` and of a `loop_on` path `resources.<name>…`.
 */
export interface StepReference extends OffsetRange {
  readonly key: string;
  readonly kind: 'depends_on' | 'placeholder' | 'persist' | 'loop_on' | 'jsonata';
  /** The step the reference is written in (undefined for job-level fields). */
  readonly from?: Step;
  readonly string?: PlaceholderString;
  readonly placeholder?: Placeholder;
  /** For placeholders: the path tokens after `resources`, and whether they matched a step's key. */
  readonly tokens?: readonly PathToken[];
  readonly matched?: boolean;
}

export interface TemplateReferences {
  readonly args: readonly ArgReference[];
  readonly steps: readonly StepReference[];
  /** Names written as `args.<name>` anywhere in the document's text (JSONata, descriptions, …). */
  readonly mentionedArgs: ReadonlySet<string>;
}

const JSONATA_ARG = /(?<![\w$.`])args\.(?:`([^`]+)`|([A-Za-z_$][\w$]*))/g;

export function templateReferences(parsed: ParsedDocument): TemplateReferences {
  return parsed.memo('templateReferences', () => buildReferences(parsed, templateModel(parsed)));
}

/**
 * Visits every placeholder path that reads an argument (`args.<name>…`). Allocates nothing, so
 * validation can walk every use on each keystroke; navigation builds reference objects from it.
 */
export function forEachArgUse(model: TemplateModel, visit: (name: string, string: PlaceholderString, placeholder: Placeholder, path: ShapePath) => void): void {
  for (const string of model.placeholderStrings) {
    for (const placeholder of string.placeholders) {
      const paths = placeholder.paths;
      for (let p = 0; p < paths.length; p++) {
        const name = paths[p].argName;
        if (name !== undefined) visit(name, string, placeholder, paths[p]);
      }
    }
  }
}

/**
 * Visits every placeholder path that reads a runtime 4 node by its name (`resources.<name>…`, where
 * some node has that name), with the node name.
 */
export function forEachNodeNameUse(model: TemplateModel, visit: (name: string, string: PlaceholderString, placeholder: Placeholder, path: ShapePath) => void): void {
  if (model.format !== 'nodes') return;
  for (const string of model.placeholderStrings) {
    for (const placeholder of string.placeholders) {
      const paths = placeholder.paths;
      for (let p = 0; p < paths.length; p++) {
        const path = paths[p];
        if (path.readsResource && model.graph.hasKey(path.tokens[1].text)) visit(path.tokens[1].text, string, placeholder, path);
      }
    }
  }
}

/** Visits every placeholder path that reads a step record (`resources.<a>…`), in legacy templates. */
export function forEachStepUse(model: TemplateModel, visit: (string: PlaceholderString, placeholder: Placeholder, path: ShapePath) => void): void {
  if (model.format !== 'legacy') return;
  for (const string of model.placeholderStrings) {
    for (const placeholder of string.placeholders) {
      const paths = placeholder.paths;
      for (let p = 0; p < paths.length; p++) if (paths[p].readsResource) visit(string, placeholder, paths[p]);
    }
  }
}

/**
 * The step key a `resources.<a>.<b>…` path means: the unified `<a>/<b>` when a step has it, else the
 * proxy `<a>` when a step has that, else (no step) the unified key if the path has two segments.
 */
export function stepKeyOf(path: ShapePath, hasKey: (key: string) => boolean): string {
  const unified = path.unifiedKey;
  if (unified !== undefined && hasKey(unified)) return unified;
  const proxy = path.tokens[1].text;
  if (hasKey(proxy)) return proxy;
  return unified ?? proxy;
}

/** Document offsets of the `<a>.<b>` (or `<a>`) segments of a step use, for the key it resolved to. */
export function stepUseRange(string: PlaceholderString, placeholder: Placeholder, path: ShapePath, key: string): OffsetRange {
  const segments = key.includes('/') ? 2 : 1;
  const start = placeholder.start + path.offsets[1];
  const last = path.tokens[segments];
  const end = placeholder.start + path.offsets[segments] + last.text.length;
  return { start: string.raw.toDocumentOffset(start), end: string.raw.toDocumentOffset(end) };
}

/** Document offsets of the argument name in an `args.<name>` use. */
export function argUseRange(string: PlaceholderString, placeholder: Placeholder, path: ShapePath): OffsetRange {
  const start = placeholder.start + path.offsets[1];
  return { start: string.raw.toDocumentOffset(start), end: string.raw.toDocumentOffset(start + path.tokens[1].text.length) };
}

function buildReferences(parsed: ParsedDocument, model: TemplateModel): TemplateReferences {
  const text = parsed.document.getText();
  const args: ArgReference[] = [];
  const steps: StepReference[] = [];
  const stepKeys = new Set(model.graph.keys);
  const hasKey = (key: string) => stepKeys.has(key);

  forEachArgUse(model, (name, string, placeholder, path) => {
    args.push({ name, kind: 'placeholder', ...argUseRange(string, placeholder, path), string, placeholder, alternative: path.alternative });
  });
  forEachStepUse(model, (string, placeholder, path) => {
    const key = stepKeyOf(path, hasKey);
    const segments = key.includes('/') ? 2 : 1;
    steps.push({
      key,
      kind: 'placeholder',
      from: string.step,
      ...stepUseRange(string, placeholder, path, key),
      string,
      placeholder,
      tokens: path.tokens.slice(1, 1 + segments),
      matched: hasKey(key),
    });
  });

  forEachNodeNameUse(model, (name, string, placeholder, path) => {
    const start = string.raw.toDocumentOffset(placeholder.start + path.offsets[1]);
    const end = string.raw.toDocumentOffset(placeholder.start + path.offsets[1] + name.length);
    steps.push({ key: name, kind: 'placeholder', from: string.step, start, end, string, placeholder, tokens: [path.tokens[1]], matched: true });
  });

  for (const step of model.steps) {
    const loopOn = step.loopOn;
    if (loopOn && model.format === 'legacy') {
      const reference = loopOnReference(text, loopOn, step);
      if (reference) args.push(reference);
    }
    if (loopOn && model.format === 'nodes') {
      const path = contextPathOf(text, loopOn);
      const [root, first] = path?.segments ?? [];
      if (path && first && root.text === 'args') args.push({ name: first.text, kind: 'loop_on', start: first.start, end: first.end, step, loopOnForm: 'path' });
      if (path && first && root.text === 'resources' && model.graph.hasKey(first.text)) {
        steps.push({ key: first.text, kind: 'loop_on', from: step, start: first.start, end: first.end, matched: true });
      }
    }
    for (const entry of step.resourcesToPersist ?? []) {
      steps.push({ key: entry.value, kind: 'persist', from: step, start: entry.offset + 1, end: entry.offset + entry.length - 1, matched: model.graph.hasKey(entry.value) });
    }
    if (step.dependsOn) {
      const node = step.dependsOn;
      steps.push({ key: node.value, kind: 'depends_on', from: step, start: node.offset + 1, end: node.offset + node.length - 1 });
    }
  }

  // JSONata (every field that holds it: jsonata/jsonataFields.ts) reads arguments as `args.name`
  // (or args.`name-with-dash`) and runtime 4 nodes as `resources.<name>` (or resources.`name`).
  forEachJsonata(text, model, (string) => {
    const at = (index: number) => string.raw.toDocumentOffset(index);
    for (const use of string.analysis.args) args.push({ name: use.name, kind: 'jsonata', start: at(use.start), end: at(use.end) });
    if (model.format !== 'nodes') return;
    for (const use of string.analysis.resources) {
      const first = use.segments[0];
      if (model.graph.hasKey(first.name)) steps.push({ key: first.name, kind: 'jsonata', from: string.step, start: at(first.start), end: at(first.end), matched: true });
    }
  });

  return { args, steps, mentionedArgs: argMentions(text) };
}

const NAME_CHAR = /[\w-]/;
const BEFORE_ROOT = /[\w$.`]/;

/** Names written as `args.name` or args.`name` anywhere in the text: one indexOf scan, no regex over the whole file. */
export function argMentions(text: string): Set<string> {
  const names = new Set<string>();
  for (let at = text.indexOf('args.'); at >= 0; at = text.indexOf('args.', at + 5)) {
    if (at > 0 && BEFORE_ROOT.test(text[at - 1])) continue;
    let start = at + 5;
    let end = start;
    if (text[start] === '`') {
      start++;
      end = text.indexOf('`', start);
      if (end < 0) continue;
    } else {
      while (end < text.length && NAME_CHAR.test(text[end])) end++;
    }
    if (end > start) names.add(text.slice(start, end));
  }
  return names;
}

/** `loop_on` names an argument bare (`user_ids`); `args.user_ids` and `{{args.user_ids}}` are tolerated forms. */
export function loopOnReference(text: string, node: StringASTNode, step: Step): ArgReference | undefined {
  const raw = stringRaw(text, node);
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

export function jsonataArgReferences(text: string, node: StringASTNode): ArgReference[] {
  const raw = stringRaw(text, node);
  const found: ArgReference[] = [];
  for (const match of raw.value.matchAll(JSONATA_ARG)) {
    const name = match[1] ?? match[2];
    const start = match.index + 'args.'.length + (match[1] !== undefined ? 1 : 0);
    found.push({ name, kind: 'jsonata', start: raw.toDocumentOffset(start), end: raw.toDocumentOffset(start + name.length) });
  }
  return found;
}

/** A runtime 4 context path (`loop_on`: `resources.ticketing.tickets`, `args.ids`, `payload.records`), with document offsets. */
export interface ContextPath {
  /** `path` as Truto expects it; `placeholder` when written in braces (a legacy habit). */
  readonly form: 'path' | 'placeholder';
  /** The path without braces or spaces. */
  readonly path: string;
  readonly segments: readonly { readonly text: string; readonly start: number; readonly end: number }[];
  /** Document offsets of the path itself. */
  readonly start: number;
  readonly end: number;
}

const BRACED_PATH = /^\s*\{\{\s*([\w-]+(?:\.[\w-]+)*)\s*\}\}\s*$/;
const PLAIN_PATH = /^\s*([\w-]+(?:\.[\w-]+)*)\s*$/;

/** Reads a runtime 4 `loop_on` value as a context path; undefined when it is not a plain dotted path. */
export function contextPathOf(text: string, node: StringASTNode): ContextPath | undefined {
  const raw = stringRaw(text, node);
  const value = raw.value;
  const braced = BRACED_PATH.exec(value);
  const match = braced ?? PLAIN_PATH.exec(value);
  if (!match) return undefined;
  const path = match[1];
  const base = value.indexOf(path, braced ? value.indexOf('{{') + 2 : 0);
  const segments: { text: string; start: number; end: number }[] = [];
  let at = base;
  for (const segment of path.split('.')) {
    segments.push({ text: segment, start: raw.toDocumentOffset(at), end: raw.toDocumentOffset(at + segment.length) });
    at += segment.length + 1;
  }
  return { form: braced ? 'placeholder' : 'path', path, segments, start: raw.toDocumentOffset(base), end: raw.toDocumentOffset(base + path.length) };
}
