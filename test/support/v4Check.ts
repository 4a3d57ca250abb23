import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { messageText } from '../../server/src/cli/outputFormats';
import { createLanguageService } from '../../server/src/service/languageService';
import { normalizeSettings } from '../../server/src/service/settings';
import { applyEdits, templateDocument } from './cursor';

const service = createLanguageService();

export interface Seen {
  code: string;
  covered: string;
  message: string;
  diagnostic: Diagnostic;
}

/** Codes other checks own (schema, JSON syntax, JSONata): left out so a test sees only what it is about. */
function isOwnCode(d: Diagnostic): boolean {
  return d.code !== 'schema' && typeof d.code !== 'number' && !String(d.code).startsWith('jsonata') && d.code !== 'placeholder-in-jsonata';
}

/** The template diagnostics of `text` (not schema, JSON or JSONata ones), with the text each covers. */
export async function checkTemplate(text: string, settings?: unknown): Promise<Seen[]> {
  const document = templateDocument(text);
  const found = await service.validate(document, settings === undefined ? undefined : normalizeSettings(settings));
  return found.filter(isOwnCode).map((d) => ({ code: String(d.code), covered: document.getText(d.range), message: messageText(d.message), diagnostic: d }));
}

/** Every diagnostic of `text`, schema and JSON included. */
export async function allDiagnostics(text: string): Promise<Diagnostic[]> {
  return service.validate(templateDocument(text));
}

/** The text after applying the quick fix titled `title` (or the first) of the first diagnostic with `code`. */
export async function applyFix(text: string, code: string, title?: string | RegExp): Promise<string> {
  const document = templateDocument(text);
  const diagnostics = await service.validate(document);
  const target = diagnostics.find((d) => d.code === code);
  if (!target) throw new Error(`no ${code} diagnostic in:\n${text}`);
  const actions = service.codeActions(document, target.range, [target]);
  const action = title === undefined ? actions[0] : actions.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  if (!action) throw new Error(`no fix ${String(title)} for ${code}; offered: ${actions.map((a) => a.title).join(', ')}`);
  return applyEdits(document, action.edit!.changes![document.uri] as TextEdit[]);
}

/** The titles of the quick fixes of the first diagnostic with `code`. */
export async function fixTitles(text: string, code: string): Promise<string[]> {
  const document = templateDocument(text);
  const diagnostics = await service.validate(document);
  const target = diagnostics.find((d) => d.code === code);
  if (!target) return [];
  return service.codeActions(document, target.range, [target]).map((a) => a.title);
}
