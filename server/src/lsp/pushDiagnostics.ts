import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SynctemplateLanguageService } from '../service/languageService';
import { runSafeAsync, type Logger } from './runner';
import type { SettingsStore } from './settingsStore';

/** Typing pauses shorter than this do not trigger a validation. */
const DEBOUNCE_MS = 250;

/**
 * Diagnostics for clients that cannot pull them: validate after a short pause in typing, and
 * publish only if the document is still open at the version that was validated (a slow
 * validation of an old version must not overwrite a newer result).
 */
export class PushDiagnostics {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: SynctemplateLanguageService,
    private readonly settings: SettingsStore,
    private readonly logger: Logger,
  ) {}

  schedule(document: TextDocument, immediately = false): void {
    this.cancel(document.uri);
    const timer = setTimeout(
      () => {
        this.timers.delete(document.uri);
        void runSafeAsync(this.logger, `validating ${document.uri}`, () => this.validate(document.uri));
      },
      immediately ? 0 : DEBOUNCE_MS,
    );
    this.timers.set(document.uri, timer);
  }

  scheduleAll(): void {
    for (const document of this.documents.all()) this.schedule(document, true);
  }

  /** Stops pending work and clears the problems of a closed document. */
  closed(uri: string): void {
    this.cancel(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private async validate(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    const version = document.version;
    const diagnostics = await this.service.validate(document, this.settings.get(uri));
    const current = this.documents.get(uri);
    if (!current || current.version !== version) return; // stale: a newer validation is scheduled
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}
