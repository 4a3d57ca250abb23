import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ArgDefinition, ArgsSchema } from '../template/argsSchema';
import type { ArgReference, TemplateReferences } from '../template/references';
import type { TemplateModel } from '../template/templateModel';
import { closestName } from '../text/closestName';
import { jsonModify, replaceOffsets } from '../text/jsonEdits';
import { finding } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';
import { unresolvedOutcome } from './placeholderDiagnostics';

/** Formats the Truto dashboard fills in itself: such arguments are used even when no placeholder names them. */
const PLATFORM_FORMATS = new Set(['integrated_account_id', 'webhook_id', 'datastore_id']);

/** The JSON path of the object that declares arguments, for edits. */
function containerPath(args: ArgsSchema): (string | number)[] {
  return args.shape === 'object' ? ['args_schema', 'properties'] : ['args_schema'];
}

/** The argument spec a quick fix adds for a name, with the type its uses suggest. */
function newArgSpec(references: readonly ArgReference[]): Record<string, unknown> {
  let type = 'string';
  if (references.some((r) => r.kind === 'loop_on')) type = 'array';
  else {
    const cast = references.map((r) => r.alternative?.types[0]?.name).find((name) => name !== undefined);
    if (cast === 'int') type = 'integer';
    else if (cast === 'num') type = 'number';
    else if (cast === 'bool') type = 'boolean';
    else if (cast === 'json') type = 'object';
  }
  return { type, required: false };
}

function addArgFix(document: TextDocument, model: TemplateModel, name: string, uses: readonly ArgReference[]): QuickFix {
  const spec = newArgSpec(uses);
  const path = model.args.shape === 'absent' ? ['args_schema'] : containerPath(model.args);
  const value = model.args.shape === 'absent' ? { [name]: spec } : spec;
  const edits = jsonModify(document, model.args.shape === 'absent' ? path : [...path, name], value);
  return { title: `Declare "${name}" in args_schema (${String(spec.type)})`, edits };
}

/** `unknown-arg`, `loop-on-not-array`, `loop-on-form`, `unused-arg` and `args-schema-string`. */
export function argDiagnostics(document: TextDocument, model: TemplateModel, references: TemplateReferences): Finding[] {
  const findings: Finding[] = [];
  const { args } = model;
  const usesByName = new Map<string, ArgReference[]>();
  for (const reference of references.args) {
    const list = usesByName.get(reference.name);
    if (list) list.push(reference);
    else usesByName.set(reference.name, [reference]);
  }

  if (args.knowable && model.root) {
    for (const reference of references.args) {
      if (reference.kind === 'jsonata' || args.args.has(reference.name)) continue;
      const suggestion = closestName(reference.name, args.args.keys());
      const where = reference.kind === 'loop_on' ? '"loop_on"' : `${reference.placeholder?.text ?? 'The placeholder'}`;
      const consequence =
        reference.kind === 'loop_on'
          ? 'the step has nothing to loop over'
          : `it never finds a value at run time, so ${reference.placeholder ? unresolvedOutcome(reference.placeholder) : 'it is sent as text'}`;
      const message = `${where} names the argument "${reference.name}", which args_schema does not declare: ${consequence}.${suggestion ? ` Did you mean "${suggestion}"?` : ' Declare it in args_schema.'}`;
      findings.push(
        finding(document, 'unknown-arg', reference.start, reference.end, message, () => {
          const fixes: QuickFix[] = [];
          if (suggestion) fixes.push({ title: `Change to "${suggestion}"`, edits: [replaceOffsets(document, reference.start, reference.end, suggestion)], isPreferred: true });
          if (args.shape !== 'string') fixes.push(addArgFix(document, model, reference.name, usesByName.get(reference.name) ?? [reference]));
          return fixes;
        }),
      );
    }
  }

  for (const reference of references.args) {
    if (reference.kind !== 'loop_on') continue;
    if (reference.loopOnForm !== 'bare') {
      const node = reference.step!.loopOn!.node;
      const written = node.value;
      findings.push(
        finding(
          document,
          'loop-on-form',
          node.offset,
          node.offset + node.length,
          `"loop_on" takes the argument's bare name: write "${reference.name}" instead of "${written}".`,
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

  for (const declared of args.args.values()) {
    if (!declared.keyNode || usesByName.has(declared.name) || references.mentionedArgs.has(declared.name) || isPlatformArg(declared)) continue;
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
  return findings;
}

function isPlatformArg(arg: ArgDefinition): boolean {
  return arg.name === 'integrated_account_id' || (arg.format !== undefined && PLATFORM_FORMATS.has(arg.format));
}
