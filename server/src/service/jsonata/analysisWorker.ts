import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { detachedString } from '../text/detachedString';
import { AfterValidationsPause, VALIDATIONS_PAUSE_MS } from '../validationsPause';
import { adoptAnalyses, analyseJsonataTexts, ANALYSES_KEPT, isJsonataAnalysed, recordsOf, type AnalysisRecord } from './analysis';

/**
 * Analyses many JSONata texts at once in a worker thread, ahead of the checks that read them.
 *
 * Why a thread: a first open of a template is waited for in elapsed time, and on a machine with a
 * second core the parse costs none of it while the main thread runs the JSON schema validation
 * (the longest part of a first open). Measured on a never-seen 10,000-node runtime-4 template
 * (6,000 distinct expressions): first diagnostics after 554–606 ms of elapsed time with the worker,
 * 617–697 ms without; the same CPU time, and the same peak memory within the bench's spread.
 * (It was first built to keep the parser's garbage out of the server's heap; parse.ts now stops
 * the parser making that garbage.)
 *
 * Only batches are sent (a first open, a reopened template with many new expressions): fewer
 * texts are parsed on the main thread, and so are up to MAIN_THREAD_MAX of them while no worker
 * runs, because starting one takes longer than parsing them. Whatever goes wrong with the worker
 * (it cannot start, it dies, it takes too long), the batch gives up and the main thread parses the
 * texts itself: never slower than one round trip, never wrong.
 */

/** esbuild sets this: the worker's bundle, absolute or relative to the bundle that runs this code. */
declare const SYNCTEMPLATE_ANALYSIS_WORKER: string | undefined;

/** A batch smaller than this is never sent, but parsed on this thread (a round trip costs more). */
export const MIN_BATCH = 64;
/**
 * While no worker runs, a batch of up to this many texts is parsed on this thread rather than
 * starting one: a worker's runtime takes 40–60 ms of CPU to boot on this machine, and its parser
 * then runs cold, so its first reply to 1,200 texts came 40–100 ms after the main thread had
 * finished the schema validation, and this thread parses them in 50–70 ms. Measured on a
 * 2,000-node runtime-4 template (1,200 expressions), elapsed ms to the first diagnostics: in a
 * fresh process 224 instead of 256 (v4-chain) and 202 instead of 223 (v4-fan-out); over LSP in a
 * server started for it 249 instead of 275, and as the first runtime-4 template of a server that
 * had opened only legacy ones 182 instead of 213 (medians). A running, warm worker is quicker
 * still, so one is started once validations pause (WARM_AFTER). A larger batch starts the worker
 * at once, which parses it while the schema is validated here; a running worker takes every batch
 * of at least MIN_BATCH.
 */
export const MAIN_THREAD_MAX = 1_500;
/**
 * A batch parsed on this thread of at least this many texts (20–35 ms of its time) asks for the
 * worker to be started once validations pause, so that the next such batch, another template with
 * many new expressions, finds it running and warm, and costs this thread nothing.
 */
export const WARM_AFTER = 500;
/** Texts of the batch the warming worker parses (copies: they outlive the document). */
const WARM_SAMPLE = 256;
/** Texts per message: each reply is adopted as it arrives, and the worker's live set stays small. */
const CHUNK = 500;
/** The worker stops after this long without work (it costs memory while it lives). */
const IDLE_MS = 60_000;
/** A batch that takes longer than this is given up and parsed on the main thread. */
const TIMEOUT_MS = 30_000;
/**
 * The worker's heap, bounded so its memory stays a few tens of MiB. Nearly all a parse allocates
 * (about 20 KB) dies young, so the young generation is sized to let it die there rather than be
 * scavenged over and over: measured on 6,000 expressions, worker CPU time 464–540 ms with 4 MiB,
 * 303–326 ms with 16 MiB, 207–221 ms with 32 MiB (peak RSS of the bench's memory child 530–534
 * MiB with 16, 541–566 MiB with 32: 16 keeps the margin). A batch that runs out of the old
 * generation ends the worker, and the main thread parses that batch.
 */
const LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128, stackSizeMb: 1 };
/** After this many failures to start or crashes, batches stay on the main thread for good. */
const MAX_FAILURES = 2;

export interface AnalysisRequest {
  readonly id: number;
  readonly texts: readonly string[];
}

export interface AnalysisReply {
  readonly id: number;
  /**
   * The records as JSON text (recordsText, analysis.ts): the record of texts[i] at i (null: its
   * analysis failed). Text rather than the objects themselves because a message's objects are
   * copied by structured clone, whose reading on this thread cost more than the JSON parse of the
   * same records: 6,000 records (1.4 MB), 11–28 ms to read a clone against 8–9 ms to parse the
   * text, and 12 ms to write a clone in the worker against 7–10 ms to write the text.
   */
  readonly records: string;
}

function workerFile(): string | undefined {
  const file = typeof SYNCTEMPLATE_ANALYSIS_WORKER === 'string' ? SYNCTEMPLATE_ANALYSIS_WORKER : undefined;
  if (!file) return undefined;
  const path = isAbsolute(file) ? file : join(__dirname, file);
  return existsSync(path) ? path : undefined;
}

/** One worker, started on the first batch and stopped when idle; requests are matched to replies by id. */
export class AnalysisThread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, (records: readonly (AnalysisRecord | null)[]) => void>();
  private idle: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Texts to warm a worker with once validations pause (wantWarm), the wait for that pause, and the warm-up under way. */
  private warmSample: readonly string[] | undefined;
  // Unreferenced: a CLI run does not wait for it.
  private readonly warmPause = new AfterValidationsPause(() => this.warm(), true);
  private warming: Promise<unknown> | undefined;

  /** `file`: where the worker's script is (tests give others); `timeoutMs`: when a batch is given up. */
  constructor(
    private readonly file: () => string | undefined = workerFile,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {}

  /** Whether a worker is running (for tests). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** The analyses of `texts`, by index, or an empty list if the worker is unavailable or fails. */
  analyse(texts: readonly string[]): Promise<readonly (AnalysisRecord | null)[]> {
    const worker = this.start();
    if (!worker) return Promise.resolve([]);
    if (this.idle) clearTimeout(this.idle);
    // Referenced while a reply is awaited (a CLI run must not exit before it), not while idle.
    worker.ref();
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timeout = setTimeout(() => this.fail(worker), this.timeoutMs);
      this.pending.set(id, (records) => {
        clearTimeout(timeout);
        resolve(records);
      });
      const request: AnalysisRequest = { id, texts };
      worker.postMessage(request);
    });
  }

  /**
   * Asks for a worker to be started when validations next pause (warmWhenIdle), and warmed by
   * parsing `sample`. Nothing happens if one runs by then.
   */
  wantWarm(sample: readonly string[]): void {
    this.warmSample = sample.slice(0, WARM_SAMPLE).map(detachedString);
  }

  /**
   * Called after every validation. If a worker is wanted (wantWarm), starts it once validations
   * pause (validationsPause.ts), and has it parse the sample: its runtime's boot and its parser's
   * first, cold parses then happen while the user reads, on the other core. Each validation puts it
   * off again, so that it never competes with the edits that follow an open.
   */
  warmWhenIdle(): void {
    if (this.warmSample) this.warmPause.validated();
  }

  private warm(): void {
    const sample = this.warmSample;
    this.warmSample = undefined;
    // Only what is cached counts: this reply is dropped (its texts are cached already).
    if (sample && !this.worker) this.warming = this.analyse(sample).finally(() => (this.warming = undefined));
  }

  /**
   * Resolves once no warm-up waits for a pause or runs: for the bench, which never pauses between
   * its validations but measures a server that has (as it waits for keepAliveTemplates.ts).
   */
  async warmUpSettled(): Promise<void> {
    while (this.warmPause.waiting || this.warming) await (this.warming ?? new Promise((resolve) => setTimeout(resolve, VALIDATIONS_PAUSE_MS / 5)));
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    if (this.failures >= MAX_FAILURES) return undefined;
    const file = this.file();
    if (!file) return undefined;
    let worker: Worker;
    try {
      worker = new Worker(file, { resourceLimits: LIMITS });
    } catch {
      this.failures++;
      return undefined;
    }
    worker.on('message', (reply: AnalysisReply) => {
      const done = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      done?.(recordsOf(reply.records));
      if (this.pending.size === 0 && this.worker === worker) this.rest(worker);
    });
    worker.on('error', () => this.fail(worker));
    // An exit we did not ask for (stop() forgets the worker first).
    worker.on('exit', () => this.fail(worker));
    this.worker = worker;
    return worker;
  }

  private rest(worker: Worker): void {
    worker.unref();
    this.idle = setTimeout(() => this.stop(worker), IDLE_MS);
    this.idle.unref();
  }

  private stop(worker: Worker): void {
    if (this.worker !== worker || this.pending.size > 0) return;
    this.worker = undefined;
    void worker.terminate();
  }

  /** Gives up on the worker: every awaited batch gets no records (the main thread parses them). */
  private fail(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failures++;
    if (this.idle) clearTimeout(this.idle);
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const done of waiting) done([]);
    void worker.terminate();
  }
}

