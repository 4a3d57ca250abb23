import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';
import { argDocumentation, contextKeyDocumentation } from './placeholderCompletion';
import { CAST_DOCS, ROOT_DOCS } from './placeholderDocs';
import { INNER_START, isCastWord, type Placeholder } from './template/placeholderParser';
import { contextPathOf, loopOnReference, stepKeyOf } from './template/references';
import { addContextKeys } from './template/addContextKeys';
import { stringAt } from './template/cursorContext';
import { templateModel, type PlaceholderString, type Step, type TemplateModel } from './template/templateModel';

function markdown(value: string, parsed: ParsedDocument, start: number, end: number): Hover {
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: parsed.document.positionAt(start), end: parsed.document.positionAt(end) },
  };
}

function describeStep(model: TemplateModel, step: Step): string {
  if (model.format === 'nodes') {
    const name = step.name?.value ?? `node ${step.index + 1}`;
    const type = step.type ? ` · ${step.type.value}` : '';
    const request = step.resource ? ` · \`${step.resource.value}\`${step.method ? ` ${step.method.value}` : ''}` : '';
    const parent = step.dependsOn ? `\n\nRuns after \`${step.dependsOn.value}\`.` : '';
    return `**Node ${name}**${type}${request}${parent}`;
  }
  const key = model.graph.keyOf(step) ?? `step ${step.index + 1}`;
  const method = step.method ? ` · \`${step.method.value}\`` : '';
  const parent = step.dependsOn ? `\n\nRuns once per record of \`${step.dependsOn.value}\`.` : '';
  return `**Step ${step.index + 1}: ${key}**${method}${parent}`;
}

/**
 * Hover inside a placeholder (root, argument, upstream step, record field, cast, flag,
 * default, fallback), and on `loop_on` / `depends_on` values. Returns undefined elsewhere so
 * the schema's documentation shows.
 */
export function placeholderHover(parsed: ParsedDocument, position: Position): Hover | undefined {
  const offset = parsed.document.offsetAt(position);
  const model = templateModel(parsed);
  const text = parsed.document.getText();
  const inside = (node: { offset: number; length: number }) => offset > node.offset && offset < node.offset + node.length;

  // loop_on and depends_on values: what they name (read from the step under the cursor only).
  for (const step of model.steps) {
    if (offset < step.node.offset || offset > step.node.offset + step.node.length) continue;
    if (step.loopOn && model.format === 'legacy' && inside(step.loopOn)) {
      const reference = loopOnReference(text, step.loopOn, step);
      if (!reference) return undefined;
      const arg = model.args.args.get(reference.name);
      const body = arg ? argDocumentation(arg) : `**${reference.name}** is not declared in args_schema.`;
      return markdown(`${body}\n\nThe step runs once for each element of this argument.`, parsed, reference.start, reference.end);
    }
    for (const entry of step.resourcesToPersist ?? []) {
      if (!inside(entry)) continue;
      const nodes = model.graph.stepsWithKey(entry.value);
      if (nodes.length === 0) return undefined;
      const body = nodes.map((s) => describeStep(model, s)).join('\n\n---\n\n');
      return markdown(`${body}\n\nThis destination sends what this node outputs.`, parsed, entry.offset + 1, entry.offset + entry.length - 1);
    }
    if (step.loopOn && model.format === 'nodes' && inside(step.loopOn)) return nodeLoopOnHover(parsed, model, step, offset);
    if (step.dependsOn && inside(step.dependsOn)) {
      const steps = model.graph.stepsWithKey(step.dependsOn.value);
      if (steps.length === 0) return undefined;
      const node = step.dependsOn;
      return markdown(steps.map((s) => describeStep(model, s)).join('\n\n---\n\n'), parsed, node.offset + 1, node.offset + node.length - 1);
    }
    break;
  }

  const cursor = stringAt(parsed, offset);
  const string = cursor?.template;
  if (!string) return undefined;
  const index = string.raw.toDecodedIndex(offset);
  const placeholder = string.placeholders.find((p) => p.start <= index && index < p.end);
  if (!placeholder) return undefined;
  return hoverInPlaceholder(parsed, model, string, placeholder, index);
}

