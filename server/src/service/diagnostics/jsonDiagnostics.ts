import type { ASTNode, JSONDocument, LanguageService as JsonLanguageService, ObjectASTNode } from 'vscode-json-languageservice';
import { DiagnosticSeverity, Range, type Diagnostic } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../parsedDocument';
import { MAX_NESTING_DEPTH } from '../nestingGuard';
import { asString, propertyValue } from '../template/jsonAst';
import { templateModel } from '../template/templateModel';
import { DEFAULT_SEVERITIES, DIAGNOSTIC_SOURCE } from './diagnosticCodes';
import { dispatchingDocument } from './schemaDispatch';

/**
 * Strict-JSON syntax errors and schema errors, from the JSON language service. Comments and
 * trailing commas are errors: the file is exactly what gets sent to Truto.
 */
export async function jsonDiagnostics(parsed: ParsedDocument, jsonService: JsonLanguageService): Promise<Diagnostic[]> {
  const { document, json } = parsed;
  if (!json) {
    const where = parsed.excessiveNesting ?? { offset: 0, length: 0 };
    return [
      {
        range: Range.create(document.positionAt(where.offset), document.positionAt(where.offset + where.length)),
        severity: DEFAULT_SEVERITIES['nesting-depth'],
        code: 'nesting-depth',
        source: DIAGNOSTIC_SOURCE,
        message: `The document nests deeper than ${MAX_NESTING_DEPTH} levels here, so it is not checked any further. A sync job template never needs this depth: look for a runaway paste or generated content.`,
      },
    ];
  }
  // The schema is dispatched per node (schemaDispatch.ts): what the service would check for
  // nothing is left out for each; the same diagnostics, sooner.
  const found = await jsonService.doValidation(document, dispatchingDocument(json), {
    comments: 'error',
    trailingCommas: 'error',
    schemaValidation: 'error',
    schemaRequest: 'error',
  });
  const nodes = templateModel(parsed).format === 'nodes';
  return found.map((diagnostic) => {
    // The service numbers syntax errors from 0x100 up (519 trailing comma, 521 comment); below
    // that are schema problems (none, enum mismatch, deprecated), reported as one `schema` code.
    const isSyntax = typeof diagnostic.code === 'number' && diagnostic.code >= 0x100;
    return {
      ...diagnostic,
      code: isSyntax ? diagnostic.code : 'schema',
      severity: diagnostic.severity ?? DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      message: isSyntax ? diagnostic.message : schemaMessage(parsed, json, diagnostic, nodes),
    };
  });
}

/**
 * The schema's `errorMessage` for a key a node does not take starts with "This key" (the JSON
 * service cannot put the key's name in a schema message); the key is the diagnostic's range.
 * Inside a runtime 4 node, a missing required key, a value of the wrong type and an empty string
 * get messages that name the key and the node type (the service's own messages are fixed and say
 * neither). Anything else is kept as the service wrote it; legacy steps keep the service's messages.
 */
function schemaMessage(parsed: ParsedDocument, json: JSONDocument, diagnostic: Diagnostic, nodes: boolean): Diagnostic['message'] {
  const message = diagnostic.message;
  if (typeof message !== 'string') return message;
  try {
    if (message.startsWith('This key ')) {
      const key = keyAt(parsed, diagnostic);
      return key === undefined ? message : `\`${key}\` ${message.slice('This key '.length)}`;
    }
    if (!nodes) return message;
    const missing = /^Missing property "(.+)"\.$/.exec(message);
    if (missing) return missingInNode(parsed, json, diagnostic, missing[1]) ?? message;
    const wrongType = /^Incorrect type\. Expected "(\w+)"\.$/.exec(message);
    if (wrongType || message === 'String is shorter than the minimum length of 1.') return valueInNode(parsed, json, diagnostic, wrongType?.[1]) ?? message;
  } catch {
    // A message is never worth a failed validation: keep the service's own.
  }
  return message;
}

/** The key a diagnostic covers, when its range is exactly a JSON string. */
function keyAt(parsed: ParsedDocument, diagnostic: Diagnostic): string | undefined {
  const text = parsed.document.getText(diagnostic.range);
  if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) return undefined;
  const key: unknown = JSON.parse(text);
  return typeof key === 'string' ? key : undefined;
}

/**
 * The runtime 4 node an AST node is in (an item of the root `resources` array), and the keys
 * leading to it (array items as `[i]`).
 */
function enclosingNode(json: JSONDocument, from: ASTNode): { node: ObjectASTNode; path: string[] } | undefined {
  const path: string[] = [];
  let current: ASTNode | undefined = from;
  while (current) {
    const parent: ASTNode | undefined = current.parent;
    if (
      current.type === 'object' &&
      parent?.type === 'array' &&
      parent.parent?.type === 'property' &&
      parent.parent.keyNode.value === 'resources' &&
      parent.parent.parent === json.root
    ) {
      return { node: current, path };
    }
    if (parent?.type === 'property') path.unshift(parent.keyNode.value);
    else if (parent?.type === 'array') path.unshift(`[${parent.items.indexOf(current)}]`);
    current = parent;
  }
  return undefined;
}

const NODE_TYPES = '`request`, `transform`, `spool`, `add_context`, `destination`, `event`, `get_state`, `update_state` or `delete_state`';

