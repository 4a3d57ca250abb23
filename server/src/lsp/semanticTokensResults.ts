import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit } from 'vscode-languageserver';
import { tokenList } from '../service/semanticTokens';
import { SentResults } from './sentResults';

/** Integers per token in the LSP encoding. */
const TOKEN_INTS = 5;

/**
 * The semantic tokens last sent for each open document, so that the next request after an edit
 * (`textDocument/semanticTokens/full/delta`) is answered with what changed instead of every token.
 *
 * Why: a 10,000-step template has 130,000–190,000 tokens, 1.3–1.9 MB of JSON per full answer, and
 * an editor asks again after every edit; the tokens of a typical edit differ in a few integers.
 * (vscode-languageserver's SemanticTokensBuilder also diffs, but only data it built itself from
 * absolute positions; the language service already returns encoded data.)
 */
export class SemanticTokensResults {
  /** The language service's own encoded tokens (semanticTokenData). */
  private readonly sent = new SentResults<Uint32Array>();

  /** A full answer, remembered for the next delta request. */
  full(uri: string, data: Uint32Array): SemanticTokens {
    return { resultId: this.sent.remember(uri, data), data: tokenList(data) };
  }

  /**
   * The edits from the answer `previousResultId` to `data`, or a full answer when that answer is
   * not the one remembered (sent before a restart, or superseded): the client then replaces all.
   */
  delta(uri: string, previousResultId: string, data: Uint32Array): SemanticTokensDelta | SemanticTokens {
    const held = this.sent.heldBy(uri, previousResultId);
    if (held === undefined) return this.full(uri, data);
    return { resultId: this.sent.remember(uri, data), edits: semanticTokensEdits(held, data) };
  }

  forget(uri: string): void {
    this.sent.forget(uri);
  }
}

/**
 * One edit that turns `before` into `after`: the tokens both share at the start and at the end
 * are kept (whole tokens, so a client never sees half a token replaced), the rest replaced. No
 * edit when they are equal. Data is relative to the token before, so the tokens after an edit
 * usually match again from the second one on.
 */
export function semanticTokensEdits(before: ArrayLike<number>, after: ArrayLike<number>): SemanticTokensEdit[] {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before[prefix] === after[prefix]) prefix++;
  if (prefix === before.length && prefix === after.length) return [];
  prefix -= prefix % TOKEN_INTS;
  let suffix = 0;
  while (suffix < shorter - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  suffix -= suffix % TOKEN_INTS;
  const edit: SemanticTokensEdit = { start: prefix, deleteCount: before.length - prefix - suffix };
  const inserted = Array.prototype.slice.call(after, prefix, after.length - suffix) as number[];
  return [inserted.length > 0 ? { ...edit, data: inserted } : edit];
}
