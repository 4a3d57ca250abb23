import type { ASTNode, ObjectASTNode, PropertyASTNode, StringASTNode } from 'vscode-json-languageservice';
import type { ParsedDocument } from '../parsedDocument';
import { asObject } from './jsonAst';
import { INNER_START, type Placeholder } from './placeholderParser';
import { templateModel, templateStringOf, type PlaceholderString, type Step } from './templateModel';

/** The string value under the cursor, with the key it belongs to and the step it is in. */
export interface StringCursor {
  readonly node: StringASTNode;
  /** The property whose value (or part of whose value) the string is. */
  readonly property?: PropertyASTNode;
  /** The key of that property. */
  readonly key?: string;
  /** The step (element of `resources`) the string is directly a field of, when it is. */
  readonly stepField?: Step;
  /** The template string, when the engine treats this string as one. */
  readonly template?: PlaceholderString;
}

/** Where the cursor is inside `{{ … }}`: what has been typed since the braces. */
export interface PlaceholderCursor {
  readonly string: PlaceholderString;
  /** Decoded index of the cursor. */
  readonly index: number;
  /** Decoded index of `{{`. */
  readonly open: number;
  /** The text typed between `{{` and the cursor. */
  readonly typed: string;
  /** The complete placeholder the cursor is in, when the braces are closed and valid. */
  readonly placeholder?: Placeholder;
}

/** The string node at `offset` (cursor inside its quotes, or right after an unterminated one). */
export function stringAt(parsed: ParsedDocument, offset: number): StringCursor | undefined {
  const node = parsed.json?.getNodeFromOffset(offset, true);
  if (node?.type !== 'string') return undefined;
  // On the opening quote the cursor is before the string, not in it.
  if (offset <= node.offset) return undefined;
  const parent = node.parent;
  let property: PropertyASTNode | undefined;
  if (parent?.type === 'property') {
    if (parent.keyNode === node) return { node }; // a key, not a value
    property = parent;
  }
  const template = templateStringOf(parsed, node);
  const stepField = property ? stepOwning(parsed, property) : undefined;
  return { node, ...(property ? { property, key: property.keyNode.value } : {}), ...(stepField ? { stepField } : {}), ...(template ? { template } : {}) };
}

/** The step whose object holds `property` directly. */
function stepOwning(parsed: ParsedDocument, property: PropertyASTNode): Step | undefined {
  const object = property.parent as ASTNode | undefined;
  const stepObject: ObjectASTNode | undefined = asObject(object);
  if (!stepObject || stepObject.parent?.type !== 'array') return undefined;
  return templateModel(parsed).steps.find((s) => s.node === stepObject);
}

/** The `{{ … }}` being typed at `offset`, if the cursor is after an unclosed `{{` in a template string. */
export function placeholderAt(parsed: ParsedDocument, offset: number): PlaceholderCursor | undefined {
  const cursor = stringAt(parsed, offset);
  const string = cursor?.template;
  if (!string) return undefined;
  const value = string.raw.value;
  const index = string.raw.toDecodedIndex(offset);
  const open = value.lastIndexOf('{{', index - 2);
  if (open < 0) return undefined;
  const close = value.indexOf('}}', open + 2);
  if (close >= 0 && close + 2 <= index) return undefined; // closed before the cursor
  let start = open;
  while (value[start + 2] === '{' && start + 2 < index) start++; // `{{{x`: the engine reads from the last pair
  const placeholder = string.placeholders.find((p) => p.start <= start && index <= p.end - 2 && index >= p.start + INNER_START);
  return { string, index, open: start, typed: value.slice(start + 2, index), ...(placeholder ? { placeholder } : {}) };
}