/** What a required key is for, by where it is missing ("<node type>" or "<node type>.config"). */
const REQUIRED_HINTS: Record<string, Record<string, string>> = {
  request: {
    resource: 'the API resource it calls, such as `ticketing/tickets` (unified) or `contacts` (proxy)',
    method: 'the operation on the resource (`list`, `get`, `create`, `update`, `delete` or a custom method)',
    integrated_account_id: 'the account it calls, usually `{{args.integrated_account_id}}`',
  },
  'request.recurse': { if: 'the placeholder that decides whether the request runs again' },
  transform: { config: 'a `config` with the JSONata `expression` whose result replaces the batch' },
  'transform.config': { expression: 'the JSONata expression whose result replaces the upstream batch' },
  add_context: { config: 'a `config` with the JSONata `expression` whose object is added to the context' },
  'add_context.config': { expression: 'the JSONata expression that returns the object added to the context' },
  get_state: { config: 'a `config` with the state `key` to read' },
  'get_state.config': { key: 'the name of the state value to read, such as `last_synced_at`' },
  update_state: { config: 'a `config` with the state `key` and the `value` or `value_expression` to store' },
  'update_state.config': {
    key: 'the name of the state value to write, such as `last_synced_at`',
    value: 'what to store: `value` (a placeholder) or `value_expression` (JSONata)',
    value_expression: 'what to store: `value` (a placeholder) or `value_expression` (JSONata)',
  },
  delete_state: { config: 'a `config` with the state `key` to delete' },
  'delete_state.config': { key: 'the name of the state value to delete' },
  event: { config: 'a `config` with the event `name`: `start`, `complete` or `error`' },
  'event.config': { name: 'the run event it fires on: `start`, `complete` or `error`' },
  destination: {
    destination_type: '`webhook`, `datastore` or `superquery`',
    config: 'a `config` with the `id` of the webhook, datastore or SuperQuery database',
    resources_to_persist: 'the names of the nodes whose output it sends; without it nothing is sent',
    method: 'the datastore operation, such as `uploadObject` or `insertMany`',
  },
  'destination.config': { id: 'the id of the webhook, datastore or SuperQuery database, usually an argument such as `{{args.webhook_id}}`' },
};

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** "a `transform` node", or for a destination with a known destination_type "a `webhook` destination". */
function nodeLabel(node: ObjectASTNode, type: string): string {
  if (type === 'destination') {
    const kind = asString(propertyValue(node, 'destination_type'))?.value;
    if (kind === 'webhook' || kind === 'datastore' || kind === 'superquery') return `a \`${kind}\` destination`;
  }
  return `${article(type)} \`${type}\` node`;
}

function missingInNode(parsed: ParsedDocument, json: JSONDocument, diagnostic: Diagnostic, key: string): string | undefined {
  // The service puts the problem on the key of the object that lacks the property, or on the
  // object's opening brace when it is an array item (a node itself).
  const at = json.getNodeFromOffset(parsed.document.offsetAt(diagnostic.range.start));
  const parent = at?.parent;
  const object = at?.type === 'object' ? at : at?.type === 'string' && parent?.type === 'property' && parent.keyNode === at ? parent.valueNode : undefined;
  if (object?.type !== 'object') return undefined;
  const found = enclosingNode(json, object);
  if (!found) return undefined;
  const { node, path } = found;
  if (path.length === 0 && key === 'name') {
    return 'A runtime 4 node needs a `name`, unique in the template: other nodes name it in `depends_on` and `resources_to_persist`, and its output is read as `resources.<name>`.';
  }
  if (path.length === 0 && key === 'type') return `A runtime 4 node needs a \`type\`, which decides what it does and which keys it takes: ${NODE_TYPES}.`;
  const type = asString(propertyValue(node, 'type'))?.value;
  if (!type) return undefined;
  const where = path.join('.');
  const hint = REQUIRED_HINTS[where ? `${type}.${where}` : type]?.[key];
  const label = nodeLabel(node, type);
  const subject = where ? `The \`${where}\` of ${label}` : label.charAt(0).toUpperCase() + label.slice(1);
  if (type === 'update_state' && where === 'config' && (key === 'value' || key === 'value_expression')) {
    return `${subject} needs \`value\` (a placeholder) or \`value_expression\` (JSONata): without either, the node has nothing to store.`;
  }
  const consequence = hint?.includes('without') ? '' : ' Truto cannot run the node without it.';
  return `${subject} needs \`${key}\`${hint ? `: ${hint}` : ''}.${consequence}`;
}

const A_TYPE: Record<string, string> = { string: 'a string', object: 'an object', array: 'an array', boolean: 'a boolean', number: 'a number', integer: 'a whole number', null: 'null' };

/**
 * A value of the wrong type (`expected` set) or an empty string inside a runtime 4 node: the
 * service's message says neither which key nor which node type.
 */
function valueInNode(parsed: ParsedDocument, json: JSONDocument, diagnostic: Diagnostic, expected: string | undefined): string | undefined {
  const value = json.getNodeFromOffset(parsed.document.offsetAt(diagnostic.range.start));
  if (!value || (value.parent?.type === 'property' && value.parent.keyNode === value)) return undefined;
  const found = enclosingNode(json, value);
  if (!found || found.path.length === 0) return undefined;
  const type = asString(propertyValue(found.node, 'type'))?.value;
  const where = `\`${found.path.join('.').replace(/\.\[/g, '[')}\` of ${type ? nodeLabel(found.node, type) : 'a runtime 4 node'}`;
  if (expected === undefined) return `${where} is empty: give it a value, or remove the key if it is optional.`;
  return `${where} must be ${A_TYPE[expected] ?? expected}, not ${A_TYPE[value.type] ?? value.type}.`;
}
