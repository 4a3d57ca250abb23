/**
 * How long a long-lived service (the language server) must go without a validation before it does
 * the work it keeps for idle time: analysing the kept templates (keepAliveTemplates.ts, where the
 * figure was measured) and warming the JSONata worker (jsonata/analysisWorker.ts). Long enough that
 * the edits which follow an open never wait for that work.
 */
export const VALIDATIONS_PAUSE_MS = 500;

/**
 * Runs a task once validations pause: every `validated()` (re)starts a VALIDATIONS_PAUSE_MS timer,
 * and the task runs when one expires. `unref`: the timer does not keep the process alive.
 */
export class AfterValidationsPause {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly task: () => void,
    private readonly unref = false,
  ) {}

  /** A validation ran: the task waits for another VALIDATIONS_PAUSE_MS without one. */
  validated(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.task();
    }, VALIDATIONS_PAUSE_MS);
    if (this.unref) this.timer.unref();
  }

  /** Whether the task is waiting for the pause. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }
}
