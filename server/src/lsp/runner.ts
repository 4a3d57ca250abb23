import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
  log(message: string): void;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** `never` data: the error carries none, and so fits every handler's error type. */
function cancelled(): ResponseError<never> {
  return new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/**
 * Runs a request handler so that nothing it does can take the server down: an exception is
 * logged and answered with `fallback`; a request cancelled before or while it ran is answered
 * with `RequestCancelled`, as the protocol asks.
 */
export async function runSafe<T>(
  logger: Logger,
  what: string,
  token: CancellationToken,
  fallback: T,
  handler: () => T | Promise<T>,
): Promise<T | ResponseError<never>> {
  if (token.isCancellationRequested) return cancelled();
  try {
    const result = await handler();
    if (token.isCancellationRequested) return cancelled();
    return result;
  } catch (error) {
    // A ResponseError is the handler's answer (e.g. "cannot rename here"), not a failure.
    if (error instanceof ResponseError) return error as ResponseError<never>;
    logger.error(`${what} failed: ${describe(error)}`);
    return fallback;
  }
}

/** The same guard for notifications and timers, where there is nobody to answer. */
export async function runSafeAsync(logger: Logger, what: string, task: () => Promise<void> | void): Promise<void> {
  try {
    await task();
  } catch (error) {
    logger.error(`${what} failed: ${describe(error)}`);
  }
}
