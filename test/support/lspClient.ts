import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { ClientCapabilities, Diagnostic, InitializeResult } from 'vscode-languageserver-protocol';
import { repoPath } from './fixtures';

export interface ClientOptions {
  /** Whether the client expands snippets (default true). */
  readonly snippetSupport?: boolean;
  /** Whether the client pulls diagnostics (LSP 3.17); otherwise the server must push them. */
  readonly pullDiagnostics?: boolean;
  /** What `workspace/configuration` answers for section `synctemplate` (undefined: no such capability). */
  readonly settings?: Record<string, unknown>;
  /** The server to start, as Node script and arguments (default: the bundled server, `dist/server.js --stdio`). */
  readonly server?: readonly string[];
  /** Sent as the initialize request's `initializationOptions`. */
  readonly initializationOptions?: Record<string, unknown>;
}

/**
 * An LSP client over stdio against the *bundled* server (dist/server.js), as a non-VS Code
 * editor would start it; the bench also starts VS Code's JSON server with it. Records published
 * diagnostics and log messages.
 */
export class LspTestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly logs: string[] = [];
  stderr = '';
  settings: Record<string, unknown> | undefined;
  /** How long `workspace/configuration` answers take (default 0). */
  configurationDelayMs = 0;
  /** The document of each `workspace/configuration` item asked for, in order. */
  readonly configurationAsked: string[] = [];
  private readonly published = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  private readonly waiters: (() => void)[] = [];
  private exited: Promise<number | null>;

  constructor(private readonly options: ClientOptions = {}) {
    this.settings = options.settings;
    this.process = spawn(process.execPath, options.server ?? [repoPath('dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      this.published.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', async (params: { items: { section?: string; scopeUri?: string }[] }) => {
      for (const item of params.items) if (item.scopeUri !== undefined) this.configurationAsked.push(item.scopeUri);
      // Read when asked, answered after the delay (an editor whose extension host is busy).
      const answer = params.items.map((item) => (item.section === 'synctemplate' ? (this.settings ?? null) : null));
      if (this.configurationDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.configurationDelayMs));
      return answer;
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const capabilities: ClientCapabilities = {
      textDocument: {
        completion: { completionItem: { snippetSupport: this.options.snippetSupport !== false, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { versionSupport: true },
        ...(this.options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false } } : {}),
      },
      workspace: {
        configuration: this.options.settings !== undefined,
        didChangeConfiguration: { dynamicRegistration: true },
        ...(this.options.pullDiagnostics ? { diagnostics: { refreshSupport: true } } : {}),
      },
    };
    const result = (await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      initializationOptions: this.options.initializationOptions,
    })) as InitializeResult;
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'synctemplate', version, text } });
  }

  async change(uri: string, text: string, version: number): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    this.pulled.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Waits until diagnostics for `uri` are published that satisfy `accept`. */
  async diagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.published.get(uri);
      if (current && accept(current.diagnostics)) return current.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(current?.diagnostics)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * The diagnostics of a pull (`textDocument/diagnostic`; needs `pullDiagnostics`). As VS Code does,
   * it sends the result id of the last answer for `uri`, and an "unchanged" answer keeps that
   * answer's diagnostics.
   */
  async pull(uri: string): Promise<Diagnostic[]> {
    const previous = this.pulled.get(uri);
    const report = (await this.connection.sendRequest('textDocument/diagnostic', {
      textDocument: { uri },
      ...(previous?.resultId !== undefined ? { previousResultId: previous.resultId } : {}),
    })) as { kind: 'full' | 'unchanged'; resultId?: string; items?: Diagnostic[] };
    const items = report.kind === 'unchanged' && previous ? previous.items : (report.items ?? []);
    this.pulled.set(uri, { resultId: report.resultId, items });
    return items;
  }

  private readonly pulled = new Map<string, { resultId?: string; items: Diagnostic[] }>();

  /** The server process's peak resident memory so far (VmHWM, Linux), in MiB; undefined elsewhere. */
  peakRssMiB(): number | undefined {
    try {
      const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.process.pid}/status`, 'utf8'))?.[1];
      return kib === undefined ? undefined : Number(kib) / 1024;
    } catch {
      return undefined;
    }
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Orderly shutdown; returns the server's exit code. */
  async stop(): Promise<number | null> {
    if (this.alive) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        this.process.kill();
      }
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}