const sharedThread = new AnalysisThread();

/** After every validation of a long-lived service (the language server): see AnalysisThread.warmWhenIdle. */
export function warmAnalysisWorkerWhenIdle(): void {
  sharedThread.warmWhenIdle();
}

/** See AnalysisThread.warmUpSettled (for the bench). */
export function analysisWorkerWarmUpSettled(): Promise<void> {
  return sharedThread.warmUpSettled();
}

/** How many analyses the shared worker has given since the process started (for tests and the bench). */
let analysedInWorker = 0;

export function analysesFromWorker(): number {
  return analysedInWorker;
}

/** The analyses of a template's expressions, under way. */
export interface JsonataPrefetch {
  /**
   * Analyses on this thread the texts not sent to the worker, then waits for the worker's replies,
   * and caches every analysis. Called once the JSON service has validated the schema: the work
   * done here then does not delay it, and the worker's has had that long. Resolves to how many
   * analyses the worker gave; never rejects.
   */
  finish(): Promise<number>;
}

/**
 * Starts analysing the texts among `texts` that are not cached yet, ahead of the checks that read
 * them: in the worker if one runs (batches of at least MIN_BATCH) or if there are more than
 * MAIN_THREAD_MAX of them; otherwise `finish()` analyses them on this thread, still in the
 * parser's batches (analyseJsonataTexts). On any failure of the worker the texts are simply not
 * cached, and analyseJsonata parses them when asked.
 */
export function prefetchJsonataAnalyses(texts: Iterable<string>, thread: AnalysisThread = sharedThread): JsonataPrefetch {
  const missing: string[] = [];
  for (const text of texts) {
    if (isJsonataAnalysed(text)) continue;
    missing.push(text);
    // More than the cache keeps would evict the batch's own first analyses before they are read.
    if (missing.length >= ANALYSES_KEPT) break;
  }
  if (missing.length < MIN_BATCH || (missing.length <= MAIN_THREAD_MAX && !thread.running)) {
    if (missing.length >= WARM_AFTER) thread.wantWarm(missing);
    return {
      finish: async () => {
        try {
          // Another document's validation may have analysed some of them meanwhile.
          analyseJsonataTexts(missing.filter((text) => !isJsonataAnalysed(text)));
        } catch {
          // Not cached: analyseJsonata parses each one when a check asks.
        }
        return 0;
      },
    };
  }
  const batches: Promise<number>[] = [];
  for (let start = 0; start < missing.length; start += CHUNK) {
    const chunk = missing.slice(start, start + CHUNK);
    batches.push(
      thread.analyse(chunk).then((records) => {
        // A reply of another length is not this chunk's (only a failed worker's empty one is expected).
        if (records.length !== chunk.length) return 0;
        adoptAnalyses(chunk, records);
        const count = records.reduce((sum, record) => (record ? sum + 1 : sum), 0);
        if (thread === sharedThread) analysedInWorker += count;
        return count;
      }),
    );
  }
  const replies = Promise.all(batches).then((counts) => counts.reduce((sum, count) => sum + count, 0));
  return { finish: () => replies };
}
