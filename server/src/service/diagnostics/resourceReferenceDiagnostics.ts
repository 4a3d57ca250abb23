import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TemplateReferences } from '../template/references';
import type { Placeholder, ShapePath } from '../template/placeholderParser';
import type { Step, TemplateModel } from '../template/templateModel';
import { editDistance } from '../text/closestName';
import { jsonModify, replaceOffsets } from '../text/jsonEdits';
import { finding } from './diagnosticCodes';
import type { Finding } from './finding';
import { LEGACY_ROOTS, unresolvedOutcome } from './placeholderDiagnostics';

/** Roots whose misspelling we point out; other unknown roots may be integrated-account context keys. */
const CHECKED_ROOTS = ['args', 'resources'];

/** The paths of a placeholder whose root is one edit from a checked root (once per distinct text). */
function rootTypos(placeholder: Placeholder): readonly { path: ShapePath; near: string }[] {
  const memo = placeholder.shape.derived as { rootTypos?: { path: ShapePath; near: string }[] };
  return (memo.rootTypos ??= placeholder.paths.flatMap((path) => {
    const root = path.tokens[0];
    if (root.kind !== 'prop' || LEGACY_ROOTS.includes(root.text) || CHECKED_ROOTS.includes(root.text)) return [];
    const near = CHECKED_ROOTS.find((known) => editDistance(root.text, known, 1) <= 1);
    return near ? [{ path, near }] : [];
  }));
}

/**
 * `unknown-resource`: `{{resources.<api>.<resource>…}}` in a legacy step must name an ancestor
 * reached through `depends_on` (the record it reads is the parent's current record). Fields
 * below the record are unknowable and never reported. `unknown-root`: a root one edit away
 * from `args` or `resources`.
 */
export function resourceReferenceDiagnostics(document: TextDocument, model: TemplateModel, references: TemplateReferences): Finding[] {
  const findings: Finding[] = [];
  if (model.format === 'legacy') {
    for (const reference of references.steps) {
      if (reference.kind !== 'placeholder' || !reference.placeholder) continue;
      const from = reference.from;
      const ancestors: ReadonlySet<Step> = from ? model.graph.ancestors(from) : new Set<Step>();
      const candidates = model.graph.stepsWithKey(reference.key);
      if (reference.matched && candidates.some((step) => ancestors.has(step))) continue;
      // A prefix of an ancestor's path (`{{resources.ticketing}}`) reads the API's records: fine.
      if (!reference.matched && reference.tokens?.length === 1 && [...ancestors].some((a) => model.graph.keyOf(a)?.startsWith(`${reference.key}/`))) continue;
      const outcome = unresolvedOutcome(reference.placeholder);
      if (!from) {
        findings.push(
          finding(document, 'unknown-resource', reference.start, reference.end, `${reference.placeholder.text} reads a step's record, but this field belongs to the whole job, where no step record exists: ${outcome}.`),
        );
        continue;
      }
      const stepName = model.graph.keyOf(from) ?? `step ${from.index + 1}`;
      if (candidates.length > 0) {
        const parentKey = reference.key;
        const canDepend = !from.dependsOn && !candidates.some((c) => c === from || model.graph.descendants(from).has(c));
        findings.push(
          finding(
            document,
            'unknown-resource',
            reference.start,
            reference.end,
            `${reference.placeholder.text} reads the current record of "${parentKey}", but that step is not upstream of "${stepName}" through depends_on, so at run time ${outcome}.${canDepend ? ` Add "depends_on": "${parentKey}" to this step.` : ''}`,
            canDepend
              ? () => [{ title: `Add "depends_on": "${parentKey}"`, edits: jsonModify(document, ['resources', from.index, 'depends_on'], parentKey), isPreferred: true }]
              : undefined,
          ),
        );
        continue;
      }
      const upstream = [...ancestors].map((a) => model.graph.keyOf(a)).filter((k): k is string => k !== undefined);
      const suggestion = upstream.find((key) => editDistance(key, reference.key, 2) <= 2);
      findings.push(
        finding(
          document,
          'unknown-resource',
          reference.start,
          reference.end,
          `No step syncs "${reference.key}", so ${reference.placeholder.text} never finds a value and ${outcome}.${
            upstream.length > 0 ? ` Upstream of this step: ${upstream.map((k) => `"${k}"`).join(', ')}.` : ' This step has no depends_on, so it cannot read any step record.'
          }`,
          suggestion
            ? () => [
                {
                  title: `Change to resources.${suggestion.replace('/', '.')}`,
                  edits: [replaceOffsets(document, reference.start, reference.end, suggestion.replace('/', '.'))],
                  isPreferred: true,
                },
              ]
            : undefined,
        ),
      );
    }
  }

  for (const string of model.placeholderStrings) {
    for (const placeholder of string.placeholders) {
      for (const { path, near } of rootTypos(placeholder)) {
        const root = path.tokens[0];
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
    }
  }
  return findings;
}
