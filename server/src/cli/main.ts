import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, isSeverityOverride, type SeverityOverride, type SynctemplateSettings } from '../service/settings';
import { CHECK_FORMATS, runCheck, type CommandIO } from './checkCommand';
import { runConvert } from './convertCommand';
import { PublishUsageError, runPublish } from './publishCommand';
import { PREVIEW_FORMATS, runPreview } from './previewCommand';
import { GRAPH_FORMATS, runGraph } from './graphCommand';

const USAGE = `Usage: synctemplate <command> [options]

Commands:
  check <files|directories|globs…>   Report the same problems as the editor.
      --format text|json|sarif|github Output format (default: text); github prints
                                      workflow annotations, sarif is SARIF 2.1.0.
      --rule <code>=<level>           Change the severity of a diagnostic code; level is
                                      error, warning, information, hint or off. Repeatable.

  publish <file>                      Create the template on Truto (POST /sync-job-template).
      --update                        Update the template named by the file's "id" (PATCH).
      --write-id                      After creating, write the new "id" into the file.
      --dry-run                       Print the body that would be sent; send nothing.
      --base-url <url>                Truto's API (default https://api.truto.one; http only for localhost).
      --rule <code>=<level>           As for check: decides which problems block the publish.
      --verbose                       Log each request (never the token) to stderr.
    The API token is read from TRUTO_API_TOKEN, never from a flag.

  convert --to 4 <file>               Print the runtime 4 (node graph) version of a legacy template.
      --write                         Replace the file with it instead (through a temporary file).
    Exit 1 when the file cannot be converted faithfully: the reasons are printed, nothing changes.

  graph <file>                        Print the step or node graph (depends_on and
                                      resources_to_persist edges, error counts per node).
      --format mermaid|dot|json       Output format (default: mermaid).

  preview <file>                      List every request a run would make with sample values
                                      (Truto's own placeholder and JSONata engines; sends nothing).
      --args <file>                   Sample arguments (default: <name>.synctemplate.args.json beside it).
      --format text|json              Output format (default: text).
    Exit 1 when the template has errors or a request could not be resolved.

Options:
  -h, --help      Show this help.
  -v, --version   Show the version.

Exit codes: 0 success, 1 errors found (or Truto refused / failed), 2 bad usage or unreadable input.
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

/** The default settings with the severities of the repeated --rule flags. */
function settingsWithRules(values: readonly string[] | undefined): SynctemplateSettings {
  return { ...DEFAULT_SETTINGS, diagnostics: parseRules(values ?? []) };
}

/** The --format value when it is one of `formats`; otherwise a usage error that lists them. */
function formatOf<F extends string>(formats: readonly F[], value: string | undefined): F {
  const format = formats.find((f) => f === value);
  if (!format) throw new UsageError(`--format must be one of ${formats.join(', ')} (got "${value}")`);
  return format;
}

/** The single template file that `command` takes. */
function oneTemplateFile(command: string, positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one template file`);
  return positionals[0];
}

async function check(args: string[], io: CommandIO, version: string): Promise<number> {
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
  const format = formatOf(CHECK_FORMATS, values.format);
  if (positionals.length === 0) throw new UsageError('check needs at least one file, directory or glob');
  return runCheck({ patterns: positionals, format, settings: settingsWithRules(values.rule), version }, io);
}

function convert(args: string[], io: CommandIO): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      write: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (values.to !== '4') throw new UsageError(values.to === undefined ? 'convert needs --to 4 (the runtime to convert to)' : `convert --to ${values.to}: only --to 4 is supported (legacy runtimes 1–3 to runtime 4)`);
  return runConvert({ file: oneTemplateFile('convert', positionals), write: values.write === true }, io);
}

async function publish(args: string[], io: CommandIO, version: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      update: { type: 'boolean', default: false },
      'write-id': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'base-url': { type: 'string' },
      rule: { type: 'string', multiple: true, default: [] },
      verbose: { type: 'boolean', default: false },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (values.token !== undefined) throw new UsageError('the token is never taken as a flag (it would land in shell history): set TRUTO_API_TOKEN instead');
  const file = oneTemplateFile('publish', positionals);
  const settings = settingsWithRules(values.rule);
  return runPublish(
    {
      file,
      baseUrl: values['base-url'],
      update: values.update === true,
      dryRun: values['dry-run'] === true,
      writeId: values['write-id'] === true,
      verbose: values.verbose === true,
      settings,
      env,
      version,
    },
    io,
  );
}

async function graph(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'mermaid' }, rule: { type: 'string', multiple: true, default: [] }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const format = formatOf(GRAPH_FORMATS, values.format);
  const file = oneTemplateFile('graph', positionals);
  return runGraph({ file, format, settings: settingsWithRules(values.rule) }, io);
}

async function preview(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      args: { type: 'string' },
      format: { type: 'string', default: 'text' },
      rule: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const format = formatOf(PREVIEW_FORMATS, values.format);
  const file = oneTemplateFile('preview', positionals);
  const settings = settingsWithRules(values.rule);
  // The preview engine (dist/preview.js) sits beside this bundle.
  return runPreview({ file, ...(values.args !== undefined ? { args: values.args } : {}), format, settings, engineDirectory: __dirname }, io);
}

/** Runs the CLI and returns its exit code (the caller exits), so tests can call it in-process. */
export async function main(argv: string[], io: CommandIO, version: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
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
    if (command === 'check') return await check(rest, io, version);
    if (command === 'publish') return await publish(rest, io, version, env);
    if (command === 'preview') return await preview(rest, io);
    if (command === 'convert') return convert(rest, io);
    if (command === 'graph') return await graph(rest, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    // parseArgs throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown or malformed flags.
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof UsageError || error instanceof PublishUsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`synctemplate: ${(error as Error).message}\nRun "synctemplate --help" for usage.\n`);
      return 2;
    }
    throw error;
  }
}
