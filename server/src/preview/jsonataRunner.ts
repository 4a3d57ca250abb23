import trutoJsonata from '@truto/truto-jsonata';

/**
 * Evaluates runtime 4 JSONata (`run_if`, `transform`/`add_context` expressions, string
 * `query`/`body`, `value_expression`) with Truto's own engine, offline and bounded.
 *
 * The Truto extensions that call out over the network are replaced before evaluation:
 * `$generateEmbeddingsCohere` (api.cohere.com), `$parseDocument` and `$convertMdToPdf` (Truto's
 * document parser). Every other extension is local computation (checked by reading the engine's
 * source: only these three call `fetch`). A preview never sends anything anywhere.
 */
const NETWORK_FUNCTIONS = ['generateEmbeddingsCohere', 'parseDocument', 'convertMdToPdf'] as const;

/** Longest a single evaluation may run, and deepest it may recurse, before it is stopped. */
const TIME_LIMIT_MS = 2000;
const DEPTH_LIMIT = 400;

export type JsonataOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; code?: unknown; position?: unknown; token?: unknown };
    const where = typeof e.position === 'number' ? ` (at character ${e.position})` : '';
    const code = typeof e.code === 'string' ? `${e.code}: ` : '';
    if (typeof e.message === 'string') return `${code}${e.message}${where}`;
  }
  return String(error);
}

export async function evaluateJsonata(expression: string, input: unknown): Promise<JsonataOutcome> {
  let compiled: ReturnType<typeof trutoJsonata>;
  try {
    compiled = trutoJsonata(expression);
  } catch (error) {
    return { ok: false, error: `does not parse: ${describe(error)}` };
  }
  for (const name of NETWORK_FUNCTIONS) {
    compiled.registerFunction(name, () => {
      throw new Error(`$${name} calls a remote service; the preview runs offline and does not call it`);
    });
  }
  // JSONata's evaluation hooks (its own test suite times expressions out the same way).
  let depth = 0;
  const started = Date.now();
  const assign = compiled.assign.bind(compiled) as (name: unknown, value: unknown) => void;
  assign(Symbol.for('jsonata.__evaluate_entry'), () => {
    depth++;
    if (depth > DEPTH_LIMIT) throw new Error(`stopped: recursion deeper than ${DEPTH_LIMIT} levels`);
    if (Date.now() - started > TIME_LIMIT_MS) throw new Error(`stopped: ran longer than ${TIME_LIMIT_MS} ms`);
  });
  assign(Symbol.for('jsonata.__evaluate_exit'), () => {
    depth--;
  });
  try {
    return { ok: true, value: await compiled.evaluate(input) };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}
