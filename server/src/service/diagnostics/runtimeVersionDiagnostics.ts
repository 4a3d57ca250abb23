import type { TextDocument } from 'vscode-languageserver-textdocument';
import { asString, property } from '../template/jsonAst';
import type { TemplateModel } from '../template/templateModel';
import { jsonModify } from '../text/jsonEdits';
import { finding } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';

/** Whether the steps look like runtime 4 nodes (`name` + `type`) rather than legacy steps. */
function looksLikeNodes(model: TemplateModel): boolean {
  return model.steps.length > 0 && model.steps.every((s) => s.name !== undefined && s.type !== undefined && s.method === undefined);
}

/** `default_runtime_version` missing (checked as legacy), or `integration_name` set above runtime 4. */
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
  } else if (typeof model.runtimeVersion.value === 'number' && model.runtimeVersion.value > 4) {
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
  return findings;
}
