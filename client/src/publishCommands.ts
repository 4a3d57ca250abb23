import * as vscode from 'vscode';
import { TrutoApiError } from '../../server/src/publish/apiErrors';
import { blockingProblems } from '../../server/src/publish/publishChecks';
import { templateBody, templateFileText, writeIdEdits } from '../../server/src/publish/templateBody';
import { TrutoClient, type RequestLogEntry, type SyncJobTemplate } from '../../server/src/publish/trutoClient';
import { apiBaseUrl, diagnosticSettings, writeIdToFile } from './publishSettings';
import { PublishProblems } from './publishProblems';
import { TokenStore } from './tokenStore';
import { publishingAllowed } from './workspaceTrust';

/** What a publish command did; returned to callers (tests, automation) of executeCommand. */
export interface PublishResult {
  readonly status: 'created' | 'updated' | 'opened' | 'cancelled' | 'refused' | 'failed' | 'busy';
  readonly id?: string;
  readonly message?: string;
}

/** Arguments the commands accept, so tests and automation can drive them without prompts. */
export interface PublishArgs {
  /** The template file (defaults to the active editor's document). */
  readonly uri?: string | vscode.Uri;
  /** When the file already has an id: update it, create a copy, or cancel (instead of asking). */
  readonly ifPublished?: 'update' | 'copy' | 'cancel';
}

const LANGUAGE_ID = 'synctemplate';

function formatLog(entry: RequestLogEntry): string {
  const status = entry.status !== undefined ? String(entry.status) : (entry.note ?? 'no answer');
  const id = entry.templateId ? ` id=${entry.templateId}` : '';
  const retry = entry.outcome === 'retry' ? ` (retrying${entry.note && entry.status !== undefined ? `: ${entry.note}` : ''})` : '';
  return `${entry.method} ${entry.url} → ${status} in ${entry.durationMs} ms${id}${retry}`;
}

/**
 * The publish commands: Create, Update, Open from Truto, Set/Clear API Token. Network access
 * happens only here, only on an explicit command, never at activation.
 */
