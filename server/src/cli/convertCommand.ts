import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { convertToRuntime4, isConverted } from '../service/convert/convertToRuntime4';
import type { CommandIO } from './checkCommand';
import { fileErrorCode, readTemplateFile } from './readInput';

export interface ConvertOptions {
  readonly file: string;
  /** Write the result into the file instead of printing it. */
  readonly write: boolean;
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * `synctemplate convert --to 4 <file>`: prints the runtime 4 version of a legacy template, or with
 * `--write` replaces the file through a temporary file and a rename (an interruption never leaves
 * half a file). Exit codes: 0 converted, 1 refused (the reasons on stderr, the file untouched),
 * 2 the file cannot be read or written.
 */
export function runConvert(options: ConvertOptions, io: CommandIO): number {
  const text = readTemplateFile(options.file, io);
  if (text === undefined) return 2;
  const result = convertToRuntime4(text);
  if (!isConverted(result)) {
    for (const problem of result.problems) {
      const where = lineColumn(text, problem.offset);
      io.stderr(`${options.file}:${where.line}:${where.column} error convert ${problem.message}\n`);
    }
    const count = result.problems.length;
    io.stderr(`synctemplate: ${options.file} was not converted (${count} problem${count === 1 ? '' : 's'} above); nothing was changed.\n`);
    return 1;
  }
  if (!options.write) {
    io.stdout(result.text);
    for (const note of result.notes) io.stderr(`note: ${note}\n`);
    return 0;
  }
  const temporary = `${options.file}.synctemplate-${process.pid}.tmp`;
  try {
    // Keep the file's permissions: the rename replaces the file with the temporary one.
    writeFileSync(temporary, result.text, { mode: statSync(options.file).mode });
    renameSync(temporary, options.file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was left behind.
    }
    io.stderr(`synctemplate: ${options.file} could not be written (${fileErrorCode(error)}); it is unchanged. Run without --write to print the result instead.\n`);
    return 2;
  }
  for (const note of result.notes) io.stderr(`note: ${note}\n`);
  io.stderr(`Converted ${options.file} to runtime 4.\n`);
  return 0;
}
