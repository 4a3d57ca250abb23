import { printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/**
 * Reading the input of "Convert to runtime 4" with jsonc-parser's tree (offsets for every
 * problem, strict JSON: comments and trailing commas are errors, as Truto reads the file).
 */

export interface ConversionProblem {
  /** What cannot be converted, why, and what to do. */
  readonly message: string;
  /** Where, in the input text. */
  readonly offset: number;
  readonly length: number;
}

export interface Property {
  readonly key: string;
  readonly keyNode: Node;
  readonly value: Node;
}

export function properties(node: Node): Property[] {
  return (node.children ?? []).flatMap((p) => {
    const [keyNode, valueNode] = p.children ?? [];
    return keyNode && valueNode ? [{ key: keyNode.value as string, keyNode, value: valueNode }] : [];
  });
}

export function propertyOf(node: Node, key: string): Property | undefined {
  return properties(node).find((p) => p.key === key);
}

export const TYPE_NAMES: Record<Node['type'], string> = { object: 'an object', array: 'an array', property: 'a property', string: 'a string', number: 'a number', boolean: 'a boolean', null: 'null' };

export function describeParseError(text: string, error: ParseError): string {
  // A comma right before a closing bracket is reported as a missing name or value: say what it is.
  const before = text.slice(0, error.offset).trimEnd();
  if (before.endsWith(',') && /^\s*[}\]]/.test(text.slice(error.offset))) return 'a trailing comma';
  const names: Record<string, string> = {
    InvalidCommentToken: 'a comment',
    TrailingComma: 'a trailing comma',
    PropertyNameExpected: 'a property name is missing',
    ValueExpected: 'a value is missing',
    CommaExpected: 'a comma is missing',
    ColonExpected: 'a colon is missing',
    CloseBraceExpected: 'a closing brace is missing',
    CloseBracketExpected: 'a closing bracket is missing',
    EndOfFileExpected: 'text after the end of the template',
    UnexpectedEndOfString: 'an unterminated string',
    InvalidSymbol: 'a character JSON does not allow',
  };
  return names[printParseErrorCode(error.error)] ?? `JSON error (${printParseErrorCode(error.error)})`;
}

/** Duplicate keys: Truto would read one of them, and which one the author meant cannot be known. */
export function duplicateKeys(root: Node): ConversionProblem[] {
  const problems: ConversionProblem[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const p of properties(node)) {
        if (seen.has(p.key)) {
          problems.push({ message: `"${p.key}" appears twice in the same object: remove the copy that is wrong, then convert.`, offset: p.keyNode.offset, length: p.keyNode.length });
        }
        seen.add(p.key);
        stack.push(p.value);
      }
    } else if (node.type === 'array') {
      stack.push(...(node.children ?? []));
    }
  }
  return problems;
}

export function at(node: Node, message: string): ConversionProblem {
  return { message, offset: node.offset, length: node.length };
}


/** Every string node under `node` (any depth). */
export function stringNodesUnder(node: Node | undefined, out: Node[] = []): Node[] {
  if (!node) return out;
  if (node.type === 'string') out.push(node);
  else if (node.type === 'object') for (const p of properties(node)) stringNodesUnder(p.value, out);
  else if (node.type === 'array') for (const item of node.children ?? []) stringNodesUnder(item, out);
  return out;
}

/** Every decoded string under `node` (any depth). */
export function stringsUnder(node: Node | undefined): string[] {
  return stringNodesUnder(node).map((n) => n.value as string);
}
