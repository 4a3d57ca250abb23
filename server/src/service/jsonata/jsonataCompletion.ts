import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import { replacingItem } from '../completionItems';
import type { ParsedDocument } from '../parsedDocument';
import { argDocumentation, describeArg } from '../placeholderCompletion';
import { addContextKeys } from '../template/addContextKeys';
import type { Step } from '../template/step';
import { templateModel, type TemplateModel } from '../template/templateModel';
import { FUNCTION_CATALOGUE, functionDocumentation, signatureLabel } from './functionCatalogue';
import { boundVariables, insideLiteral, jsonataAt } from './jsonataCursor';
import { jsonataName } from './names';
import type { JsonataToken } from './scanner';

/** What each root of a JSONata expression holds in a sync job (domain file §8). */
export const JSONATA_ROOT_DOCS: Readonly<Record<string, string>> = {
  args: 'The arguments the sync job runs with, as declared in `args_schema`: `args.<name>`.',
  resources: 'The output of upstream nodes: `resources.<node-name>`, or `` resources.`<model>`.`<resource>` `` for a request node (backticks for names with dashes).',
  sync_job_run: 'The current sync job run (`status`, `started_at`, …). Dates are JavaScript dates: `sync_job_run.started_at.toISOString()`.',
  tenant_id: 'The tenant ID of the integrated account the job runs for.',
  payload: 'In a destination: what it writes (`payload.records`).',
  total_records_size: 'In a transform: how many records the run has processed so far.',
};

const WORD_CHAR = /[A-Za-z0-9_$]/;

/**
 * Completion inside a JSONata string: roots (arguments, upstream outputs, sync_job_run, tenant_id,
 * add_context keys), argument names after `args.`, upstream node names after `resources.`
 * (backticked when they have dashes), and functions after `$` with their signature and docs.
 * Each item replaces only the token being typed. Returns undefined when the cursor is not in
 * JSONata, and no items inside a JSONata string literal or comment.
 */
export function jsonataCompletion(parsed: ParsedDocument, offset: number): CompletionItem[] | undefined {
  const cursor = jsonataAt(parsed, offset);
  if (!cursor) return undefined;
  const { string, index } = cursor;
  const text = string.analysis.text;
  const tokens = string.analysis.tokens;
  if (insideLiteral(tokens, index)) return [];
  const model = templateModel(parsed);
  const toRange = (start: number, end: number): Range => ({
    start: parsed.document.positionAt(string.raw.toDocumentOffset(start)),
    end: parsed.document.positionAt(string.raw.toDocumentOffset(end)),
  });

  // The token being typed: a backticked name, or a run of name characters around the cursor.
  const quoted = tokens.find((t) => t.kind === 'quotedName' && t.start < index && (index < t.end || t.unterminated));
  let start = quoted ? quoted.start : index;
  let end = quoted ? quoted.end : index;
  if (!quoted) {
    while (start > 0 && WORD_CHAR.test(text[start - 1])) start--;
    while (end < text.length && WORD_CHAR.test(text[end]) && text[end] !== '$') end++;
  }
  const range = toRange(start, end);
  const word = text.slice(start, index);

  if (word.startsWith('$')) return functionItems(range, tokens);
  if (text[start - 1] === '.') {
    const path = pathBefore(tokens, start - 1);
    if (!path) return [];
    return pathItems(parsed, model, string.step, path, range);
  }
  if (start > 0 && WORD_CHAR.test(text[start - 1])) return [];
  return rootItems(parsed, model, string.step, range);
}

function functionItems(range: Range, tokens: readonly JsonataToken[]): CompletionItem[] {
  const items: CompletionItem[] = [];
  const bound = boundVariables(tokens);
  for (const name of bound) items.push(replacingItem(range, `$${name}`, CompletionItemKind.Variable, 'defined in this expression', `\`$${name}\` is bound in this expression (\`:=\` or a function parameter).`, `0${name}`));
  for (const doc of FUNCTION_CATALOGUE.values()) {
    if (bound.includes(doc.name)) continue;
    items.push(replacingItem(range, `$${doc.name}`, CompletionItemKind.Function, signatureLabel(doc), functionDocumentation(doc), `${doc.source === 'truto' ? '1' : '2'}${doc.name}`));
  }
  return items;
}

