import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, isSeverityOverride, type SeverityOverride } from '../service/settings';
import { runCheck, type CommandIO } from './checkCommand';

const USAGE = `Usage: synctemplate <command> [options]

Commands:
  check <files|directories|globs…>   Report the same problems as the editor.
      --format text|json              Output format (default: text).
      --rule <code>=<level>           Change the severity of a diagnostic code; level is
                                      error, warning, information, hint or off. Repeatable.

Options:
  -h, --help      Show this help.
  -v, --version   Show the version.

Exit codes: 0 no errors, 1 errors found, 2 bad usage or unreadable input.
Example: synctemplate check 'templates/**/*.synctemplate.json' --rule unused-arg=off`;

class UsageError extends Error {}

function parseRules(values: readonly string[]): Record<string, SeverityOverride> {
  const rules: Record<string, SeverityOverride> = {};
  for (const value of values) {
    const match = /^([^=\s]+)=(.+)$/.exec(value);
    if (!match) throw new UsageError(`--rule takes <code>=<level>, for example --rule unused-arg=off (got "${value}")`);
    const level = match[2].toLowerCase();
    if (!isSeverityOverride(level)) {
      throw new UsageError(`--rule ${match[1]}: "${match[2]}" is not a level; use error, warning, information, hint or off`);
    }
    rules[match[1]] = level;
  }
  return rules;
}

async function check(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      rule: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`--format must be text or json (got "${values.format}")`);
  }
  if (positionals.length === 0) throw new UsageError('check needs at least one file, directory or glob');
  const settings = { ...DEFAULT_SETTINGS, diagnostics: parseRules(values.rule ?? []) };
  return runCheck({ patterns: positionals, format: values.format, settings }, io);
}

/** Runs the CLI and returns its exit code (the caller exits), so tests can call it in-process. */
export async function main(argv: string[], io: CommandIO, version: string): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${version}\n`);
      return 0;
    }
    if (command === 'check') return await check(rest, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    // parseArgs throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown or malformed flags.
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`synctemplate: ${(error as Error).message}\nRun "synctemplate --help" for usage.\n`);
      return 2;
    }
    throw error;
  }
}
