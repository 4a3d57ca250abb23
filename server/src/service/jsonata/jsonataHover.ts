import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../parsedDocument';
import { argDocumentation } from '../placeholderCompletion';
import { templateModel } from '../template/templateModel';
import { FUNCTION_CATALOGUE, functionDocumentation } from './functionCatalogue';
import { JSONATA_ROOT_DOCS } from './jsonataCompletion';
import { boundVariables, jsonataAt } from './jsonataCursor';
import { tokenAt } from './scanner';

/**
 * Hover inside JSONata: a function (signature, description, who provides it), an argument read
 * as `args.x` (its spec), an upstream node read as `resources.x`, and the roots of the context.
 * Returns undefined elsewhere (the schema's documentation of the key then shows).
 */
export function jsonataHover(parsed: ParsedDocument, offset: number): Hover | undefined {
  const cursor = jsonataAt(parsed, offset);
  if (!cursor) return undefined;
  const { string, index } = cursor;
  const { analysis } = string;
  const markdown = (value: string, start: number, end: number): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: parsed.document.positionAt(string.raw.toDocumentOffset(start)), end: parsed.document.positionAt(string.raw.toDocumentOffset(end)) },
  });
  const model = templateModel(parsed);

  for (const use of analysis.args) {
    if (index < use.start || index > use.end) continue;
    const arg = model.args.args.get(use.name);
    return markdown(arg ? argDocumentation(arg) : `**args.${use.name}** is not declared in args_schema: JSONata reads it as undefined.`, use.start, use.end);
  }
  for (const use of analysis.resources) {
    const segment = use.segments.find((s) => index >= s.start && index <= s.end);
    if (!segment) continue;
    const nodes = model.graph.stepsWithKey(use.segments[0].name);
    const unified = use.segments.length > 1 ? `${use.segments[0].name}/${use.segments[1].name}` : undefined;
    const requests = nodes.length === 0 && unified ? model.graph.stepsWithOutputKey(unified) : [];
    const described = [...nodes, ...requests].map((s) => `**${s.name?.value ?? `node ${s.index + 1}`}** — ${s.type?.value ?? 'node'}${s.resource && s.type?.value === 'request' ? ` \`${s.resource.value}\`` : ''}${s.dependsOn ? `, runs after \`${s.dependsOn.value}\`` : ''}`);
    const last = requests.length > 0 ? use.segments[use.segments.length - 1] : use.segments[0];
    if (described.length === 0) return markdown(`**resources.${segment.name}**: no node has this name or resource path.`, segment.start, segment.end);
    return markdown(`The output of:\n\n${described.join('\n\n')}`, use.segments[0].start, last.end);
  }

  const token = tokenAt(analysis.tokens, index);
  if (!token) return undefined;
  if (token.kind === 'variable') {
    const name = token.text.slice(1);
    if (boundVariables(analysis.tokens).includes(name)) return markdown(`\`$${name}\` is defined in this expression.`, token.start, token.end);
    const doc = FUNCTION_CATALOGUE.get(name);
    if (doc) return markdown(functionDocumentation(doc), token.start, token.end);
    if (name === '') return markdown('`$` is the context value: the expression\'s input at the top, the current item inside a path step or predicate.', token.start, token.end);
    if (name === '$') return markdown('`$$` is the expression\'s input (the root), wherever it is read.', token.start, token.end);
    return undefined;
  }
  if (token.kind === 'name' && JSONATA_ROOT_DOCS[token.text]) {
    const previous = analysis.tokens[analysis.tokens.indexOf(token) - 1];
    if (previous?.text === '.' && previous.end === token.start) return undefined;
    return markdown(`**${token.text}**\n\n${JSONATA_ROOT_DOCS[token.text]}`, token.start, token.end);
  }
  return undefined;
}
