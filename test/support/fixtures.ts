import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root: tests are bundled to out/test/<kind>/<name>.test.js. */
export const ROOT = join(__dirname, '..', '..', '..');

export function repoPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

export function readExample(name: string): string {
  return readFileSync(repoPath('examples', name), 'utf8');
}

/** A small valid legacy template, as text, for tests that need a realistic document. */
export const VALID_LEGACY = `{
  "label": "Zendesk tickets",
  "integration_name": "zendesk",
  "default_runtime_version": 3,
  "sharing": "deny",
  "args_schema": {
    "user_id": { "type": "string", "required": true, "description": "The user to sync." }
  },
  "resources": [
    { "resource": "ticketing/tickets", "method": "list", "query": { "assignee_id": "{{args.user_id}}" } },
    {
      "resource": "ticketing/comments",
      "method": "list",
      "depends_on": "ticketing/tickets",
      "query": { "ticket_id": "{{resources.ticketing.tickets.id}}" }
    }
  ]
}
`;