function hoverInPlaceholder(parsed: ParsedDocument, model: TemplateModel, string: PlaceholderString, placeholder: Placeholder, index: number): Hover | undefined {
  // Spans inside a placeholder are relative to its start; `index` becomes relative too.
  const base = placeholder.start;
  const at = (start: number, end: number, value: string) => markdown(value, parsed, string.raw.toDocumentOffset(base + start), string.raw.toDocumentOffset(base + end));
  index -= base;
  const whole = placeholder.isWholeString ? 'It is the whole string, so casts change the value\'s type.' : 'It is part of a longer string, so its value is inserted as text.';

  if (placeholder.default && index >= placeholder.default.start - 2 && index < placeholder.default.end) {
    const d = placeholder.default;
    if (d.type && index >= d.type.start) {
      const known = isCastWord(d.type.name) ? CAST_DOCS[d.type.name] : `\`${d.type.name}\` is not a type: the run fails.`;
      return at(d.type.start, d.type.end, `**:${d.type.name}** (cast of the default)\n\n${known}`);
    }
    return at(d.start - 2, d.end, `**Default** \`${d.value}\`\n\nUsed when no path finds a value. It is text unless cast (\`?:5:int\`).`);
  }

  for (const alternative of placeholder.alternatives) {
    if (index < alternative.start - 1 || index >= alternative.end) continue;
    if (index === alternative.start - 1 && alternative.start > INNER_START) {
      return at(index, index + 1, '**`|` fallback**\n\nIf the path before it finds nothing (or an empty string with `:ignore-empty-str`), Truto tries the path after it. It is a *path*, not literal text: for a literal default use `?:`.');
    }
    for (const type of alternative.types) {
      if (index >= type.start - 1 && index < Math.max(type.end, type.start)) {
        const effective = alternative.types[0] === type;
        const doc = isCastWord(type.name) ? CAST_DOCS[type.name] : `\`${type.name}\` is not a type Truto knows: the run fails when this path resolves.`;
        return at(type.start - 1, type.end, `**:${type.name}**${effective ? '' : ' (ignored: only the first type of a path counts)'}\n\n${doc}`);
      }
    }
    for (const tokens of alternative.query.branches) {
      for (let t = 0; t < tokens.length; t++) {
        const token = tokens[t];
        const start = alternative.pathSpan.start + token.start;
        const end = start + token.text.length;
        if (index < start || index > end) continue;
        const root = tokens[0].text;
        if (t === 0) {
          const added = model.format === 'nodes' && !ROOT_DOCS[root] ? addContextKeys(parsed).find((k) => k.name === root) : undefined;
          if (added) return at(start, end, `${contextKeyDocumentation(root, added.step.name?.value ?? `node ${added.step.index + 1}`)}\n\n${whole}`);
          const doc = ROOT_DOCS[root] ?? `Not a sync job root: Truto looks \`${root}\` up in the integrated account's context (and keys added by add_context nodes).`;
          return at(start, end, `**${root}**\n\n${doc}\n\n${whole}`);
        }
        if (root === 'args' && t === 1) {
          const arg = model.args.args.get(token.text);
          return at(start, end, arg ? `${argDocumentation(arg)}\n\n${whole}` : `**args.${token.text}** is not declared in args_schema: it never resolves.`);
        }
        if (root === 'resources' && model.format === 'nodes') {
          const read = nodeRead(model, tokens.map((token) => token.text), string.step, string.field);
          if (read && t <= read.segments) return at(start, end, `${read.recurse ? 'This node\'s own output (the previous call, inside recurse):' : 'The output of:'}\n\n${read.steps.map((s) => describeStep(model, s)).join('\n\n')}\n\nInside a loop_on over it, the current element.`);
          return at(start, end, `**${token.text}**: a field of the node's output. Fields depend on the integration and are not checked.`);
        }
        if (root === 'resources') {
          const path = placeholder.paths.find((candidate) => candidate.tokens === tokens);
          const key = path?.readsResource && model.format === 'legacy' ? stepKeyOf(path, (k) => model.graph.stepsWithKey(k).length > 0) : undefined;
          if (key !== undefined && t <= (key.includes('/') ? 2 : 1)) {
            const steps = model.graph.stepsWithKey(key);
            const docs = steps.length > 0 ? steps.map((s) => describeStep(model, s)).join('\n\n') : `No step syncs \`${key}\`.`;
            return at(start, end, `The current record of:\n\n${docs}`);
          }
          return at(start, end, `**${token.text}**: a field of the upstream record. Fields depend on the integration and are not checked.`);
        }
        return undefined;
      }
    }
  }
  return at(0, placeholder.text.length, `**Placeholder** \`${placeholder.text}\`\n\n${whole}`);
}

/** The nodes a runtime 4 `resources.<a>.<b>…` path reads (upstream ones first), and how many segments name them. */
function nodeRead(model: TemplateModel, segments: readonly string[], from: Step | undefined, field?: string): { steps: readonly Step[]; segments: number; recurse: boolean } | undefined {
  const [, first, second] = segments;
  if (first === undefined) return undefined;
  const byName = model.graph.stepsWithKey(first);
  if (byName.length > 0) return { steps: byName, segments: 1, recurse: false };
  if (second === undefined) return undefined;
  const byPath = model.graph.stepsWithOutputKey(`${first}/${second}`);
  if (byPath.length === 0) return undefined;
  const upstream = from ? model.graph.upstream(from) : undefined;
  const recurse = from !== undefined && field === 'recurse' && byPath.includes(from);
  const ordered = [...byPath].sort((a, b) => Number(upstream?.has(b) ?? false) - Number(upstream?.has(a) ?? false));
  return { steps: recurse ? [from] : ordered, segments: 2, recurse };
}

/** Hover on a runtime 4 loop_on path: the argument or node it iterates. */
function nodeLoopOnHover(parsed: ParsedDocument, model: TemplateModel, step: Step, offset: number): Hover | undefined {
  const path = contextPathOf(parsed.document.getText(), step.loopOn!);
  if (!path || offset < path.start || offset > path.end) return undefined;
  const [root, first] = path.segments;
  const range = (end: number) => [path.start, end] as const;
  if (root.text === 'args' && first) {
    const arg = model.args.args.get(first.text);
    const body = arg ? argDocumentation(arg) : `**args.${first.text}** is not declared in args_schema.`;
    return markdown(`${body}\n\nThe node runs once for each element.`, parsed, ...range(first.end));
  }
  if (root.text === 'payload') {
    return markdown(`**${path.path}**\n\nThe destination writes each element on its own; \`{{${path.path}.<field>}}\` in its config is then the current element.`, parsed, path.start, path.end);
  }
  if (root.text === 'resources' && first) {
    const read = nodeRead(model, path.segments.map((s) => s.text), step);
    if (read) return markdown(`${read.steps.map((s) => describeStep(model, s)).join('\n\n')}\n\nThe node runs once for each element of this output; inside it, \`{{${path.path}…}}\` is the current element.`, parsed, path.start, path.end);
  }
  return undefined;
}
