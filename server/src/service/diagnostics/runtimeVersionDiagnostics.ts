import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { asString, property } from '../template/jsonAst';
import type { TemplateModel } from '../template/templateModel';
import { jsonModify } from '../text/jsonEdits';
import { finding } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';

/** Whether the steps look like runtime 4 nodes (`name` + `type`) rather than legacy steps. */
function looksLikeNodes(model: TemplateModel): boolean {
  return model.steps.length > 0 && model.steps.every((s) => s.name !== undefined && s.type !== undefined && s.method === undefined);
}

/** The runtimes Truto documents: 1–3 run legacy steps, 4 runs nodes. */
const DOCUMENTED_VERSIONS: readonly number[] = [1, 2, 3, 4];

/**
 * A finding with a severity other than its code's default. The user's override for the code
 * still wins (severityPolicy.ts replaces whatever severity a diagnostic carries).
 */
function withSeverity(found: Finding, severity: DiagnosticSeverity): Finding {
  return { ...found, diagnostic: { ...found.diagnostic, severity } };
}

/**
 * A version number Truto does not document (`0`, `7`, `2.5`): not a schema error (the file is still
 * checked, in the format the model picks for it: 4 and above as nodes, anything below as legacy steps,
 * see `formatFor` in template/templateModel.ts), but a warning that says which format was assumed.
 */
function undocumentedVersion(document: TextDocument, model: TemplateModel, version: number): Finding | undefined {
  const node = model.runtimeVersion?.node;
  if (!node || DOCUMENTED_VERSIONS.includes(version)) return undefined;
  const asNodes = model.format === 'nodes';
  const assumed = asNodes
    ? 'This file is checked as runtime 4 nodes, as every version of 4 or more is'
    : 'This file is checked as legacy steps (runtimes 1–3), as every version below 4 is';
  const message = `default_runtime_version ${version} is not a runtime Truto documents (1, 2 and 3 run legacy steps, 4 runs nodes). ${assumed}; Truto may reject the template or run it differently. Set ${asNodes ? '4' : '1, 2 or 3 (or 4 for nodes)'}.`;
  const nodes = looksLikeNodes(model);
  const fixes = (): QuickFix[] => {
    const toFour: QuickFix = { title: 'Set default_runtime_version to 4 (runtime 4 nodes)', edits: jsonModify(document, ['default_runtime_version'], 4), isPreferred: asNodes || nodes };
    if (asNodes) return [toFour];
    const toThree: QuickFix = { title: 'Set default_runtime_version to 3 (legacy steps)', edits: jsonModify(document, ['default_runtime_version'], 3), isPreferred: !nodes };
    return nodes ? [toFour, toThree] : [toThree, toFour];
  };
  return withSeverity(finding(document, 'runtime-version', node.offset, node.offset + node.length, message, fixes), DiagnosticSeverity.Warning);
}

/**
 * `default_runtime_version` missing (checked as legacy), a number Truto does not document (a
 * warning: which format is assumed), or `integration_name` set above runtime 4.
 */
export function runtimeVersionDiagnostics(document: TextDocument, model: TemplateModel): Finding[] {
  const root = model.root;
  if (!root) return [];
  const findings: Finding[] = [];
  if (!model.runtimeVersion) {
    const nodes = looksLikeNodes(model);
    const fixes = (): QuickFix[] => {
      const options: QuickFix[] = [
        { title: 'Set default_runtime_version to 3 (legacy steps)', edits: jsonModify(document, ['default_runtime_version'], 3), isPreferred: !nodes },
        { title: 'Set default_runtime_version to 4 (runtime 4 nodes)', edits: jsonModify(document, ['default_runtime_version'], 4), isPreferred: nodes },
      ];
      return nodes ? options.reverse() : options;
    };
    // On the opening brace: the key is missing, so there is nothing else to point at.
    findings.push(
      finding(
        document,
        'runtime-version',
        root.offset,
        root.offset + 1,
        `default_runtime_version is not set: this file is checked as legacy steps (runtimes 1–3), and Truto picks a legacy runtime for sync jobs made from it.${nodes ? ' The resources look like runtime 4 nodes: set it to 4.' : ' Set it explicitly (4 for new work, which uses the node format).'}`,
        fixes,
      ),
    );
    return findings;
  }
  const version = model.runtimeVersion.value;
  if (typeof version !== 'number') return findings;
  if (version > 4) {
    const integration = property(root, 'integration_name');
    const value = integration?.valueNode;
    const set = asString(value)?.value;
    if (integration && value && set) {
      findings.push(
        finding(
          document,
          'runtime-version',
          value.offset,
          value.offset + value.length,
          `Truto documents integration_name as null for templates above runtime 4; "${set}" may be ignored or rejected.`,
          () => [{ title: 'Set integration_name to null', edits: jsonModify(document, ['integration_name'], null) }],
        ),
      );
    }
  }
  const undocumented = undocumentedVersion(document, model, version);
  if (undocumented) findings.push(undocumented);
  return findings;
}
