import { TextDocument } from 'vscode-languageserver-textdocument';
import { createJsonService } from '../../server/src/service/jsonService';
import { ParsedDocumentCache } from '../../server/src/service/parsedDocument';
import { templateFindings } from '../../server/src/service/diagnostics/validate';
import { generateLegacyTemplate } from '../support/generateTemplate';
const text = generateLegacyTemplate(2000);
const json = createJsonService({});
const cache = new ParsedDocumentCache(json);
for (let i = 0; i < 80; i++) templateFindings(cache.get(TextDocument.create('file:///p.json', 'synctemplate', i + 1, text)));
