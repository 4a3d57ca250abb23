import replacePlaceholders from '@truto/replace-placeholders';
import { parsePlaceholders, type Placeholder } from '../service/template/placeholderParser';
import type { PreviewNote } from './previewTypes';

export interface Resolved {
  readonly value: unknown;
  readonly notes: PreviewNote[];
  /** A placeholder stayed literal or the engine threw. */
  readonly unresolved: boolean;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs Truto's engine; the one place the preview replaces placeholders. */
export function runEngine(template: unknown, context: Record<string, unknown>): unknown {
  return replacePlaceholders(template, context);
}

/**
 * Whether one alternative's path resolves in `context`, asked of the engine itself: `{{path:any}}`
 * alone returns the value unchanged, and is left as its own text when nothing is there.
 */
function alternativeValue(path: string, context: Record<string, unknown>, ignoreEmpty: boolean): { found: boolean; value?: unknown } {
  const probe = `{{${path}:any${ignoreEmpty ? ':ignore-empty-str' : ''}}}`;
  try {
    const value = runEngine(probe, context);
    if (value === probe || value === undefined) return { found: false };
    return { found: true, value };
  } catch {
    return { found: false };
  }
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** What happened to one placeholder, when it is worth saying: a fallback, a default, a literal leftover. */
function placeholderNote(text: string, placeholder: Placeholder, context: Record<string, unknown>, field: string): PreviewNote | undefined {
  const shown = text.slice(placeholder.start, placeholder.end);
  const alternatives = placeholder.alternatives;
  if (alternatives.length === 0) return undefined;
  const ignoreEmpty = placeholder.flags.ignoreEmptyString;
  let winner = -1;
  for (let i = 0; i < alternatives.length; i++) {
    if (alternativeValue(alternatives[i].path, context, ignoreEmpty).found) {
      winner = i;
      break;
    }
  }
  if (winner === 0) return undefined;
  const first = alternatives[0].path;
  if (winner > 0) {
    return { severity: 'info', field, message: `${shown}: ${alternatives.slice(0, winner).map((a) => a.path).join(', ')} not found; fell back to ${alternatives[winner].path}.` };
  }
  const tried = alternatives.map((a) => a.path).join(', ');
  if (placeholder.default) {
    return { severity: 'info', field, message: `${shown}: ${tried} not found; fell back to the default ${short(placeholder.default.value)}.` };
  }
  if (placeholder.flags.undefined) {
    return { severity: 'info', field, message: `${shown}: ${first} not found; ${placeholder.isWholeString ? 'the value is undefined (the key is left out)' : 'replaced by an empty string'} (:undefined).` };
  }
  if (placeholder.flags.null) return { severity: 'info', field, message: `${shown}: ${first} not found; the value is null (:null).` };
  return {
    severity: 'warning',
    field,
    message: `${shown} stayed literal: ${tried} not found, so the API receives the text ${short(shown)}. Add the value to the sample args (or records), or give the placeholder a default with ?:.`,
  };
}

/** Visits every string of a plain value with its dotted location. */
function forEachString(value: unknown, where: string, visit: (text: string, where: string) => void): void {
  if (typeof value === 'string') visit(value, where);
  else if (Array.isArray(value)) value.forEach((item, i) => forEachString(item, `${where}.${i}`, visit));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) forEachString(item, `${where}.${key}`, visit);
}

/**
 * Resolves one field of a step as the run would (`@truto/replace-placeholders` on the whole
 * value, so `$truto_merge` and whole-string casts behave as on Truto), with a note for every
 * placeholder that fell back, took a default, or stayed literal.
 */
export function resolveField(template: unknown, context: Record<string, unknown>, field: string): Resolved {
  let value: unknown;
  try {
    value = runEngine(template, context);
  } catch (error) {
    return { value: template, notes: [{ severity: 'error', field, message: `The placeholder engine throws on this field: ${describe(error)}. The run fails here.` }], unresolved: true };
  }
  const notes: PreviewNote[] = [];
  forEachString(template, field, (text, where) => {
    if (!text.includes('{{')) return;
    for (const placeholder of parsePlaceholders(text)) {
      const note = placeholderNote(text, placeholder, context, where);
      if (note) notes.push(note);
    }
  });
  return { value, notes, unresolved: notes.some((n) => n.severity !== 'info') };
}
