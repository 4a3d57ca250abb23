import { TextDocument } from 'vscode-languageserver-textdocument';
import { createJsonService } from '../../server/src/service/jsonService';
import { ParsedDocumentCache } from '../../server/src/service/parsedDocument';
import { templateFindings } from '../../server/src/service/diagnostics/validate';
import { jsonDiagnostics } from '../../server/src/service/diagnostics/jsonDiagnostics';
import { templateModel } from '../../server/src/service/template/templateModel';
import { findExcessiveNesting } from '../../server/src/service/nestingGuard';
import { generateLegacyTemplate } from '../support/generateTemplate';
async function main(): Promise<void> {
  const base = generateLegacyTemplate(2000);
  const anchors: number[] = [];
  for (let at = base.indexOf('"limit": '); at >= 0; at = base.indexOf('"limit": ', at + 1)) anchors.push(at);
  const json = createJsonService({});
  const cache = new ParsedDocumentCache(json);
  const samples: Record<string, number[]> = {};
  const time = async (name: string, f: () => unknown) => {
    const t = process.hrtime.bigint();
    await f();
    (samples[name] ??= []).push(Number(process.hrtime.bigint() - t) / 1e6);
  };
  for (let i = 0; i < 80; i++) {
    const at = anchors[(i * 7919) % anchors.length];
    const text = `${base.slice(0, at)}"e${i}": "x", ${base.slice(at)}`;
    const document = TextDocument.create('file:///p.synctemplate.json', 'synctemplate', i + 1, text);
    await time('nesting', () => findExcessiveNesting(text));
    let parsed!: ReturnType<typeof cache.get>;
    await time('parse(+nesting)', () => (parsed = cache.get(document)));
    await time('json validate', () => jsonDiagnostics(parsed, json));
    await time('model core', () => templateModel(parsed));
    await time('findings (incremental)', () => templateFindings(parsed));
  }
  for (const [k, v] of Object.entries(samples)) console.log(k.padEnd(24), 'median', v.slice(20).sort((a, b) => a - b)[30].toFixed(2));
}
void main();
