import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import jsonata from 'jsonata';
import { createLanguageService } from '../../server/src/service/languageService';
import { templateDocument } from '../support/cursor';

/**
 * Differential test: for generated JSONata expressions (valid and broken, with JSON escapes and
 * Unicode), our `jsonata-syntax` verdict equals the `jsonata` parser's on the decoded text, and the
 * diagnostic's range contains the character the parser names, mapped into the raw JSON text by an
 * encoder written here (independent of rawString.ts), never starting or ending inside an escape.
 */

const service = createLanguageService();

/** Fragments that combine into valid and broken expressions. */
const FRAGMENTS = [
  'args.webhook_id', 'resources.`knowledge-base`.pages', 'a', 'b.c', 'x', '$', '$$', '$v', '$count(', '$trim(', '$firstNonEmpty(', ')', '(', '[', ']', '{', '}',
  ',', ';', ':', ':=', '.', '..', '+', '-', '*', '/', '%', '&', '=', '!=', '<', '>=', '~>', '?', '?:', '??', 'and', 'or', 'in', 'not', 'true', 'null',
  '"str"', '"é\\"q"', "'s'", '"\\u00e9"', '"\\n"', '"\\x"', '"open', '`tick`', '`open', '1', '2.5', '1e3', '0x1', '1e999', '/ab+/i', '//', '/* c */', '/* open',
  'function($a){$a}', 'λ($x){$x}', '@$i', '#$j', '^(x)', '|a|{"b":1}|', '%', ' ', '  ', '\n', '\t', 'é', 'ü', '中文', '😀', '"😀"', '"{{args.x}}"', '\u0001',
];

const expression = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

/** One way (of several) to write a UTF-16 unit inside a JSON string, chosen by `choice`. */
function encodeUnit(unit: string, choice: number): string {
  const code = unit.charCodeAt(0);
  const hex = `\\u${code.toString(16).padStart(4, '0')}`;
  if (unit === '"') return choice % 2 === 0 ? '\\"' : hex;
  if (unit === '\\') return choice % 2 === 0 ? '\\\\' : hex;
  if (unit === '/') return choice % 3 === 0 ? '\\/' : '/';
  if (unit === '\n') return choice % 2 === 0 ? '\\n' : hex;
  if (unit === '\t') return choice % 2 === 0 ? '\\t' : hex;
  if (code < 0x20) return hex;
  return choice % 5 === 0 ? hex : unit;
}

/** The raw JSON string (with quotes) and, for each decoded index 0…length, its offset in that raw text. */
function encode(text: string, choices: readonly number[]): { raw: string; offsets: number[] } {
  let raw = '"';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    offsets.push(raw.length);
    raw += encodeUnit(text[i], choices[i % choices.length]);
  }
  offsets.push(raw.length);
  return { raw: `${raw}"`, offsets };
}

function parserVerdict(text: string): { ok: true } | { ok: false; position: number } {
  try {
    jsonata(text);
    return { ok: true };
  } catch (error) {
    const position = (error as { position?: unknown }).position;
    return { ok: false, position: typeof position === 'number' ? Math.min(Math.max(position, 0), text.length) : 0 };
  }
}

describe('jsonata-syntax agrees with the jsonata parser (differential)', () => {
  it('on 5,000 generated expressions, in verdict and position, through escapes and Unicode', async () => {
    const samples = fc.sample(fc.tuple(expression, fc.array(fc.nat(9), { minLength: 1, maxLength: 16 })), { numRuns: 5000, seed: 20261129 });
    let broken = 0;
    let disagreements = 0;
    const examples: string[] = [];
    for (const [text, choices] of samples) {
      const { raw, offsets } = encode(text, choices);
      const prefix = '{"default_runtime_version": 4, "resources": [{"name": "n", "type": "transform", "config": {"expression": "x"}, "run_if": ';
      const document = templateDocument(`${prefix}${raw}}]}`);
      const base = prefix.length;
      const all = await service.validate(document);
      const found = all.filter((d) => d.code === 'jsonata-syntax');
      // A parse error inside a `{{…}}` whose braces JSONata reads as syntax is reported once, as
      // placeholder-in-jsonata (which says the expression does not parse), not as jsonata-syntax too.
      const byPlaceholder = all.filter((d) => d.code === 'placeholder-in-jsonata' && /does not parse/.test(typeof d.message === 'string' ? d.message : d.message.value));
      const verdict = parserVerdict(text);
      let agrees: boolean;
      if (verdict.ok) agrees = found.length === 0;
      else {
        broken++;
        const [diagnostic] = found;
        const start = diagnostic ? document.offsetAt(diagnostic.range.start) - base : -1;
        const end = diagnostic ? document.offsetAt(diagnostic.range.end) - base : -1;
        const named = offsets[verdict.position];
        const boundaries = new Set(offsets);
        agrees = found.length === 1 && start <= named && named <= end && boundaries.has(start) && boundaries.has(end);
        if (found.length === 0 && byPlaceholder.length > 0) {
          const covers = byPlaceholder.some((d) => document.offsetAt(d.range.start) - base <= named && named <= document.offsetAt(d.range.end) - base);
          agrees = covers;
        }
      }
      if (!agrees) {
        disagreements++;
        if (examples.length < 5) examples.push(`${JSON.stringify(text)} as ${raw}: parser ${JSON.stringify(verdict)}, ours ${JSON.stringify(found.map((d) => d.range))}`);
      }
    }
    assert.equal(disagreements, 0, `disagreements, e.g.:\n${examples.join('\n')}`);
    // The generator must exercise both outcomes.
    assert.ok(broken > 1000 && broken < 4900, `broken: ${broken}`);
  });
});
