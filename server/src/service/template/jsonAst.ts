import type { ArrayASTNode, ASTNode, ObjectASTNode, PropertyASTNode, StringASTNode } from 'vscode-json-languageservice';

/** Small helpers over the JSON language service's AST (its types, its parse: no second parser). */

export function asObject(node: ASTNode | undefined): ObjectASTNode | undefined {
  return node?.type === 'object' ? node : undefined;
}

export function asArray(node: ASTNode | undefined): ArrayASTNode | undefined {
  return node?.type === 'array' ? node : undefined;
}

export function asString(node: ASTNode | undefined): StringASTNode | undefined {
  return node?.type === 'string' ? node : undefined;
}

/** The first property of `object` named `key` (later duplicates are reported by the JSON service). */
export function property(object: ObjectASTNode | undefined, key: string): PropertyASTNode | undefined {
  return object?.properties.find((p) => p.keyNode.value === key);
}

export function propertyValue(object: ObjectASTNode | undefined, key: string): ASTNode | undefined {
  return property(object, key)?.valueNode;
}

/**
 * The value of the last property of `object` named `key`, as the JSON service's schema validation
 * reads duplicate keys (undefined when that property has no value, even if an earlier one has).
 */
export function lastPropertyValue(object: ObjectASTNode | undefined, key: string): ASTNode | undefined {
  const properties = object?.properties ?? [];
  for (let i = properties.length - 1; i >= 0; i--) if (properties[i].keyNode.value === key) return properties[i].valueNode;
  return undefined;
}

/** Offsets of a string node's content, inside its quotes. */
export function contentRange(text: string, node: StringASTNode): { start: number; end: number } {
  const start = node.offset + 1;
  const closed = node.length >= 2 && text[node.offset + node.length - 1] === '"';
  return { start, end: node.offset + node.length - (closed ? 1 : 0) };
}
