import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ArgDefinition, ArgsSchema } from '../template/argsSchema';
import type { Placeholder } from '../template/placeholderParser';
import { argMentions, argUseRange, forEachArgUse, loopOnReference, type ArgReference } from '../template/references';
import type { PlaceholderString, TemplateModel } from '../template/templateModel';
import { closestName } from '../text/closestName';
import { jsonModify, replaceOffsets } from '../text/jsonEdits';
import { finding } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';
import type { PlaceholderCheck } from './placeholderWalk';
import { unresolvedOutcome } from './placeholderDiagnostics';

/** Formats the Truto dashboard fills in itself: such arguments are used even when no placeholder names them. */
const PLATFORM_FORMATS = new Set(['integrated_account_id', 'webhook_id', 'datastore_id']);

/** The JSON path of the object that declares arguments, for edits. */
function containerPath(args: ArgsSchema): (string | number)[] {
  return args.shape === 'object' ? ['args_schema', 'properties'] : ['args_schema'];
}

/** The argument spec a quick fix adds for a name, with the type its uses suggest. */
function newArgSpec(model: TemplateModel, name: string, loopOns: readonly ArgReference[]): Record<string, unknown> {
  if (loopOns.some((r) => r.name === name)) return { type: 'array', required: false };
  let cast: string | undefined;
  forEachArgUse(model, (used, _string, _placeholder, path) => {
    if (used === name) cast ??= path.alternative.types[0]?.name;
  });
  const type = cast === 'int' ? 'integer' : cast === 'num' ? 'number' : cast === 'bool' ? 'boolean' : cast === 'json' ? 'object' : 'string';
  return { type, required: false };
}

function addArgFix(document: TextDocument, model: TemplateModel, name: string, loopOns: readonly ArgReference[]): QuickFix {
  return declareArgFix(document, model, name, newArgSpec(model, name, loopOns));
}

/**
 * A quick fix that declares an argument in the shape args_schema already uses; with no args_schema,
 * in the flat map every runtime 4 example uses (`{"name": {"type": …}}`).
 */
export function declareArgFix(document: TextDocument, model: TemplateModel, name: string, spec: Record<string, unknown>): QuickFix {
  const path = model.args.shape === 'absent' ? ['args_schema'] : containerPath(model.args);
  const value = model.args.shape === 'absent' ? { [name]: spec } : spec;
  const edits = jsonModify(document, model.args.shape === 'absent' ? path : [...path, name], value);
  return { title: `Declare "${name}" in args_schema (${String(spec.type)})`, edits };
}

/**
 * `unknown-arg`, `loop-on-not-array`, `loop-on-form`, `unused-arg` and `args-schema-string`.
 * Sees each placeholder in the shared walk, without building reference objects: only problems
 * allocate. The rest (loop_on, JSONata, unused arguments) runs when the walk is done.
 */
/** Reports an undeclared argument (with did-you-mean and declare fixes); `rewrite` spells a suggested name for where it is written. */
export type UnknownArgReporter = (name: string, start: number, end: number, where: string, consequence: string, rewrite?: (suggestion: string) => string) => void;

