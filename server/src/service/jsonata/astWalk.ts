import { FUNCTION_CATALOGUE } from './functionCatalogue';

/**
 * Walks the AST the `jsonata` parser returns and collects what the checks and editing features
 * need: arguments read (`args.x`), upstream output read (`resources.x…`), function calls and
 * whether each name is bound in the expression (`:=`, lambda parameters, `@$x`, `#$i`, scope by
 * scope), and dashed names JSONata reads as a subtraction. All positions are indices into the
 * expression text. The parser's node positions mark where a token ends.
 */

/** A name in a path, with the span of its text (inside backticks when it has them). */
export interface NameSpan {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly backticked: boolean;
  /** Written as `a-b` without backticks (JSONata reads a subtraction; see DashedName). */
  readonly dashed?: boolean;
}

/** Where a path is evaluated: against the expression's input (where `args` and `resources` live), or not. */
export interface RootedUse {
  /**
   * True when the path is read from the expression's input: at the top, in function arguments,
   * object and array constructors, conditions, lambda bodies… or after `$$`. False inside a later
   * path step, a predicate `[…]`, a grouping `{…}` or a sort `^(…)`, where names are read from
   * the current item instead: such a use is never reported (it may be a field of the item).
   */
  readonly rootContext: boolean;
}

export interface ArgUse extends NameSpan, RootedUse {}

export interface ResourceUse extends RootedUse {
  /** The names after `resources` (at most two: a node name, or a model and a resource). */
  readonly segments: readonly NameSpan[];
  /** Span of `resources` itself. */
  readonly rootStart: number;
}

export interface FunctionCall {
  /** Without `$`. */
  readonly name: string;
  /** Span of `$name`. */
  readonly start: number;
  readonly end: number;
  /** Bound in the expression where it is called (`$f := …`, a lambda parameter). */
  readonly bound: boolean;
  /** A JSONata built-in or a Truto extension. */
  readonly known: boolean;
}

/** `a-b` written without backticks where a name is meant. */
export interface DashedName {
  /** `knowledge-base`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The root of the path it is in. */
  readonly root: 'args' | 'resources';
}

export interface WalkResult {
  readonly args: ArgUse[];
  readonly resources: ResourceUse[];
  readonly calls: FunctionCall[];
  readonly dashed: DashedName[];
}

/** The parser's AST, loosely typed: only what the walk reads. */
interface AstNode {
  readonly type?: string;
  readonly value?: unknown;
  readonly position?: number;
  readonly steps?: AstNode[];
  readonly stages?: AstNode[];
  readonly predicate?: AstNode[];
  readonly group?: { readonly lhs?: AstNode[][] };
  readonly lhs?: AstNode | AstNode[][];
  readonly rhs?: AstNode;
  readonly expressions?: AstNode[];
  readonly arguments?: AstNode[];
  readonly procedure?: AstNode;
  readonly body?: AstNode;
  readonly condition?: AstNode;
  readonly then?: AstNode;
  readonly else?: AstNode;
  readonly terms?: { readonly expression?: AstNode }[];
  readonly expr?: AstNode;
  readonly pattern?: AstNode;
  readonly update?: AstNode;
  readonly delete?: AstNode;
  readonly focus?: unknown;
  readonly index?: unknown;
}

/** Keys under which a node keeps sub-expressions. */
export const CHILD_KEYS = ['steps', 'stages', 'predicate', 'group', 'lhs', 'rhs', 'expressions', 'arguments', 'procedure', 'body', 'condition', 'then', 'else', 'terms', 'expression', 'expr', 'pattern', 'update', 'delete'] as const;

/**
 * Node types that keep no sub-expression under CHILD_KEYS: the parser hands these tokens on as
 * they are (processAST), so only their stages, predicates and groupings are walked. Why: they are
 * most of the nodes, and looking each of the keys up on them was a third of the walk's time (the
 * bench's 6,000 runtime-4 expressions, parsed once and walked warm: 25–28 → 18–19 ms).
 * jsonataAnalysis.test.ts checks the premise on jsonata's own test-suite expressions, so a
 * `jsonata` upgrade that breaks it fails there.
 */
