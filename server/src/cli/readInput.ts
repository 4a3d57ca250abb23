import { readFileSync } from 'node:fs';
import type { CommandIO } from './checkCommand';

/** Why a file could not be read or written, as the commands print it: the errno code (ENOENT, EACCES…) when there is one. */
export function fileErrorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * The text of the one template file a command works on, or undefined after printing
 * `synctemplate: <file>: cannot be read (<code>)` to stderr (the command then exits 2).
 */
export function readTemplateFile(file: string, io: CommandIO): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(`synctemplate: ${file}: cannot be read (${fileErrorCode(error)})\n`);
    return undefined;
  }
}
