import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full collection found alive, in percent: the
 * next full collection starts when the heap is twice its live size.
 *
 * Why: left to itself, V8 picks the factor from how fast the program allocates, up to 4×, and a
 * language server allocates fast in bursts (a first open of a 10,000-step template parses and
 * checks megabytes of JSON in a few hundred ms) and then sits idle holding the result. So the
 * heap grew to several times what stayed alive, and the process's memory with it. Measured over
 * LSP with the bench's twelve templates open and edited (npm run bench, "Over LSP" tables): peak
 * RSS 652–728 MiB without this, 524–581 MiB with it (VS Code's JSON server: 458–619 MiB), with
 * the same first-open and edit times (the whole session about 4 % longer: more full collections).
 * A lower figure costs time: at 80 % the peak was 487–527 MiB, but full collections then landed
 * inside first opens (runtime-4 templates of 10,000 nodes took 25–40 % longer).
 *
 * Only the language server sets it (a long-lived process, and the flag is process-wide); the CLI
 * runs once and exits, and the extension host is VS Code's.
 */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Sets the heap growing factor. Called first thing in the server's process, before it holds any
 * document; V8 reads the flag at every full collection, so setting it at run time takes effect.
 * A V8 that does not know the flag says so on stderr and runs on with its own policy.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
