import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../parsedDocument';
import type { SynctemplateSettings } from '../settings';
import { jsonDiagnostics } from './jsonDiagnostics';
import { applySeverityPolicy } from './severityPolicy';

/**
 * Every diagnostic of a document: strict JSON syntax and schema problems, then the user's
 * severity overrides. Each kind of check lives in a file of its own in this folder.
 */
export async function validate(
  parsed: ParsedDocument,
  jsonService: JsonLanguageService,
  settings: SynctemplateSettings,
): Promise<Diagnostic[]> {
  const diagnostics = await parsed.memo('diagnostics:json', () => jsonDiagnostics(parsed, jsonService));
  return applySeverityPolicy(diagnostics, settings);
}
