import type { JSONSchema } from 'vscode-json-languageservice';
import schemaJson from '../../../schemas/synctemplate.schema.json';

/** The identifier the service uses for the bundled schema (never fetched: see jsonService.ts). */
export const BUNDLED_SCHEMA_URI = 'synctemplate://schemas/synctemplate.schema.json';

export const bundledSchema: JSONSchema = schemaJson as JSONSchema;

/** The schema as text, for the JSON service's schema request hook. */
export const bundledSchemaText = JSON.stringify(schemaJson);
