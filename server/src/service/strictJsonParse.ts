import type { ASTNode, ObjectASTNode } from 'vscode-json-languageservice';
import {
  ArrayASTNodeImpl,
  BooleanASTNodeImpl,
  NullASTNodeImpl,
  NumberASTNodeImpl,
  ObjectASTNodeImpl,
  PropertyASTNodeImpl,
  StringASTNodeImpl,
} from 'vscode-json-languageservice/lib/esm/parser/jsonParser';
import { MAX_NESTING_DEPTH } from './nestingGuard';

/**
 * A fast path for the JSON language service's parser, for text that is strict JSON (RFC 8259:
 * no comments, no trailing commas, whitespace only space, tab, CR and LF) with no duplicate keys
 * and no nesting deeper than MAX_NESTING_DEPTH: what a template is nearly all the time.
 *
 * It builds the very tree the service's parser builds for such text: nodes of the service's own
 * classes, created and filled in the same order (so they share the service's hidden classes),
 * with the same offsets, lengths, parents, values and colon offsets; for such text that parser
 * reports no problem and no comment, so the document it makes has none either.
 * test/unit/strictJsonParse.test.ts compares the two trees on generated and mutated documents.
 *
 * Anything else — a syntax error, a comment, a duplicate key, deep nesting, other whitespace —
 * returns undefined at once, and the caller uses the service's parser, which recovers from errors
 * and reports them. Why: the service's parser reads through a general scanner (a token value
 * string for every token, comments and error recovery on every step) and a key table per object;
 * this one reads characters directly, takes one slice per string, and replaces the separate
 * pass that guarded against deep nesting. Measured on a 10,000-node runtime 4 template: 44 ms
 * against the service parser's 74 ms, and the same tree size.
 */
export function parseStrictJson(text: string): ASTNode | undefined {
  const parser = PARSER;
  parser.start(text);
  try {
    return parser.document();
  } catch (error) {
    if (error === NOT_STRICT) return undefined;
    throw error;
  } finally {
    parser.start(''); // keep no document text alive
  }
}

/** Thrown to leave the fast path: one preallocated value, no stack trace to capture. */
const NOT_STRICT: unique symbol = Symbol('not strict JSON');

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

/** Objects with more keys than this look duplicates up in a set; smaller ones compare directly. */
const LINEAR_KEY_CHECK = 12;

/** The service's parser replaces this before the node is seen; only its hidden class matters. */
const KEY_PLACEHOLDER = new StringASTNodeImpl(undefined, 0, 0);

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

class StrictParser {
  private text = '';
  private pos = 0;
  private depth = 0;
  /** Key texts seen in this parse (see intern). */
  private keyTexts: Record<string, string> = Object.create(null) as Record<string, string>;

  /** Sets up a parse of `text`. */
  start(text: string): void {
    this.text = text;
    this.pos = 0;
    this.depth = 0;
    this.keyTexts = Object.create(null) as Record<string, string>;
  }

  document(): ASTNode {
    const first = this.skipWhitespace();
    if (first !== first) throw NOT_STRICT; // NaN: nothing but whitespace
    const root = this.value(undefined, first);
    this.skipWhitespace();
    if (this.pos !== this.text.length) throw NOT_STRICT;
    return root;
  }

  /**
   * One string per distinct key text. A template repeats a few dozen keys thousands of times; the
   * service's parser stores every key in a table per object, which makes V8 intern them, so that
   * after a collection all equal keys are one string. Stored as property names here, for the same
   * effect: without it, a 10,000-step template kept about 70,000 more strings alive per version.
   */
  private intern(text: string): string {
    const known = this.keyTexts[text];
    if (known !== undefined) return known;
    this.keyTexts[text] = text;
    return text;
  }

