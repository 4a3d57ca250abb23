import type { ASTNode, ObjectASTNode, PropertyASTNode, StringASTNode } from 'vscode-json-languageservice';
import { asObject, asString, property, propertyValue } from './jsonAst';

/** One declared argument of a run, from either `args_schema` shape. */
export interface ArgDefinition {
  readonly name: string;
  /** Declared JSON type(s), when given. */
  readonly types: readonly string[];
  readonly format?: string;
  readonly description?: string;
  readonly required?: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue?: unknown;
  /** The declaring key, when the schema is an object in the document (not a JSON string). */
  readonly keyNode?: StringASTNode;
  readonly propertyNode?: PropertyASTNode;
}

export type ArgsSchemaShape = 'object' | 'flat' | 'string' | 'absent' | 'unknown';

export interface ArgsSchema {
  readonly shape: ArgsSchemaShape;
  /** The `args_schema` value. */
  readonly node?: ASTNode;
  /** The object whose keys are the arguments (`properties` in the object shape). */
  readonly container?: ObjectASTNode;
  readonly args: ReadonlyMap<string, ArgDefinition>;
  /** False when the declared arguments cannot be known (a string that does not parse, an odd shape). */
  readonly knowable: boolean;
  /** For the string shape: the parsed object, when the string holds one. */
  readonly parsedString?: Record<string, unknown>;
}

function typesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function fromSpecValue(name: string, spec: unknown): ArgDefinition {
  const s = typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
  return {
    name,
    types: typesOf(s.type),
    ...(typeof s.format === 'string' ? { format: s.format } : {}),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    ...(typeof s.required === 'boolean' ? { required: s.required } : {}),
    hasDefault: 'default' in s,
    ...('default' in s ? { defaultValue: s.default } : {}),
  };
}

/** A plain JS value of an AST node (small nodes only: argument specs). */
function nodeValue(node: ASTNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const p of node.properties) result[p.keyNode.value] = nodeValue(p.valueNode);
      return result;
    }
    case 'array':
      return node.items.map(nodeValue);
    default:
      return node.value;
  }
}

/** Shape A is `{"type": "object", "properties": {…}}`; anything else that is an object is the flat map (shape B). */
function isObjectShape(object: ObjectASTNode): boolean {
  const type = asString(propertyValue(object, 'type'));
  return type?.value === 'object' && asObject(propertyValue(object, 'properties')) !== undefined;
}

function argsFromContainer(container: ObjectASTNode): Map<string, ArgDefinition> {
  const args = new Map<string, ArgDefinition>();
  for (const p of container.properties) {
    const name = p.keyNode.value;
    if (args.has(name)) continue;
    args.set(name, { ...fromSpecValue(name, nodeValue(p.valueNode)), keyNode: p.keyNode, propertyNode: p });
  }
  return args;
}

function argsFromPlainObject(schema: Record<string, unknown>): Map<string, ArgDefinition> {
  const properties = schema.type === 'object' ? schema.properties : undefined;
  const container = typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? properties : schema;
  const args = new Map<string, ArgDefinition>();
  for (const [name, spec] of Object.entries(container as Record<string, unknown>)) args.set(name, fromSpecValue(name, spec));
  return args;
}

/** Reads `args_schema` from the template's root object, in whichever shape it is written. */
export function readArgsSchema(root: ObjectASTNode | undefined): ArgsSchema {
  const argsProperty = property(root, 'args_schema');
  const node = argsProperty?.valueNode;
  if (!argsProperty) return { shape: 'absent', args: new Map(), knowable: true };
  if (!node || node.type === 'null') return { shape: 'absent', ...(node ? { node } : {}), args: new Map(), knowable: true };
  const object = asObject(node);
  if (object) {
    if (isObjectShape(object)) {
      const container = asObject(propertyValue(object, 'properties'))!;
      return { shape: 'object', node, container, args: argsFromContainer(container), knowable: true };
    }
    // A `type` or `properties` key that is not shape A makes the flat reading doubtful.
    const doubtful = property(object, 'properties') !== undefined && property(object, 'type') !== undefined;
    return { shape: 'flat', node, container: object, args: argsFromContainer(object), knowable: !doubtful };
  }
  const string = asString(node);
  if (string) {
    try {
      const parsed: unknown = JSON.parse(string.value);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const args = argsFromPlainObject(parsed as Record<string, unknown>);
        return { shape: 'string', node, args, knowable: true, parsedString: parsed as Record<string, unknown> };
      }
    } catch {
      // Not JSON: nothing can be known about the arguments.
    }
    return { shape: 'string', node, args: new Map(), knowable: false };
  }
  return { shape: 'unknown', node, args: new Map(), knowable: false };
}
