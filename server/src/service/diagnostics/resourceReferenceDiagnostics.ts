import type { TextDocument } from 'vscode-languageserver-textdocument';
import { stepKeyOf, stepUseRange } from '../template/references';
import type { Placeholder, ShapePath } from '../template/placeholderParser';
import type { PlaceholderString, Step, TemplateModel } from '../template/templateModel';
import { editDistance } from '../text/closestName';
import { replaceOffsets } from '../text/jsonEdits';
import { addDependsOnFix } from './dependsOnFix';
import { finding } from './diagnosticCodes';
import type { Finding } from './finding';
import type { PlaceholderCheck } from './placeholderWalk';
import { LEGACY_ROOTS, unresolvedOutcome } from './placeholderDiagnostics';

/** Roots whose misspelling we point out; other unknown roots may be integrated-account context keys. */
const CHECKED_ROOTS = ['args', 'resources'];
/** Runtime 4 adds `payload` (destination config). */
const CHECKED_ROOTS_V4 = ['args', 'resources', 'payload'];

/** The paths of a placeholder whose root is one edit from a checked root (once per distinct text and format). */
function rootTypos(placeholder: Placeholder, nodes: boolean): readonly { path: ShapePath; near: string }[] {
  const memo = placeholder.shape.derived as { rootTypos?: { path: ShapePath; near: string }[]; rootTyposV4?: { path: ShapePath; near: string }[] };
  const roots = nodes ? CHECKED_ROOTS_V4 : CHECKED_ROOTS;
  const compute = () =>
    placeholder.paths.flatMap((path) => {
      const root = path.tokens[0];
      if (root.kind !== 'prop' || LEGACY_ROOTS.includes(root.text) || roots.includes(root.text)) return [];
      const near = roots.find((known) => editDistance(root.text, known, 1) <= 1);
      return near ? [{ path, near }] : [];
    });
  return nodes ? (memo.rootTyposV4 ??= compute()) : (memo.rootTypos ??= compute());
}

/**
 * `unknown-resource`: `{{resources.<api>.<resource>…}}` in a legacy step must name an ancestor
 * reached through `depends_on` (the record it reads is the parent's current record). Fields
 * below the record are unknowable and never reported (runtime 4 scopes: nodeScopeDiagnostics.ts).
 * `unknown-root`, in both formats: a root one edit away from `args` or `resources` (and `payload` in
 * runtime 4), unless an add_context node adds a key of that name.
 */
export function resourceReferenceChecks(document: TextDocument, model: TemplateModel, findings: Finding[], contextKeys: ReadonlySet<string> = new Set()): PlaceholderCheck {
  const { graph } = model;
  const hasKey = (key: string) => graph.hasKey(key);
  const legacy = model.format === 'legacy';
  /** Whether some ancestor of `from` has a key that `test` accepts (a walk that stops at the first). */
  const someAncestorKey = (from: Step | undefined, test: (key: string) => boolean): boolean => {
    let found = false;
    if (from) graph.forEachAncestor(from, (a) => (found = test(graph.keyOf(a) ?? '')));
    return found;
  };
  const stepUse = (string: PlaceholderString, placeholder: Placeholder, path: ShapePath): void => {
    const key = stepKeyOf(path, hasKey);
    const from = string.step;
    // The common case, answered by the upstream index without building a set: the step read is upstream.
    if (from && graph.hasUpstreamKey(from, key)) return;
    const candidates = graph.stepsWithKey(key);
    // A prefix of an ancestor's path (`{{resources.ticketing}}`) reads the API's records: fine.
    if (candidates.length === 0 && !key.includes('/') && someAncestorKey(from, (k) => k.startsWith(`${key}/`))) return;
    const { start, end } = stepUseRange(string, placeholder, path, key);
    const outcome = unresolvedOutcome(placeholder, placeholder.isWholeString);
    if (!from) {
      findings.push(finding(document, 'unknown-resource', start, end, `${placeholder.text} reads a step's record, but this field belongs to the whole job, where no step record exists: ${outcome}.`));
      return;
    }
    const stepName = graph.keyOf(from) ?? `step ${from.index + 1}`;
    if (candidates.length > 0) {
      const canDepend = !from.dependsOn && !candidates.some((c) => c === from || graph.isAncestor(from, c));
      findings.push(
        finding(
          document,
          'unknown-resource',
          start,
          end,
          `${placeholder.text} reads the current record of "${key}", but that step is not upstream of "${stepName}" through depends_on, so at run time ${outcome}.${canDepend ? ` Add "depends_on": "${key}" to this step.` : ''}`,
          canDepend ? () => [addDependsOnFix(document, from.index, key)] : undefined,
        ),
      );
      return;
    }
    const upstream: string[] = [];
    graph.forEachAncestor(from, (a) => {
      const k = graph.keyOf(a);
      if (k !== undefined) upstream.push(k);
    });
    const suggestion = upstream.find((k) => editDistance(k, key, 2) <= 2);
    findings.push(
      finding(
        document,
        'unknown-resource',
        start,
        end,
        `No step syncs "${key}", so ${placeholder.text} never finds a value and ${outcome}.${
          upstream.length > 0 ? ` Upstream of this step: ${upstream.map((k) => `"${k}"`).join(', ')}.` : ' This step has no depends_on, so it cannot read any step record.'
        }`,
        suggestion
          ? () => [{ title: `Change to resources.${suggestion.replace('/', '.')}`, edits: [replaceOffsets(document, start, end, suggestion.replace('/', '.'))], isPreferred: true }]
          : undefined,
      ),
    );
  };

  const rootTypo = (string: PlaceholderString, placeholder: Placeholder): void => {
    for (const { path, near } of rootTypos(placeholder, !legacy)) {
      const root = path.tokens[0];
      // A key an add_context node adds is a root of its own, whatever it looks like.
      if (contextKeys.has(root.text)) continue;
      const rootStart = placeholder.start + path.offsets[0];
      const start = string.raw.toDocumentOffset(rootStart);
      const end = string.raw.toDocumentOffset(rootStart + root.text.length);
      findings.push(
        finding(
          document,
          'unknown-root',
          start,
          end,
          `"${root.text}" is not a placeholder root; did you mean "${near}"? As written, Truto looks "${path.alternative.path}" up in the integrated account's context, where it is unlikely to exist, and ${unresolvedOutcome(placeholder)}.`,
          () => [{ title: `Change to "${near}"`, edits: [replaceOffsets(document, start, end, near)], isPreferred: true }],
        ),
      );
    }
  };

  return {
    placeholder: (string, placeholder) => {
      rootTypo(string, placeholder);
      if (!legacy) return;
      const paths = placeholder.paths;
      for (let p = 0; p < paths.length; p++) if (paths[p].readsResource) stepUse(string, placeholder, paths[p]);
    },
  };
}
