import { applyEdits, modify, type Edit } from 'jsonc-parser';
import { detectIndentation } from '../service/text/jsonEdits';

/** Keys of this tool's own, never sent to Truto. */
export const TOOL_ONLY_KEYS = ['$schema', 'id'] as const;
/** Keys Truto sets itself; present in pulled templates, never sent back. */
export const SERVER_SET_KEYS = ['team_id', 'created_at', 'updated_at', 'environment_id'] as const;

export type BodyResult = { ok: true; body: Record<string, unknown>; id: string | undefined } | { ok: false; message: string };

/**
 * The request body for a template file: the document's JSON minus the tool-only keys (`$schema`,
 * `id`) and the keys Truto sets itself. The caller validates the file first; this only refuses
 * what cannot be sent at all.
 */
export function templateBody(text: string): BodyResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not valid JSON (${(error as Error).message}); fix it before publishing.` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, message: 'A sync job template is a JSON object; this file holds something else.' };
  }
  const body: Record<string, unknown> = { ...(parsed as Record<string, unknown>) };
  const id = typeof body.id === 'string' && body.id.length > 0 ? body.id : undefined;
  for (const key of [...TOOL_ONLY_KEYS, ...SERVER_SET_KEYS]) delete body[key];
  return { ok: true, body, id };
}

/**
 * The edits that put `"id": "<id>"` into the file (right after `$schema`, or first), or replace
 * the id it has, keeping the file's own formatting. Offsets are into `text`.
 */
export function writeIdEdits(text: string, id: string): Edit[] {
  const { tabSize, insertSpaces } = detectIndentation(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return modify(text, ['id'], id, {
    formattingOptions: { tabSize, insertSpaces, eol },
    getInsertionIndex: (properties) => {
      const schema = properties.indexOf('$schema');
      return schema >= 0 ? schema + 1 : 0;
    },
  });
}

export function withId(text: string, id: string): string {
  return applyEdits(text, writeIdEdits(text, id));
}

/** A template fetched from Truto as file text: `id` first, server-set keys dropped, 2-space JSON. */
export function templateFileText(template: Record<string, unknown>): string {
  const { id, ...rest } = template;
  const file: Record<string, unknown> = { id };
  for (const [key, value] of Object.entries(rest)) {
    if (!(SERVER_SET_KEYS as readonly string[]).includes(key)) file[key] = value;
  }
  return `${JSON.stringify(file, null, 2)}\n`;
}
