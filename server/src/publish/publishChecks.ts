import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService, type SynctemplateLanguageService } from '../service/languageService';
import { DEFAULT_SETTINGS, type SynctemplateSettings } from '../service/settings';

let service: SynctemplateLanguageService | undefined;

/**
 * The errors that block a publish: every diagnostic of error severity, after the user's
 * overrides, computed from the text being sent (never from a possibly stale Problems list).
 */
export async function blockingProblems(text: string, uri: string, settings: SynctemplateSettings = DEFAULT_SETTINGS): Promise<Diagnostic[]> {
  service ??= createLanguageService({ snippetSupport: false, markdownSupport: false });
  const document = TextDocument.create(uri, 'synctemplate', 1, text);
  try {
    const diagnostics = await service.validate(document, settings);
    return diagnostics.filter((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error);
  } finally {
    service.forget(uri);
  }
}
