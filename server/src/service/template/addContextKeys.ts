import { analyseJsonata } from '../jsonata/analysis';
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
 * The keys an add_context expression adds, when it is an object constructor whose keys are literals
 * (also as the last expression of a block); else none. Read from the JSONata folder's analysis, so
 * each expression text is parsed once for every feature (checks, colouring, these keys) and kept
 * in its bounded cache; a text that does not parse adds no readable key.
 */
export function expressionContextKeys(expression: string): readonly string[] {
  return analyseJsonata(expression).objectKeys;
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