export function argChecks(
  document: TextDocument,
  model: TemplateModel,
  findings: Finding[],
): PlaceholderCheck & { markUsed(names: readonly string[]): void; reportUnknown: UnknownArgReporter; readonly checkUnknown: boolean } {
  const { args } = model;
  const text = document.getText();
  const checkUnknown = args.knowable && model.root !== undefined;
  const used = new Set<string>();
  const loopOns = model.format === 'legacy'
    ? model.steps.flatMap((step) => (step.loopOn ? [loopOnReference(text, step.loopOn, step)].filter((r): r is ArgReference => r !== undefined) : []))
    : [];

  const reportUnknown: UnknownArgReporter = (name, start, end, where, consequence, rewrite) => {
    const suggestion = closestName(name, args.args.keys());
    const message = `${where} names the argument "${name}", which args_schema does not declare: ${consequence}.${suggestion ? ` Did you mean "${suggestion}"?` : ' Declare it in args_schema.'}`;
    findings.push(
      finding(document, 'unknown-arg', start, end, message, () => {
        const fixes: QuickFix[] = [];
        if (suggestion) fixes.push({ title: `Change to "${suggestion}"`, edits: [replaceOffsets(document, start, end, rewrite ? rewrite(suggestion) : suggestion)], isPreferred: true });
        if (args.shape !== 'string') fixes.push(addArgFix(document, model, name, loopOns));
        return fixes;
      }),
    );
  };

  const placeholder = (string: PlaceholderString, placeholder: Placeholder): void => {
    const paths = placeholder.paths;
    for (let p = 0; p < paths.length; p++) {
      const name = paths[p].argName;
      if (name === undefined) continue;
      if (!checkUnknown || args.args.has(name)) continue;
      const { start, end } = argUseRange(string, placeholder, paths[p]);
      reportUnknown(name, start, end, placeholder.text, `it never finds a value at run time, so ${unresolvedOutcome(placeholder, placeholder.isWholeString)}`);
    }
  };

  const finish = (): void => {
    for (const reference of loopOns) {
      used.add(reference.name);
      if (checkUnknown && !args.args.has(reference.name)) reportUnknown(reference.name, reference.start, reference.end, '"loop_on"', 'the step has nothing to loop over');
      if (reference.loopOnForm !== 'bare') {
        const node = reference.step!.loopOn!;
        findings.push(
          finding(
            document,
            'loop-on-form',
            node.offset,
            node.offset + node.length,
            `"loop_on" takes the argument's bare name: write "${reference.name}" instead of "${node.value}".`,
            () => [{ title: `Change to "${reference.name}"`, edits: [replaceOffsets(document, node.offset, node.offset + node.length, JSON.stringify(reference.name))], isPreferred: true }],
          ),
        );
      }
      const declared = args.args.get(reference.name);
      if (declared && declared.types.length > 0 && !declared.types.includes('array')) {
        findings.push(
          finding(
            document,
            'loop-on-not-array',
            reference.start,
            reference.end,
            `"loop_on" repeats the step for each element of "${reference.name}", but args_schema declares it as ${declared.types.join(' or ')}, not array: the step runs once at most. Declare it with "type": "array" or loop over an array argument.`,
          ),
        );
      }
    }

    // JSONata uses (args_validation, run_if, expressions…) are marked by the JSONata checks (markUsed).

    // Any other mention of args.<name> in the text (descriptions, JSONata elsewhere) counts as a use:
    // scanned only when some argument is otherwise unused.
    let mentioned: ReadonlySet<string> | undefined;
    for (const declared of args.args.values()) {
      if (!declared.keyNode || used.has(declared.name) || isPlatformArg(declared)) continue;
      if ((mentioned ??= argMentions(text)).has(declared.name)) continue;
      const key = declared.keyNode;
      findings.push(
        finding(
          document,
          'unused-arg',
          key.offset,
          key.offset + key.length,
          `The argument "${declared.name}" is declared but nothing uses it: no placeholder, loop_on or JSONata expression reads args.${declared.name}.`,
          () => [{ title: `Remove the argument "${declared.name}"`, edits: jsonModify(document, [...containerPath(args), declared.name], undefined) }],
        ),
      );
    }

    if (args.shape === 'string' && args.node) {
      const node = args.node;
      const parsed = args.parsedString;
      findings.push(
        finding(
          document,
          'args-schema-string',
          node.offset,
          node.offset + node.length,
          parsed
            ? 'args_schema is a JSON string. Truto documents it as an object, and placeholders cannot be checked against a string: write the object itself.'
            : 'args_schema is a string that is not even valid JSON. Truto documents it as an object: write the schema as a JSON object.',
          parsed ? () => [{ title: 'Convert args_schema to an object', edits: jsonModify(document, ['args_schema'], parsed), isPreferred: true }] : undefined,
        ),
      );
    }
  };

  // Arguments the walk saw read by placeholders (stepResults.ts marks them, reused steps included),
  // so each placeholder is looked at once for this.
  const markUsed = (names: readonly string[]): void => {
    for (const name of names) used.add(name);
  };

  return { placeholder, finish, markUsed, reportUnknown, checkUnknown };
}

function isPlatformArg(arg: ArgDefinition): boolean {
  return arg.name === 'integrated_account_id' || (arg.format !== undefined && PLATFORM_FORMATS.has(arg.format));
}