  /** Moves past whitespace; the character there (NaN at the end of the text). */
  private skipWhitespace(): number {
    const text = this.text;
    let i = this.pos;
    let c = text.charCodeAt(i);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++i);
    this.pos = i;
    return c;
  }

  /**
   * After an object's or array's member: true when a `,` follows (another member comes), false at
   * the closing `close` (left at `pos`); anything else is not strict.
   */
  private another(close: number): boolean {
    const c = this.skipWhitespace();
    if (c === COMMA) {
      this.pos++;
      return true;
    }
    if (c === close) return false;
    throw NOT_STRICT;
  }

  /** The value starting at `pos`, whose first character is `c`. */
  private value(parent: ASTNode | undefined, c: number): ASTNode {
    switch (c) {
      case OPEN_BRACE:
        return this.object(parent);
      case OPEN_BRACKET:
        return this.array(parent);
      case QUOTE:
        return this.string(parent);
      case 116: // t
        return this.keyword(parent, 'true');
      case 102: // f
        return this.keyword(parent, 'false');
      case 110: // n
        return this.keyword(parent, 'null');
      default:
        if (c === MINUS || isDigit(c)) return this.number(parent);
        throw NOT_STRICT;
    }
  }

  /** Enters an object or array at its opening character (one level deeper); its offset. */
  private enter(): number {
    if (++this.depth > MAX_NESTING_DEPTH) throw NOT_STRICT;
    return this.pos++;
  }

  /** Leaves an object or array at its closing character. */
  private leave(node: ObjectASTNodeImpl | ArrayASTNodeImpl): void {
    this.pos++;
    node.length = this.pos - node.offset;
    this.depth--;
  }

  private object(parent: ASTNode | undefined): ObjectASTNode {
    const node = new ObjectASTNodeImpl(parent, this.enter());
    const properties = node.properties;
    let keys: Set<string> | undefined;
    if (this.skipWhitespace() !== CLOSE_BRACE) {
      do {
        // After a `,`, a `}` (a trailing comma) is not a key, so not strict.
        if (this.skipWhitespace() !== QUOTE) throw NOT_STRICT;
        const property = new PropertyASTNodeImpl(node, this.pos, KEY_PLACEHOLDER);
        const key = this.string(property);
        key.value = this.intern(key.value);
        property.keyNode = key;
        // The service's parser warns about a repeated key (except "//", the comment convention).
        const name = key.value;
        if (name !== '//') {
          const count = properties.length;
          if (count < LINEAR_KEY_CHECK) {
            for (let k = 0; k < count; k++) if (properties[k].keyNode.value === name) throw NOT_STRICT;
          } else {
            keys ??= new Set(properties.map((p) => p.keyNode.value));
            if (keys.has(name)) throw NOT_STRICT;
            keys.add(name);
          }
        }
        if (this.skipWhitespace() !== COLON) throw NOT_STRICT;
        property.colonOffset = this.pos;
        this.pos++;
        const value = this.value(property, this.skipWhitespace());
        property.valueNode = value;
        property.length = value.offset + value.length - property.offset;
        properties.push(property);
      } while (this.another(CLOSE_BRACE));
    }
    this.leave(node);
    return node;
  }

  private array(parent: ASTNode | undefined): ASTNode {
    const node = new ArrayASTNodeImpl(parent, this.enter());
    const items = node.items;
    if (this.skipWhitespace() !== CLOSE_BRACKET) {
      do {
        const c = this.skipWhitespace();
        if (c === CLOSE_BRACKET) throw NOT_STRICT; // after a `,`: a trailing comma
        items.push(this.value(node, c));
      } while (this.another(CLOSE_BRACKET));
    }
    this.leave(node);
    return node;
  }

  /**
   * A string token. Without a backslash its value is a slice of the text (as the service's
   * scanner takes it); with one, JSON.parse decodes it, which accepts exactly JSON's escapes.
   */
  private string(parent: ASTNode | undefined): StringASTNodeImpl {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        // Whatever follows is checked by JSON.parse below.
        escaped = true;
        i += 2;
        continue;
      }
      // A control character (the scanner's error), or the end of the text (NaN).
      if (!(c >= SPACE)) throw NOT_STRICT;
      i++;
    }
    const node = new StringASTNodeImpl(parent, start);
    node.value = escaped ? decodeEscaped(text.slice(start, i + 1)) : text.slice(start + 1, i);
    this.pos = i + 1;
    node.length = this.pos - start;
    return node;
  }

  private number(parent: ASTNode | undefined): ASTNode {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === MINUS) i++;
    const first = text.charCodeAt(i);
    if (first === DIGIT_0) i++;
    else if (isDigit(first)) while (isDigit(text.charCodeAt(++i)));
    else throw NOT_STRICT;
    if (text.charCodeAt(i) === DOT) {
      if (!isDigit(text.charCodeAt(++i))) throw NOT_STRICT;
      while (isDigit(text.charCodeAt(++i)));
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      const sign = text.charCodeAt(++i);
      if (sign === 43 || sign === MINUS) i++;
      if (!isDigit(text.charCodeAt(i))) throw NOT_STRICT;
      while (isDigit(text.charCodeAt(++i)));
    }
    const token = text.slice(start, i);
    const node = new NumberASTNodeImpl(parent, start);
    // As the service's parser: JSON.parse of the token, "integer" when it has no decimal point.
    node.value = JSON.parse(token) as number;
    node.isInteger = token.indexOf('.') === -1;
    node.length = i - start;
    this.pos = i;
    return node;
  }

  private keyword(parent: ASTNode | undefined, word: 'true' | 'false' | 'null'): ASTNode {
    const start = this.pos;
    // What follows is checked by the caller: only whitespace, `,`, `}`, `]` or the end may.
    if (!this.text.startsWith(word, start)) throw NOT_STRICT;
    const node = word === 'null' ? new NullASTNodeImpl(parent, start) : new BooleanASTNodeImpl(parent, word === 'true', start);
    node.length = word.length;
    this.pos = start + word.length;
    return node;
  }
}

/**
 * One parser for every parse (a parse never calls out, so it cannot be re-entered). A parser per
 * parse died with its parse, and at each full collection V8 dropped the optimised code of every
 * method with it ("weak objects" in --trace-deopt): in a server editing a 10,000-node template,
 * every version after a collection was parsed partly unoptimised and compiled again.
 */
const PARSER = new StrictParser();

function decodeEscaped(token: string): string {
  try {
    return JSON.parse(token) as string;
  } catch {
    throw NOT_STRICT; // an escape JSON does not have: the service's parser reports it
  }
}
