import { getLanguageService, type ClientCapabilities, type LanguageService as JsonLanguageService } from 'vscode-json-languageservice';

const SCHEMA_URI = 'synctemplate://schemas/synctemplate-args.schema.json';

/**
 * The shape of a sample arguments file. What the arguments themselves must be comes from the
 * template's `args_schema` (argsFileDiagnostics.ts); this only fixes the three sections.
 */
export const ARGS_FILE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    args: {
      type: 'object',
      markdownDescription: 'Sample `args` for a run, as `POST /sync-job-run` would receive them. Checked against the template\'s `args_schema`.',
    },
    records: {
      type: 'object',
      markdownDescription:
        'Sample records each step returns, for the preview. Keys are resource paths (`ticketing/tickets`) in runtime 1–3 and node names in runtime 4; each value is an array of records. A step without sample records gets one synthetic record in the preview.',
      additionalProperties: { type: 'array', items: { type: 'object' } },
    },
    state: {
      type: 'object',
      markdownDescription:
        'Sample run state by key, for the preview: what `get_state` nodes read (runtime 4). In runtime 1–3, `previous_run_date` here is what `{{previous_run_date}}` becomes.',
    },
    context: {
      type: 'object',
      markdownDescription:
        'Values Truto supplies at run time that the preview cannot know: `tenant_id`, the integrated account\'s context keys (`instance_url`, …). Merged at the top level of the placeholder context.',
    },
  },
};

/** A JSON language service for args files: syntax and the section shapes above, nothing else. */
export function createArgsJsonService(clientCapabilities: ClientCapabilities): JsonLanguageService {
  const text = JSON.stringify(ARGS_FILE_SCHEMA);
  const service = getLanguageService({ schemaRequestService: async () => text, clientCapabilities });
  service.configure({ validate: true, allowComments: false, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'] }] });
  return service;
}
