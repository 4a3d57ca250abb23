import { parseJsonata } from '../jsonata/analysis';
import type { ParsedDocument } from '../parsedDocument';
import { asObject, asString, propertyValue } from './jsonAst';
import type { Step } from './step';
import { templateModel } from './templateModel';

/** A top-level context key an `add_context` node adds, as far as its expression can be read. */
export interface ContextKey {
  readonly name: string;
  /** The add_context node whose expression builds the key. */
  readonly step: Step;
}

/**
 * Keys by expression text: an expression's keys never change, so each distinct text is parsed once
 * (not on every keystroke). Bounded like the JSONata analysis cache: a 10,000-node template has a
 * few thousand add_context expressions at most; the oldest entry goes first.
 */
const keysByExpression = new Map<string, readonly string[]>();
const CACHE_LIMIT = 20_000;

interface ExprNode {
  readonly type?: string;
  readonly value?: unknown;
  readonly lhs?: unknown;
  readonly expressions?: readonly ExprNode[];
  readonly steps?: readonly ExprNode[];
}

/** The keys of an object constructor (`{ "a": …, `b`: … }`), also as the last expression of a block. */
function constructorKeys(node: ExprNode | undefined): string[] {
  if (!node) return [];
  if (node.type === 'block' && node.expressions && node.expressions.length > 0) return constructorKeys(node.expressions[node.expressions.length - 1]);
  if (node.type !== 'unary' || node.value !== '{' || !Array.isArray(node.lhs)) return [];
  const keys: string[] = [];
  for (const pair of node.lhs as unknown[]) {
    if (!Array.isArray(pair)) continue;
    const key = pair[0] as ExprNode | undefined;
    if (key?.type === 'string' && typeof key.value === 'string') keys.push(key.value);
    // `{ `a`: … }` parses as a one-step path: the name is the key.
    else if (key?.type === 'path' && key.steps?.length === 1 && key.steps[0].type === 'name' && typeof key.steps[0].value === 'string') keys.push(key.steps[0].value);
  }
  return keys;
}

/** The keys an add_context expression adds, when it is an object constructor whose keys are literals; else none. */
export function expressionContextKeys(expression: string): readonly string[] {
  let keys = keysByExpression.get(expression);
  if (keys) return keys;
  // The JSONata support's parser entry (never throws); a text that does not parse adds no readable key.
  const parsed = parseJsonata(expression);
  keys = parsed.ast === undefined ? [] : constructorKeys(parsed.ast as ExprNode);
  keysByExpression.set(expression, keys);
  if (keysByExpression.size > CACHE_LIMIT) {
    const oldest = keysByExpression.keys().next().value;
    if (oldest !== undefined) keysByExpression.delete(oldest);
  }
  return keys;
}

/**
 * The keys every `add_context` node of a runtime 4 template adds to the context. They are offered in
 * completion and explained in hover, never used to report a placeholder: Truto's own incremental
 * example reads such a key from a node that is not downstream of the add_context node, so where a
 * key is visible cannot be pinned down statically.
 */
export function addContextKeys(parsed: ParsedDocument): readonly ContextKey[] {
  return parsed.memo('addContextKeys', () => {
    const model = templateModel(parsed);
    if (model.format !== 'nodes') return [];
    const found: ContextKey[] = [];
    for (const step of model.steps) {
      if (step.type?.value !== 'add_context') continue;
      const expression = asString(propertyValue(asObject(propertyValue(step.node, 'config')), 'expression'));
      if (!expression) continue;
      for (const name of expressionContextKeys(expression.value)) found.push({ name, step });
    }
    return found;
  });
}