export class PublishCommands implements vscode.Disposable {
  private inFlight = false;
  private readonly tokens: TokenStore;
  private readonly problems = new PublishProblems();
  private readonly log: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    this.tokens = new TokenStore(context.secrets);
    this.log = vscode.window.createOutputChannel(vscode.l10n.t('Synctemplate'), { log: true });
    this.disposables.push(
      this.log,
      this.problems,
      vscode.commands.registerCommand('synctemplate.create', (args?: PublishArgs | vscode.Uri) => this.create(normalizeArgs(args))),
      vscode.commands.registerCommand('synctemplate.update', (args?: PublishArgs | vscode.Uri) => this.update(normalizeArgs(args))),
      vscode.commands.registerCommand('synctemplate.pull', (args?: { id?: string }) => this.pull(args?.id)),
      vscode.commands.registerCommand('synctemplate.setToken', (token?: unknown) => this.setToken(typeof token === 'string' ? token : undefined)),
      vscode.commands.registerCommand('synctemplate.clearToken', () => this.clearToken()),
      vscode.commands.registerCommand('synctemplate.showLog', () => this.log.show(true)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  // ---------------------------------------------------------------- commands

  async create(args: PublishArgs): Promise<PublishResult> {
    return this.withTemplate(args, async (document, prepared) => {
      if (prepared.id) {
        const choice = args.ifPublished ?? (await this.askUpdateOrCopy(prepared.id));
        if (choice === 'update') return this.sendUpdate(document, prepared.body, prepared.id);
        if (choice !== 'copy') return { status: 'cancelled' };
      }
      return this.sendCreate(document, prepared.body);
    });
  }

  async update(args: PublishArgs): Promise<PublishResult> {
    return this.withTemplate(args, async (document, prepared) => {
      if (!prepared.id) {
        const create = vscode.l10n.t('Create It');
        const choice = await vscode.window.showWarningMessage(vscode.l10n.t('This file has no "id" yet, so there is nothing to update on Truto. Create the template first.'), create);
        if (choice !== create) return { status: 'cancelled' };
        return this.sendCreate(document, prepared.body);
      }
      return this.sendUpdate(document, prepared.body, prepared.id);
    });
  }

  async pull(id?: string): Promise<PublishResult> {
    if (!publishingAllowed()) return { status: 'refused', message: 'untrusted workspace' };
    const session = await this.session();
    if (!session) return { status: 'cancelled' };
    const { client } = session;
    try {
      let chosen = id;
      if (!chosen) {
        const templates = await this.inProgress(vscode.l10n.t('Listing sync job templates…'), (signal) => client.listAll({ signal }));
        if (templates.length === 0) {
          void vscode.window.showInformationMessage(vscode.l10n.t('There are no sync job templates on {0} for this token.', client.baseUrl));
          return { status: 'cancelled' };
        }
        const picked = await vscode.window.showQuickPick(
          templates.map((t) => ({
            label: typeof t.label === 'string' && t.label ? t.label : vscode.l10n.t('(no label)'),
            description: [t.integration_name ?? vscode.l10n.t('any integration'), t.default_runtime_version !== undefined ? vscode.l10n.t('runtime {0}', t.default_runtime_version) : undefined].filter(Boolean).join(' · '),
            detail: `${t.id}${t.updated_at ? ` · ${vscode.l10n.t('updated {0}', String(t.updated_at))}` : ''}`,
            id: t.id,
          })),
          { title: vscode.l10n.t('Open Sync Job Template from Truto'), matchOnDescription: true, matchOnDetail: true, placeHolder: vscode.l10n.t('Search by label, integration or id') },
        );
        if (!picked) return { status: 'cancelled' };
        chosen = picked.id;
      }
      const template = await client.get(chosen);
      const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: templateFileText(template) });
      await vscode.window.showTextDocument(document);
      return { status: 'opened', id: template.id };
    } catch (error) {
      return this.failed(error, undefined, 'GET');
    } finally {
      await client.close();
    }
  }

  async setToken(token?: string): Promise<void> {
    if (!publishingAllowed()) return;
    const base = apiBaseUrl(this.log);
    if (!base.ok) {
      void vscode.window.showErrorMessage(base.message);
      return;
    }
    if (token !== undefined) await this.tokens.set(base.url, token);
    else if ((await this.tokens.prompt(base.url)) === undefined) return;
    this.log.info(`API token set for ${base.url}.`);
    // Completes the walkthrough's "set your API token" step.
    void vscode.commands.executeCommand('setContext', 'synctemplate.tokenSet', true);
    void vscode.window.showInformationMessage(vscode.l10n.t('API token saved for {0}.', base.url));
  }

  async clearToken(): Promise<void> {
    const base = apiBaseUrl(this.log);
    if (!base.ok) return;
    await this.tokens.clear(base.url);
    this.log.info(`API token cleared for ${base.url}.`);
    void vscode.window.showInformationMessage(vscode.l10n.t('API token removed for {0}.', base.url));
  }

  // ---------------------------------------------------------------- steps

  /** Runs a publish on the template file, exclusively, once it is known to be free of errors. */
  private withTemplate(
    args: PublishArgs,
    publish: (document: vscode.TextDocument, prepared: { body: Record<string, unknown>; id: string | undefined }) => Promise<PublishResult>,
  ): Promise<PublishResult> {
    return this.exclusive(async () => {
      const document = await this.templateDocument(args);
      if (!document) return { status: 'refused', message: 'no template file' };
      const prepared = await this.prepare(document);
      if (!prepared) return { status: 'refused', message: 'the file has errors' };
      return publish(document, prepared);
    });
  }

