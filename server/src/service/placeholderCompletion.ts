import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { replacingItem } from './completionItems';
import type { ParsedDocument } from './parsedDocument';
import { CAST_DOCS, ROOT_DOCS } from './placeholderDocs';
import { CAST_WORDS } from './template/placeholderParser';
import { placeholderAt, type PlaceholderCursor } from './template/cursorContext';
import type { ArgDefinition } from './template/argsSchema';
import { templateModel, type Step, type TemplateModel } from './template/templateModel';
import { addContextKeys } from './template/addContextKeys';
import { outputKeysOf } from './template/step';

const TOKEN_CHAR = /[\w-]/;

export function describeArg(arg: ArgDefinition): string {
  const parts = [arg.types.length > 0 ? arg.types.join(' | ') : 'any type'];
  if (arg.required === true) parts.push('required');
  else if (arg.required === false) parts.push('optional');
  if (arg.format) parts.push(`format ${arg.format}`);
  return parts.join(' · ');
}

export function argDocumentation(arg: ArgDefinition): string {
  const lines = [`**args.${arg.name}** — ${describeArg(arg)}`];
  if (arg.description) lines.push('', arg.description);
  if (arg.hasDefault) lines.push('', `Default: \`${JSON.stringify(arg.defaultValue)}\``);
  return lines.join('\n');
}

/**
 * The paths `{{resources.…}}` can read from `step`, as placeholder paths: legacy steps upstream by
 * resource (`ticketing.tickets`); runtime 4 nodes upstream (for a destination, also what it
 * persists) by name, and request nodes also by resource path. Inside a request's `recurse`, the
 * node's own output is in scope too.
 */
export function upstreamPaths(model: TemplateModel, step: Step | undefined, field?: string): { path: string; step: Step }[] {
  if (!step) return [];
  const seen = new Set<string>();
  const paths: { path: string; step: Step }[] = [];
  const sources = new Set(model.format === 'legacy' ? model.graph.ancestors(step) : model.graph.upstream(step));
  if (model.format === 'nodes' && field === 'recurse') sources.add(step);
  for (const source of [...sources].sort((a, b) => a.index - b.index)) {
    for (const key of outputKeysOf(source, model.format)) {
      const path = key.replace('/', '.');
      if (!path || seen.has(path)) continue;
      seen.add(path);
      paths.push({ path, step: source });
    }
  }
  return paths;
}

/**
 * Completion inside `{{ … }}`: roots, argument names, upstream resource paths, and cast words
 * after `:`. Each item replaces only the token being typed, never the whole string (the JSON
 * service's own items would). Returns undefined when the cursor is not in a placeholder.
 */
