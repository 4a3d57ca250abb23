/**
 * What the server last sent for each open document under a result id, for the requests that let a
 * client answer with the id it holds (`textDocument/diagnostic`'s `previousResultId`,
 * `semanticTokens/full/delta`'s): the answer is then worked out against what the client has.
 * The value is kept as given, not copied (the language service's own arrays, which a new version
 * replaces rather than changes).
 */
export class SentResults<T> {
  private readonly sent = new Map<string, { readonly resultId: string; readonly value: T }>();
  private nextId = 1;
  /**
   * Ids of this server process only: a client that kept an id from a server that has since
   * restarted (and counts from 1 again) must get a full answer, never one worked out against
   * something else by coincidence.
   */
  private readonly session = `${process.pid.toString(36)}.${Date.now().toString(36)}`;

  /** What was last sent for `uri`, if the client says it holds it (`resultId` is its id). */
  heldBy(uri: string, resultId: string | undefined): T | undefined {
    const last = this.sent.get(uri);
    return last !== undefined && resultId === last.resultId ? last.value : undefined;
  }

  /** Remembers `value` as sent for `uri`: under a new id, or under `resultId` when the client's copy stays right. */
  remember(uri: string, value: T, resultId = `${this.session}.${this.nextId++}`): string {
    this.sent.set(uri, { resultId, value });
    return resultId;
  }

  forget(uri: string): void {
    this.sent.delete(uri);
  }
}