  /** One publish at a time: a second click while a request is in flight does nothing. */
  private async exclusive(run: () => Promise<PublishResult>): Promise<PublishResult> {
    if (this.inFlight) {
      void vscode.window.showWarningMessage(vscode.l10n.t('A publish to Truto is already in progress; wait for it to finish.'));
      return { status: 'busy' };
    }
    if (!publishingAllowed()) return { status: 'refused', message: 'untrusted workspace' };
    this.inFlight = true;
    try {
      return await run();
    } finally {
      this.inFlight = false;
    }
  }

  private async templateDocument(args: PublishArgs): Promise<vscode.TextDocument | undefined> {
    const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== LANGUAGE_ID) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Open a sync job template (*.synctemplate.json) to publish it.'));
      return undefined;
    }
    return document;
  }

  /** Refuses a file with errors (no request is made) and builds the body otherwise. */
  private async prepare(document: vscode.TextDocument): Promise<{ body: Record<string, unknown>; id: string | undefined } | undefined> {
    const text = document.getText();
    const errors = await blockingProblems(text, document.uri.toString(), diagnosticSettings(document.uri));
    if (errors.length > 0) {
      const first = errors[0];
      const firstMessage = typeof first.message === 'string' ? first.message : first.message.value;
      const show = vscode.l10n.t('Show Problems');
      void vscode.window
        .showErrorMessage(
          vscode.l10n.t('Not published: the template has {0} error(s). Line {1}: {2}', errors.length, first.range.start.line + 1, firstMessage),
          show,
        )
        .then((choice) => (choice === show ? vscode.commands.executeCommand('workbench.actions.view.problems') : undefined));
      this.log.warn(`Not published: ${document.uri.toString()} has ${errors.length} error(s); no request was made.`);
      return undefined;
    }
    const body = templateBody(text);
    if (!body.ok) {
      void vscode.window.showErrorMessage(body.message);
      return undefined;
    }
    return { body: body.body, id: body.id };
  }

  private async askUpdateOrCopy(id: string): Promise<'update' | 'copy' | undefined> {
    const update = vscode.l10n.t('Update It');
    const copy = vscode.l10n.t('Create a Copy');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('This file is already published as template {0}.', id),
      { modal: true, detail: vscode.l10n.t('Update that template, or create a second, separate template from this file?') },
      update,
      copy,
    );
    return choice === update ? 'update' : choice === copy ? 'copy' : undefined;
  }

  /** The base URL and a client with the stored (or newly asked) token. */
  private async session(): Promise<{ client: TrutoClient } | undefined> {
    const base = apiBaseUrl(this.log);
    if (!base.ok) {
      void vscode.window.showErrorMessage(base.message);
      return undefined;
    }
    const token = (await this.tokens.get(base.url)) ?? (await this.tokens.prompt(base.url, vscode.l10n.t('Publishing needs a Truto API token for {0}. It is kept in VS Code’s secret storage.', base.url)));
    if (!token) return undefined;
    const version = String(vscode.extensions.getExtension('synctemplate.synctemplate')?.packageJSON?.version ?? 'dev');
    return {
      client: new TrutoClient({
        baseUrl: base.url,
        token,
        userAgent: `synctemplate-vscode/${version}`,
        log: (entry) => (entry.outcome === 'error' ? this.log.error(formatLog(entry)) : this.log.info(formatLog(entry))),
      }),
    };
  }

  /** A cancellable progress notification around a request; cancelling aborts the request. */
  private inProgress<T>(title: string, run: (signal: AbortSignal) => Promise<T>): Thenable<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      return run(controller.signal).finally(() => subscription.dispose());
    });
  }

  private async sendCreate(document: vscode.TextDocument, body: Record<string, unknown>): Promise<PublishResult> {
    const session = await this.session();
    if (!session) return { status: 'cancelled', message: 'no API token' };
    const { client } = session;
    try {
      const template = await this.inProgress(vscode.l10n.t('Creating sync job template on Truto…'), (signal) => client.create(body, { signal }));
      await this.recordId(document, template.id);
      this.announce(template, vscode.l10n.t('Created sync job template "{0}" ({1}).', String(template.label ?? ''), template.id));
      return { status: 'created', id: template.id };
    } catch (error) {
      return this.failed(error, document, 'POST');
    } finally {
      await client.close();
    }
  }

  private async sendUpdate(document: vscode.TextDocument, body: Record<string, unknown>, id: string): Promise<PublishResult> {
    const session = await this.session();
    if (!session) return { status: 'cancelled', message: 'no API token' };
    const { client } = session;
    try {
      const template = await this.inProgress(vscode.l10n.t('Updating sync job template on Truto…'), (signal) => client.update(id, body, { signal }));
      this.announce(template, vscode.l10n.t('Updated sync job template "{0}" ({1}).', String(template.label ?? ''), template.id));
      return { status: 'updated', id: template.id };
    } catch (error) {
      if (error instanceof TrutoApiError && error.isNotFound) {
        const create = vscode.l10n.t('Create Instead');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('Truto has no template {0}, or this token cannot see it. Create a new template from this file?', id),
          create,
        );
        if (choice === create) return this.sendCreate(document, body);
        return { status: 'failed', message: error.message };
      }
      return this.failed(error, document, 'PATCH');
    } finally {
      await client.close();
    }
  }

  /** Writes the new id into the file as one undoable edit; saves it when it had no other unsaved change. */
  private async recordId(document: vscode.TextDocument, id: string): Promise<void> {
    if (!writeIdToFile(document.uri) || document.isClosed) return;
    const wasDirty = document.isDirty;
    const text = document.getText(); // the current text: the user may have typed during the request
    const edit = new vscode.WorkspaceEdit();
    for (const e of writeIdEdits(text, id)) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      this.log.warn(`Could not write "id": "${id}" into ${document.uri.toString()}; add it by hand to update this template later.`);
      return;
    }
    if (!wasDirty && !document.isUntitled) await document.save();
  }

  private announce(template: SyncJobTemplate, message: string): void {
    // Completes the walkthrough's "publish" step.
    void vscode.commands.executeCommand('setContext', 'synctemplate.published', true);
    const open = vscode.l10n.t('Open as JSON');
    const copy = vscode.l10n.t('Copy ID');
    void vscode.window.showInformationMessage(message, open, copy).then(async (choice) => {
      if (choice === open) {
        const document = await vscode.workspace.openTextDocument({ language: 'json', content: `${JSON.stringify(template, null, 2)}\n` });
        await vscode.window.showTextDocument(document, { preview: true });
      } else if (choice === copy) {
        await vscode.env.clipboard.writeText(template.id);
      }
    });
  }

  private failed(error: unknown, document: vscode.TextDocument | undefined, method: string): PublishResult {
    if (!(error instanceof TrutoApiError)) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`${method} failed: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Publishing failed: {0}', message));
      return { status: 'failed', message };
    }
    this.log.error(error.message);
    if (error.kind === 'cancelled') {
      void vscode.window.showInformationMessage(error.message);
      return { status: 'cancelled', message: error.message };
    }
    if (error.isAuthError) {
      const set = vscode.l10n.t('Set API Token');
      void vscode.window.showErrorMessage(error.message, set).then((choice) => (choice === set ? this.setToken() : undefined));
    } else if (error.isValidationError && document) {
      this.problems.show(document, error.details, error.trutoMessage ?? error.message);
      void vscode.window.showErrorMessage(error.message);
    } else {
      const showLog = vscode.l10n.t('Show Log');
      const list = vscode.l10n.t('Open from Truto');
      const actions = error.kind === 'outcome-unknown' && method === 'POST' ? [list, showLog] : [showLog];
      void vscode.window.showErrorMessage(error.message, ...actions).then((choice) => {
        if (choice === showLog) this.log.show(true);
        if (choice === list) void vscode.commands.executeCommand('synctemplate.pull');
      });
    }
    return { status: 'failed', message: error.message };
  }
}

function normalizeArgs(args: PublishArgs | vscode.Uri | undefined): PublishArgs {
  if (args instanceof vscode.Uri) return { uri: args };
  return args ?? {};
}