export function placeholderCompletion(parsed: ParsedDocument, offset: number): CompletionItem[] | undefined {
  const cursor = placeholderAt(parsed, offset);
  if (!cursor) return undefined;
  const { typed } = cursor;
  if (typed.includes('?:')) return []; // a literal default: nothing to suggest
  const part = typed.slice(typed.lastIndexOf('|') + 1);
  const model = templateModel(parsed);
  const colon = part.lastIndexOf(':');
  if (colon >= 0) {
    const word = part.slice(colon + 1).trimStart();
    return castItems(parsed, cursor, cursor.index - word.length);
  }
  const path = part.trimStart();
  const segments = path.split('.');
  const current = segments[segments.length - 1];
  const prefix = segments.slice(0, -1);
  const tokenStart = cursor.index - current.length;
  const range = tokenRange(parsed, cursor, tokenStart);
  const item = (label: string, kind: CompletionItemKind, detail: string, documentation: string, sortText: string) =>
    replacingItem(range, label, kind, detail, documentation, sortText);
  const step = cursor.string.step;

  if (prefix.length === 0) {
    if (model.format === 'legacy') {
      return ['args', 'resources', 'previous_run_date'].map((root, i) => item(root, CompletionItemKind.Module, 'placeholder root', ROOT_DOCS[root], `0${i}`));
    }
    const roots = step?.type?.value === 'destination' ? ['args', 'resources', 'payload'] : ['args', 'resources'];
    const items = roots.map((root, i) => item(root, CompletionItemKind.Module, 'placeholder root', ROOT_DOCS[root], `0${i}`));
    const seen = new Set(roots);
    for (const key of addContextKeys(parsed)) {
      if (seen.has(key.name)) continue;
      seen.add(key.name);
      const source = key.step.name?.value ?? `node ${key.step.index + 1}`;
      items.push(item(key.name, CompletionItemKind.Variable, `added by add_context "${source}"`, contextKeyDocumentation(key.name, source), `1${key.name}`));
    }
    return items;
  }
  if (prefix.length === 1 && prefix[0] === 'args') {
    return [...model.args.args.values()].map((arg) =>
      item(arg.name, CompletionItemKind.Variable, describeArg(arg), argDocumentation(arg), `${arg.required ? '0' : '1'}${arg.name}`),
    );
  }
  if (prefix[0] === 'resources' && prefix.length <= 2) {
    const typedPrefix = prefix.slice(1).join('.');
    const items: CompletionItem[] = [];
    for (const { path: upstream, step: source } of upstreamPaths(model, step, cursor.string.field)) {
      const label = typedPrefix ? (upstream.startsWith(`${typedPrefix}.`) ? upstream.slice(typedPrefix.length + 1) : undefined) : upstream;
      if (!label) continue;
      if (model.format === 'nodes') {
        const name = source.name?.value ?? `node ${source.index + 1}`;
        const type = source.type?.value ?? 'node';
        const byPath = upstream !== name;
        const what = source === step ? 'this node\'s own output (the previous call, inside recurse)' : `the output of the upstream ${type} node **${name}**`;
        items.push(item(label, CompletionItemKind.Reference, byPath ? `${type} node ${name} (by resource path)` : `${type} node`, `${what}${byPath ? `, read by its resource path \`${source.resource?.value ?? ''}\`` : ''}. Inside a loop_on over it, the current element. Its fields depend on the integration.`, `0${String(source.index).padStart(6, '0')}${byPath ? 1 : 0}`));
        continue;
      }
      const key = source.resource?.value ?? source.name?.value ?? '';
      items.push(item(label, CompletionItemKind.Reference, `record of ${key}`, `The current record of the upstream step **${key}**${source.method ? ` (\`${source.method.value}\`)` : ''}. Its fields depend on the integration.`, `0${String(source.index).padStart(6, '0')}`));
    }
    return items;
  }
  return [];
}

/** What hover and completion say about a key an add_context node adds. */
export function contextKeyDocumentation(name: string, source: string): string {
  return `**${name}** — a top-level context key added by the add_context node **${source}** (its expression builds an object with this key). Where it is visible depends on the run, so it is not checked.`;
}

function tokenRange(parsed: ParsedDocument, cursor: PlaceholderCursor, tokenStart: number) {
  const value = cursor.string.raw.value;
  let end = cursor.index;
  while (end < value.length && TOKEN_CHAR.test(value[end])) end++;
  const { document } = parsed;
  return {
    start: document.positionAt(cursor.string.raw.toDocumentOffset(tokenStart)),
    end: document.positionAt(cursor.string.raw.toDocumentOffset(end)),
  };
}

function castItems(parsed: ParsedDocument, cursor: PlaceholderCursor, tokenStart: number): CompletionItem[] {
  const range = tokenRange(parsed, cursor, tokenStart);
  return CAST_WORDS.map((word, i) =>
    replacingItem(range, word, i < 6 ? CompletionItemKind.TypeParameter : CompletionItemKind.Keyword, i < 6 ? 'cast' : 'flag', CAST_DOCS[word], String(i).padStart(2, '0')),
  );
}
