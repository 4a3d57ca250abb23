import type { ClientCapabilities } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type CompletionList, type Diagnostic, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import type { Finding } from '../diagnostics/finding';
import { jsonDiagnostics } from '../diagnostics/jsonDiagnostics';
import { applySeverityPolicy } from '../diagnostics/severityPolicy';
import type { ParsedDocument, ParsedDocumentCache } from '../parsedDocument';
import type { PendingSettings } from '../settings';
import { withoutSnippets } from '../snippetText';
import { argsFileCompletion, argsFileHover } from './argsFileCompletion';
import { argsFileFindings } from './argsFileDiagnostics';
import { templateFor } from './argsFileNames';
import { createArgsJsonService } from './argsFileSchema';

/** Finds a document by URI: an open editor buffer first, else the file on disk (undefined if none). */
export type DocumentReader = (uri: string) => Promise<TextDocument | undefined>;

export interface ArgsFileFeatures {
  validate(document: TextDocument, settings: PendingSettings): Promise<Diagnostic[]>;
  complete(document: TextDocument, position: Position): Promise<CompletionList>;
  hover(document: TextDocument, position: Position): Promise<Hover | null>;
  /** Quick fixes for the diagnostics of the last validation of this version (add a missing argument, did-you-mean). */
  codeActions(document: TextDocument, range: Range, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[];
  forget(uri: string): void;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function baseName(uri: string): string {
  const withoutQuery = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(withoutQuery.slice(withoutQuery.lastIndexOf('/') + 1));
}

/**
 * The language features of sample arguments files (`*.synctemplate.args.json`). Every feature
 * reads the template beside the file through `readDocument`, so an edit of either is seen by the
 * next request; the parses of both come from the shared cache.
 */
export function createArgsFileFeatures(
  cache: ParsedDocumentCache,
  clientCapabilities: ClientCapabilities,
  readDocument: DocumentReader | undefined,
  snippetSupport: boolean,
): ArgsFileFeatures {
  const jsonService = createArgsJsonService(clientCapabilities);
  // The findings of each open args file's last validation (they depend on the template too, which
  // a code action request does not read again): the fixes come from them.
  const lastFindings = new Map<string, { version: number; text: string; findings: readonly Finding[] }>();
  const templateOf = async (document: TextDocument): Promise<ParsedDocument | undefined> => {
    const uri = templateFor(document.uri);
    if (!uri || !readDocument) return undefined;
    const template = await readDocument(uri);
    return template ? cache.get(template) : undefined;
  };
  return {
    async validate(document, settings) {
      const parsed = cache.get(document);
      const [json, template] = await Promise.all([jsonDiagnostics(parsed, jsonService), templateOf(document)]);
      const findings = argsFileFindings(parsed, template, baseName(templateFor(document.uri) ?? ''));
      lastFindings.set(document.uri, { version: document.version, text: document.getText(), findings });
      return applySeverityPolicy([...json, ...findings.map((f) => f.diagnostic)], await settings);
    },
    async complete(document, position) {
      const parsed = cache.get(document);
      const own = argsFileCompletion(parsed, await templateOf(document), position, snippetSupport);
      if (own) return { isIncomplete: false, items: own };
      if (!parsed.json) return { isIncomplete: false, items: [] };
      const list = (await jsonService.doComplete(document, position, parsed.json)) ?? { isIncomplete: false, items: [] };
      return snippetSupport ? list : withoutSnippets(list);
    },
    async hover(document, position) {
      const parsed = cache.get(document);
      const own = argsFileHover(parsed, await templateOf(document), position);
      if (own) return own;
      if (!parsed.json) return null;
      const found = await jsonService.doHover(document, position, parsed.json);
      return found ?? null;
    },
    codeActions(document, range, diagnostics, only) {
      if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === CodeActionKind.Empty)) return [];
      const last = lastFindings.get(document.uri);
      if (!last || last.version !== document.version || last.text !== document.getText()) return [];
      const actions: CodeAction[] = [];
      for (const finding of last.findings) {
        if (!finding.fixes) continue;
        const shown =
          diagnostics.length > 0
            ? // Several missing arguments share a range (the args key): the message tells them apart.
              diagnostics.find((d) => d.code === finding.diagnostic.code && sameRange(d.range, finding.diagnostic.range) && d.message === finding.diagnostic.message)
            : intersects(finding.diagnostic.range, range)
              ? finding.diagnostic
              : undefined;
        if (!shown) continue;
        for (const fix of finding.fixes()) {
          actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [shown], ...(fix.isPreferred ? { isPreferred: true } : {}), edit: { changes: { [document.uri]: [...fix.edits] } } });
        }
      }
      return actions;
    },
    forget: (uri) => lastFindings.delete(uri),
  };
}
