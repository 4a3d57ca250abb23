import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { DiagnosticSeverity, Range, type Diagnostic } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../parsedDocument';
import { MAX_NESTING_DEPTH } from '../nestingGuard';
import { DEFAULT_SEVERITIES, DIAGNOSTIC_SOURCE } from './diagnosticCodes';

/**
 * Strict-JSON syntax errors and schema errors, from the JSON language service. Comments and
 * trailing commas are errors: the file is exactly what gets sent to Truto.
 */
export async function jsonDiagnostics(parsed: ParsedDocument, jsonService: JsonLanguageService): Promise<Diagnostic[]> {
  const { document, json } = parsed;
  if (!json) {
    const where = parsed.excessiveNesting ?? { offset: 0, length: 0 };
    return [
      {
        range: Range.create(document.positionAt(where.offset), document.positionAt(where.offset + where.length)),
        severity: DEFAULT_SEVERITIES['nesting-depth'],
        code: 'nesting-depth',
        source: DIAGNOSTIC_SOURCE,
        message: `The document nests deeper than ${MAX_NESTING_DEPTH} levels here, so it is not checked any further. A sync job template never needs this depth: look for a runaway paste or generated content.`,
      },
    ];
  }
  const found = await jsonService.doValidation(document, json, {
    comments: 'error',
    trailingCommas: 'error',
    schemaValidation: 'error',
    schemaRequest: 'error',
  });
  return found.map((diagnostic) => {
    // The service numbers syntax errors from 0x100 up (519 trailing comma, 521 comment); below
    // that are schema problems (none, enum mismatch, deprecated), reported as one `schema` code.
    const isSyntax = typeof diagnostic.code === 'number' && diagnostic.code >= 0x100;
    return {
      ...diagnostic,
      code: isSyntax ? diagnostic.code : 'schema',
      severity: diagnostic.severity ?? DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
    };
  });
}
