import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { fieldProblems, TrutoApiError } from '../publish/apiErrors';
import { checkBaseUrl, DEFAULT_BASE_URL } from '../publish/baseUrl';
import { blockingProblems } from '../publish/publishChecks';
import { templateBody, withId } from '../publish/templateBody';
import { TrutoClient } from '../publish/trutoClient';
import type { SynctemplateSettings } from '../service/settings';
import type { CommandIO } from './checkCommand';
import { formatText, inDocumentOrder } from './outputFormats';
import { fileErrorCode } from './readInput';

export interface PublishOptions {
  readonly file: string;
  readonly baseUrl: string | undefined;
  readonly update: boolean;
  readonly dryRun: boolean;
  readonly writeId: boolean;
  readonly verbose: boolean;
  readonly settings: SynctemplateSettings;
  /** The environment (TRUTO_API_TOKEN); injectable for tests. */
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
}

/** A problem with how the command was called: exit code 2. */
export class PublishUsageError extends Error {}

/**
 * `synctemplate publish <file>`: the same checks and the same API client as the editor command.
 * Exit codes: 0 published (or dry run), 1 the file has errors or Truto refused / failed,
 * 2 bad usage (no token, bad base URL, --update without an id, an id without --update).
 */
export async function runPublish(options: PublishOptions, io: CommandIO): Promise<number> {
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    throw new PublishUsageError(`${options.file}: cannot be read (${fileErrorCode(error)})`);
  }
  const uri = pathToFileURL(resolve(options.file)).toString();
  const problems = await blockingProblems(text, uri, options.settings);
  if (problems.length > 0) {
    io.stdout(formatText([{ file: options.file, diagnostics: inDocumentOrder(problems) }]));
    io.stderr(`synctemplate: ${options.file} has ${problems.length} error${problems.length === 1 ? '' : 's'}; fix them before publishing. Nothing was sent.\n`);
    return 1;
  }
  const body = templateBody(text);
  if (!body.ok) {
    io.stderr(`synctemplate: ${body.message}\n`);
    return 1;
  }
  if (options.update && !body.id) throw new PublishUsageError(`--update needs the template's id in the file ("id": "…"); ${options.file} has none. Publish without --update to create it.`);
  if (!options.update && body.id) {
    throw new PublishUsageError(`${options.file} already has an id (${body.id}): it was published before. Pass --update to update that template, or remove "id" to create a new copy.`);
  }
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const checked = checkBaseUrl(baseUrl);
  if (!checked.ok) throw new PublishUsageError(checked.message);

  if (options.dryRun) {
    io.stderr(`Dry run: would ${options.update ? `PATCH ${checked.url}/sync-job-template/${body.id}` : `POST ${checked.url}/sync-job-template`} with this body (nothing sent):\n`);
    io.stdout(`${JSON.stringify(body.body, null, 2)}\n`);
    return 0;
  }
  const token = options.env.TRUTO_API_TOKEN?.trim();
  if (!token) throw new PublishUsageError('Set the API token in the TRUTO_API_TOKEN environment variable (it is never taken as a flag, so it stays out of shell history).');

  const client = new TrutoClient({
    baseUrl: checked.url,
    token,
    userAgent: `synctemplate-cli/${options.version}`,
    log: options.verbose
      ? (e) => io.stderr(`${e.method} ${e.url} → ${e.status ?? e.note ?? 'no answer'} in ${e.durationMs} ms${e.templateId ? ` (id ${e.templateId})` : ''}${e.outcome === 'retry' ? ' (retrying)' : ''}\n`)
      : undefined,
  });
  try {
    const template = options.update ? await client.update(body.id!, body.body) : await client.create(body.body);
    const label = typeof template.label === 'string' ? ` "${template.label}"` : '';
    io.stderr(`${options.update ? 'Updated' : 'Created'} sync job template${label}: ${template.id}\n`);
    io.stdout(`${template.id}\n`);
    if (options.writeId && template.id !== body.id) writeIdInto(options.file, template.id, io);
    return 0;
  } catch (error) {
    if (error instanceof TrutoApiError) {
      io.stderr(`synctemplate: ${error.message}\n`);
      if (error.isValidationError) {
        for (const problem of fieldProblems(error.details)) {
          const where = locate(text, problem.path);
          io.stderr(`${options.file}:${where.line}:${where.column} error truto ${problem.path.length > 0 ? `${problem.path.join('.')}: ` : ''}${problem.message}\n`);
        }
      }
      return 1;
    }
    throw error;
  } finally {
    await client.close();
  }
}

/**
 * Writes the new id into the file as it is now (it may have been edited while the request ran),
 * through a temporary file and a rename, so an interruption never leaves half a file.
 */
function writeIdInto(file: string, id: string, io: CommandIO): void {
  try {
    const current = readFileSync(file, 'utf8');
    const temporary = `${file}.synctemplate-${process.pid}.tmp`;
    writeFileSync(temporary, withId(current, id));
    renameSync(temporary, file);
    io.stderr(`Wrote "id": "${id}" into ${file}.\n`);
  } catch (error) {
    io.stderr(`synctemplate: the template was created (id ${id}) but the id could not be written into ${file} (${fileErrorCode(error)}). Add "id": "${id}" to the file by hand, so the next publish updates it instead of creating a copy.\n`);
  }
}

/** 1-based line and column of the value at `path` (or of the deepest part of it that exists). */
function locate(text: string, path: readonly (string | number)[]): { line: number; column: number } {
  const root = parseTree(text);
  let node = root;
  for (let depth = path.length; depth > 0 && root; depth--) {
    const found = findNodeAtLocation(root, path.slice(0, depth) as (string | number)[]);
    if (found) {
      node = found.parent?.type === 'property' ? found.parent : found;
      break;
    }
  }
  const offset = node?.offset ?? 0;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
