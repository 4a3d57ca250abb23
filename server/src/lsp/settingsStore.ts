import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, normalizeSettings, type SynctemplateSettings } from '../service/settings';

/**
 * The settings in force for each document. Pulled with `workspace/configuration` (scoped to
 * the document, so folder settings apply) when the client supports it; otherwise taken from
 * the last `workspace/didChangeConfiguration` push. Cached until the configuration changes.
 */
export class SettingsStore {
  private readonly perDocument = new Map<string, Promise<SynctemplateSettings>>();
  private pushed: SynctemplateSettings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get(uri: string): Promise<SynctemplateSettings> {
    if (!this.canPull()) return Promise.resolve(this.pushed);
    let settings = this.perDocument.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'synctemplate' })
        .then(normalizeSettings, () => DEFAULT_SETTINGS);
      this.perDocument.set(uri, settings);
    }
    return settings;
  }

  /** Called on `workspace/didChangeConfiguration`. */
  changed(pushedSettings: unknown): void {
    this.perDocument.clear();
    const section =
      typeof pushedSettings === 'object' && pushedSettings !== null ? (pushedSettings as { synctemplate?: unknown }).synctemplate : undefined;
    if (section !== undefined) this.pushed = normalizeSettings(section);
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
  }
}
