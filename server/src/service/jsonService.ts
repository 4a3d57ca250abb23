import { getLanguageService, type ClientCapabilities, type LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { BUNDLED_SCHEMA_URI, bundledSchema, bundledSchemaText } from './bundledSchema';

/**
 * The JSON language service configured for sync job templates: the bundled schema applies to
 * every document, comments and trailing commas are errors (the file is what gets sent).
 *
 * A `$schema` key in a template makes the JSON service ask for that URI. Every such request is
 * answered with the bundled schema: a template's schema is fixed by its language, and the
 * server must never reach out to the network (or a workspace file) because of file content.
 */
export function createJsonService(clientCapabilities: ClientCapabilities): JsonLanguageService {
  const service = getLanguageService({
    schemaRequestService: async () => bundledSchemaText,
    clientCapabilities,
  });
  service.configure({
    validate: true,
    allowComments: false,
    // Given as an object, not fetched as text: the service would parse the 70 KB text with its
    // general parser on the first validation (about 10 ms of a server's first open, cold). A copy
    // per service, because the service writes into a schema while it resolves its references.
    schemas: [{ uri: BUNDLED_SCHEMA_URI, fileMatch: ['*'], schema: structuredClone(bundledSchema) }],
  });
  return service;
}