/** The names of the path that ends at the `.` at `dot` (root first), or undefined when it is not a plain path. */
function pathBefore(tokens: readonly JsonataToken[], dot: number): string[] | undefined {
  let i = tokens.findIndex((t) => t.start === dot && t.text === '.');
  if (i < 0) return undefined;
  const names: string[] = [];
  for (;;) {
    const token = tokens[i - 1];
    if (!token || token.end !== tokens[i].start) return undefined;
    if (token.kind === 'name') names.unshift(token.text);
    else if (token.kind === 'quotedName' && !token.unterminated) names.unshift(token.text.slice(1, -1));
    else return undefined;
    const before = tokens[i - 2];
    if (!before || before.text !== '.' || before.end !== token.start) break;
    // `$$.args.` reads the root too.
    if (tokens[i - 3]?.text === '$$' && tokens[i - 3].end === before.start) break;
    i -= 2;
  }
  return names;
}

/** Upstream nodes of `step` (all nodes' outputs for none), in file order. */
function upstreamOf(model: TemplateModel, step: Step | undefined): Step[] {
  if (!step || model.format !== 'nodes') return [];
  return [...model.graph.upstream(step)].sort((a, b) => a.index - b.index);
}

function describeNode(step: Step): string {
  const type = step.type?.value ?? 'node';
  const resource = step.type?.value === 'request' && step.resource ? ` syncing \`${step.resource.value}\`${step.method ? ` (\`${step.method.value}\`)` : ''}` : '';
  return `The output of the upstream ${type} node **${step.name?.value ?? `#${step.index + 1}`}**${resource}.`;
}

function pathItems(parsed: ParsedDocument, model: TemplateModel, step: Step | undefined, path: readonly string[], range: Range): CompletionItem[] {
  void parsed;
  const [root, ...rest] = path;
  if (root === 'args' && rest.length === 0) {
    return [...model.args.args.values()].map((arg) =>
      replacingItem(range, arg.name, CompletionItemKind.Variable, describeArg(arg), argDocumentation(arg), `${arg.required ? '0' : '1'}${arg.name}`, jsonataName(arg.name)),
    );
  }
  if (root !== 'resources' || rest.length > 1) return [];
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (label: string, kind: CompletionItemKind, detail: string, documentation: string, sortText: string) => {
    if (seen.has(label)) return;
    seen.add(label);
    items.push(replacingItem(range, label, kind, detail, documentation, sortText, jsonataName(label)));
  };
  for (const source of upstreamOf(model, step)) {
    const order = String(source.index).padStart(6, '0');
    const resource = source.type?.value === 'request' ? source.resource?.value : undefined;
    if (rest.length === 0) {
      if (source.name) add(source.name.value, CompletionItemKind.Reference, `${source.type?.value ?? 'node'} node`, describeNode(source), `0${order}`);
      if (resource) add(resource.split('/')[0], CompletionItemKind.Module, resource.includes('/') ? `unified model (${resource})` : 'proxy resource', describeNode(source), `1${order}`);
    } else if (resource && resource.includes('/') && resource.split('/')[0] === rest[0]) {
      add(resource.split('/')[1], CompletionItemKind.Reference, `records of ${resource}`, describeNode(source), `0${order}`);
    }
  }
  return items;
}

function rootItems(parsed: ParsedDocument, model: TemplateModel, step: Step | undefined, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  const roots = ['args'];
  if (step) roots.push('resources', 'sync_job_run', 'tenant_id');
  if (step?.type?.value === 'destination') roots.push('payload');
  if (step?.type?.value === 'transform') roots.push('total_records_size');
  roots.forEach((root, i) => items.push(replacingItem(range, root, CompletionItemKind.Module, 'JSONata root', JSONATA_ROOT_DOCS[root], `0${i}`)));
  const seen = new Set(roots);
  for (const source of upstreamOf(model, step)) {
    if (!source.name) continue;
    const label = `resources.${jsonataName(source.name.value)}`;
    if (seen.has(label)) continue;
    seen.add(label);
    items.push(replacingItem(range, label, CompletionItemKind.Reference, `${source.type?.value ?? 'node'} node`, describeNode(source), `1${String(source.index).padStart(6, '0')}`));
  }
  if (step) {
    for (const key of addContextKeys(parsed)) {
      if (seen.has(key.name)) continue;
      seen.add(key.name);
      const source = key.step.name?.value ?? `node ${key.step.index + 1}`;
      items.push(replacingItem(range, key.name, CompletionItemKind.Variable, `added by add_context "${source}"`, `A top-level key the add_context node **${source}** adds to the context.`, `2${key.name}`, jsonataName(key.name)));
    }
  }
  return items;
}