export const LEAF_NODE_TYPES: ReadonlySet<string> = new Set(['name', 'string', 'number', 'value', 'variable', 'regex', 'wildcard', 'descendant', 'parent']);

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);
}

/** Visits every direct sub-expression (arrays and key/value pairs flattened). */
function forEachChild(node: AstNode, visit: (child: AstNode) => void): void {
  const record = node as Record<string, unknown>;
  for (const key of CHILD_KEYS) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    visitValue(value, visit);
  }
}

function visitValue(value: unknown, visit: (child: AstNode) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) visitValue(item, visit);
  } else if (isNode(value)) {
    // `group` and sort `terms` are wrappers without a type: look inside them.
    if (value.type === undefined && ('lhs' in value || 'expression' in value)) {
      visitValue((value as Record<string, unknown>).lhs ?? (value as Record<string, unknown>).expression, visit);
    } else visit(value);
  }
}

interface Scope {
  readonly names: Set<string>;
  readonly parent: Scope | undefined;
}

function isBound(scope: Scope | undefined, name: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.names.has(name)) return true;
  return false;
}

/** Names bound directly in this scope (not inside a nested block or lambda, which have their own). */
function collectBinds(node: AstNode | undefined, into: Set<string>): void {
  if (!node) return;
  if (node.type === 'bind' && isNode(node.lhs) && node.lhs.type === 'variable') into.add(String(node.lhs.value));
  if (typeof node.focus === 'string') into.add(node.focus);
  if (typeof node.index === 'string') into.add(node.index);
  forEachChild(node, (child) => {
    if (child.type === 'block' || child.type === 'lambda') return;
    collectBinds(child, into);
  });
}

/**
 * `{ ...name, rootContext }`, written out: spreading these spans was a seventh of the walk's time
 * (the same 6,000 expressions: 18–19 → 14–17 ms). The same properties in the same order
 * (`dashed` only when the span has it).
 */
function argUse(name: NameSpan, rootContext: boolean): ArgUse {
  const { name: text, start, end, backticked, dashed } = name;
  return dashed === undefined ? { name: text, start, end, backticked, rootContext } : { name: text, start, end, backticked, dashed, rootContext };
}

