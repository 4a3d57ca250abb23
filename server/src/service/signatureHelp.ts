import type { Position, SignatureHelp } from 'vscode-languageserver-types';
import { FUNCTION_CATALOGUE, parameterLabel, signatureLabel, type FunctionDoc } from './jsonata/functionCatalogue';
import { jsonataAt } from './jsonata/jsonataCursor';
import type { JsonataToken } from './jsonata/scanner';
import type { ParsedDocument } from './parsedDocument';

/** The characters that open (or move on in) a call's parameters. */
export const SIGNATURE_HELP_TRIGGERS = ['(', ','];

/**
 * Signature help inside a JSONata function call: the innermost `$name(` before the cursor that
 * is still open, its signature and description, and which parameter the cursor is on (commas
 * inside nested brackets, strings and comments do not count). Works while the expression is half
 * typed (it reads tokens, not the parse). Null outside a call to a known function.
 */
export function signatureHelp(parsed: ParsedDocument, position: Position): SignatureHelp | null {
  if (!parsed.json) return null;
  const cursor = jsonataAt(parsed, parsed.document.offsetAt(position));
  if (!cursor) return null;
  const { index } = cursor;
  const tokens = cursor.string.analysis.tokens;
  // Open brackets before the cursor; a `(` right after `$name` is a call to `name`.
  const stack: { bracket: string; callee?: string; parameter: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.start >= index) break;
    if (token.kind === 'string' || token.kind === 'comment' || token.kind === 'regex') {
      if (token.unterminated || token.end > index) return null; // the cursor is inside it
      continue;
    }
    if (token.end > index) break;
    if (token.kind !== 'operator') continue;
    switch (token.text) {
      case '(': {
        const previous = tokens[i - 1];
        const callee = previous?.kind === 'variable' && previous.end === token.start ? previous.text.slice(1) : undefined;
        stack.push({ bracket: '(', parameter: 0, ...(callee !== undefined ? { callee } : {}) });
        break;
      }
      case '[':
      case '{':
        stack.push({ bracket: token.text, parameter: 0 });
        break;
      case ')':
      case ']':
      case '}':
        stack.pop();
        break;
      case ',':
        if (stack.length > 0) stack[stack.length - 1].parameter++;
        break;
      default:
        break;
    }
  }
  for (let s = stack.length - 1; s >= 0; s--) {
    const frame = stack[s];
    if (frame.bracket !== '(' || frame.callee === undefined) continue;
    // A function the expression defines (`$f := function($a, $b) {…}`) shadows the catalogue.
    const doc = definedFunction(tokens, frame.callee) ?? FUNCTION_CATALOGUE.get(frame.callee);
    if (!doc) return null;
    const label = signatureLabel(doc);
    let at = label.indexOf('(') + 1;
    const parameters = doc.parameters.map((parameter) => {
      const text = parameterLabel(parameter);
      const start = label.indexOf(text, at);
      at = start + text.length;
      return { label: [start, start + text.length] as [number, number], documentation: parameter.type };
    });
    const last = doc.parameters.length - 1;
    const active = last >= 0 && doc.parameters[last].rest ? Math.min(frame.parameter, last) : frame.parameter;
    return {
      signatures: [{ label, documentation: { kind: 'markdown', value: doc.description }, parameters }],
      activeSignature: 0,
      activeParameter: active,
    };
  }
  return null;
}

/** `$name := function($a, $b)` in the tokens, as a signature (the last definition wins). */
function definedFunction(tokens: readonly JsonataToken[], name: string): FunctionDoc | undefined {
  let found: FunctionDoc | undefined;
  for (let i = 0; i + 3 < tokens.length; i++) {
    if (tokens[i].kind !== 'variable' || tokens[i].text !== `$${name}` || tokens[i + 1].text !== ':=') continue;
    const keyword = tokens[i + 2];
    if (keyword.kind !== 'keyword' || (keyword.text !== 'function' && keyword.text !== 'λ') || tokens[i + 3].text !== '(') continue;
    const parameters: { name: string; type: string }[] = [];
    for (let j = i + 4; j < tokens.length && tokens[j].text !== ')'; j++) if (tokens[j].kind === 'variable') parameters.push({ name: tokens[j].text, type: 'any' });
    found = { name, parameters, returns: 'any', description: `Defined in this expression.`, source: 'jsonata' };
  }
  return found;
}