export function walkJsonata(ast: unknown, text: string): WalkResult {
  const result: WalkResult = { args: [], resources: [], calls: [], dashed: [] };
  // `a ?: b` shares its condition node with `then`: each use is reported once (keyed by kind and start).
  const seen = new Set<number>();
  const once = (kind: number, start: number) => {
    const key = start * 4 + kind;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  // Only these can bind a name; without them every scope is empty (most expressions: no second pass).
  const binds = text.includes(':=') || text.includes('function') || text.includes('λ') || text.includes('@') || text.includes('#');
  const collect = (node: AstNode | undefined, into: Set<string>) => {
    if (binds) collectBinds(node, into);
  };

  /** A name step's span; undefined for anything else. */
  const nameOf = (step: AstNode | undefined): NameSpan | undefined => {
    if (!step || step.type !== 'name' || typeof step.value !== 'string' || typeof step.position !== 'number') return undefined;
    const end = step.position;
    const backticked = text[end - 1] === '`';
    const nameEnd = backticked ? end - 1 : end;
    return { name: step.value, start: nameEnd - step.value.length, end: nameEnd, backticked };
  };

  /** Records `args.x` / `resources.a.b` for a path given as name spans after its root. */
  const recordRooted = (root: NameSpan, rest: readonly (NameSpan | undefined)[], rootContext: boolean) => {
    if (root.backticked) return;
    if (root.name === 'args') {
      const arg = rest[0];
      if (arg && once(0, arg.start)) result.args.push(argUse(arg, rootContext));
    } else if (root.name === 'resources') {
      const segments: NameSpan[] = [];
      for (const segment of rest.slice(0, 2)) {
        if (!segment) break;
        segments.push(segment);
      }
      if (segments.length > 0 && once(1, root.start)) result.resources.push({ segments, rootContext, rootStart: root.start });
    }
  };

  /** The names of a path's steps after its root, and the root, honouring `$$.` and `$.` prefixes. */
  const pathRoot = (steps: readonly AstNode[], rootContext: boolean): { root: NameSpan; rest: (NameSpan | undefined)[]; rootContext: boolean } | undefined => {
    let first = 0;
    let context = rootContext;
    const head = steps[0];
    if (head?.type === 'variable' && (head.value === '$' || head.value === '')) {
      first = 1;
      if (head.value === '$') context = true; // `$$` is always the expression's input
    }
    const root = nameOf(steps[first]);
    if (!root) return undefined;
    return { root, rest: steps.slice(first + 1).map(nameOf), rootContext: context };
  };

  /**
   * `resources.knowledge-base.pages` parses as `resources.knowledge - base.pages`. Recognises such
   * a chain (names glued to `-` on both sides) and returns its parts; undefined otherwise.
   */
  type DashChain = { prefix: AstNode[]; parts: NameSpan[]; trailing: AstNode[]; rest?: AstNode; host?: AstNode };
  /**
   * `resources.knowledge-base.pages` parses as `resources.knowledge - base.pages`. Recognises such
   * a chain (names glued to `-` on both sides) and returns its parts; undefined otherwise. `-`
   * binds like `&` and `+` and to the left, so in `"x" & args.start-date` the path before the `-`
   * is the rightmost operand of the left side (`host`); the rest of the left side (`rest`) is walked
   * as usual, without the host.
   */
  const dashChain = (node: AstNode): DashChain | undefined => {
    if (node.type !== 'binary' || node.value !== '-' || typeof node.position !== 'number' || !isNode(node.lhs) || !node.rhs) return undefined;
    const op = node.position - 1;
    if (text[op] !== '-') return undefined;
    let prefix: AstNode[];
    let parts: NameSpan[];
    let rest: AstNode | undefined;
    let host: AstNode | undefined;
    const left = node.lhs;
    const inner = left.type === 'binary' ? dashChain(left) : undefined;
    if (inner && inner.trailing.length === 0 && inner.parts[inner.parts.length - 1].end === op) {
      ({ prefix, parts, rest, host } = inner);
    } else {
      let path: AstNode = left;
      while (path.type === 'binary' && isNode(path.rhs)) path = path.rhs;
      if (path.type !== 'path' || !path.steps || path.steps.length === 0) return undefined;
      const lastStep = path.steps[path.steps.length - 1];
      const last = nameOf(lastStep);
      if (!last || last.backticked || last.end !== op || lastStep.stages || path.group) return undefined;
      prefix = path.steps.slice(0, -1);
      parts = [last];
      if (path !== left) {
        rest = left;
        host = path;
      }
    }
    const right = node.rhs;
    if (right.type !== 'path' || !right.steps || right.steps.length === 0) return undefined;
    const firstStep = right.steps[0];
    const first = nameOf(firstStep);
    if (!first || first.backticked || first.start !== op + 1) return undefined;
    return { prefix, parts: [...parts, first], trailing: right.steps.slice(1), ...(rest && host ? { rest, host } : {}) };
  };

  const walkPath = (node: AstNode, steps: readonly AstNode[], rootContext: boolean, scope: Scope, dashedAt?: { index: number; span: NameSpan }) => {
    const found = pathRoot(steps, rootContext);
    if (found) {
      const rest = [...found.rest];
      if (dashedAt) {
        const offset = steps.length - found.rest.length; // index of rest[0] in steps
        rest[dashedAt.index - offset] = dashedAt.span;
      }
      recordRooted(found.root, rest, found.rootContext);
    }
    steps.forEach((step, i) => walk(step, i === 0 ? rootContext : false, scope));
    if (node.group) visitValue(node.group, (child) => walk(child, false, scope));
  };

  const call = (procedure: AstNode, scope: Scope) => {
    const name = String(procedure.value);
    if (name === '' || name === '$' || typeof procedure.position !== 'number') return;
    const end = procedure.position;
    const start = end - name.length - 1;
    if (text[start] !== '$' || !once(2, start)) return;
    result.calls.push({ name, start, end, bound: isBound(scope, name), known: FUNCTION_CATALOGUE.has(name) });
  };

  /** Paths that a dashed chain took over (see dashChain). */
  const skipped = new Set<AstNode>();
  const walk = (node: AstNode | undefined, rootContext: boolean, scope: Scope): void => {
    if (!node || skipped.has(node)) return;
    switch (node.type) {
      case 'path':
        walkPath(node, node.steps ?? [], rootContext, scope);
        break;
      case 'binary': {
        const chain = dashChain(node);
        if (chain) {
          if (chain.rest && chain.host) {
            skipped.add(chain.host);
            walk(chain.rest, rootContext, scope);
          }
          const parts = chain.parts;
          const span: NameSpan = { name: parts.map((p) => p.name).join('-'), start: parts[0].start, end: parts[parts.length - 1].end, backticked: false, dashed: true };
          const steps = [...chain.prefix, { type: 'name', value: span.name, position: span.end } as AstNode, ...chain.trailing];
          const found = pathRoot(steps, rootContext);
          const index = chain.prefix.length;
          if (found && (found.root.name === 'args' || found.root.name === 'resources') && !found.root.backticked) {
            const depth = index - (steps.length - found.rest.length); // position after the root
            const allowed = found.root.name === 'args' ? depth === 0 : depth <= 1;
            if (allowed && once(3, span.start)) result.dashed.push({ text: span.name, start: span.start, end: span.end, root: found.root.name });
          }
          walkPath(node, steps, rootContext, scope, { index, span });
          break;
        }
        walk(node.lhs as AstNode, rootContext, scope);
        walk(node.rhs, rootContext, scope);
        break;
      }
      case 'block': {
        const inner: Scope = { names: new Set(), parent: scope };
        for (const expression of node.expressions ?? []) collect(expression, inner.names);
        for (const expression of node.expressions ?? []) walk(expression, rootContext, inner);
        break;
      }
      case 'lambda': {
        const inner: Scope = { names: new Set(), parent: scope };
        for (const parameter of node.arguments ?? []) if (parameter.type === 'variable') inner.names.add(String(parameter.value));
        collect(node.body, inner.names);
        // A lambda's body reads the input it was defined in.
        walk(node.body, rootContext, inner);
        break;
      }
      case 'function':
      case 'partial':
        if (node.procedure?.type === 'variable') call(node.procedure, scope);
        else walk(node.procedure, rootContext, scope);
        for (const argument of node.arguments ?? []) walk(argument, rootContext, scope);
        break;
      case 'apply':
        walk(node.lhs as AstNode, rootContext, scope);
        if (node.rhs?.type === 'variable') call(node.rhs, scope);
        else walk(node.rhs, rootContext, scope);
        break;
      case 'sort':
        for (const term of node.terms ?? []) walk(term.expression, false, scope);
        break;
      case 'transform':
        walk(node.pattern, rootContext, scope);
        walk(node.update, false, scope);
        walk(node.delete, false, scope);
        break;
      default: {
        if (node.type !== undefined && LEAF_NODE_TYPES.has(node.type)) break;
        const record = node as Record<string, unknown>;
        for (const key of CHILD_KEYS) {
          if (key === 'stages' || key === 'predicate' || key === 'group') continue;
          const value = record[key];
          if (value !== undefined && value !== null) visitValue(value, (child) => walk(child, rootContext, scope));
        }
      }
    }
    // Stages, predicates and groupings on this node read from the current item.
    // (Tested first: most nodes have none of them, and each visit would make a closure.)
    if (node.stages !== undefined) visitValue(node.stages, (child) => walk(child, false, scope));
    if (node.predicate !== undefined) visitValue(node.predicate, (child) => walk(child, false, scope));
    if (node.group !== undefined && node.type !== 'path') visitValue(node.group, (child) => walk(child, false, scope));
  };

  const root: Scope = { names: new Set(), parent: undefined };
  if (isNode(ast)) {
    collect(ast, root.names);
    walk(ast, true, root);
  }
  return result;
}
