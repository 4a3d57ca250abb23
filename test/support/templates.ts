/** Builds legacy template text from parts, so each test states only what it is about. */
export interface LegacyTemplateParts {
  args?: Record<string, unknown> | string | null;
  steps: Record<string, unknown>[];
  extra?: Record<string, unknown>;
  version?: number | null;
}

export function legacyTemplate({ args, steps, extra, version = 3 }: LegacyTemplateParts): string {
  const body: Record<string, unknown> = { label: 'Test template', integration_name: 'zendesk' };
  if (version !== null) body.default_runtime_version = version;
  if (args !== undefined) body.args_schema = args;
  Object.assign(body, extra);
  body.resources = steps;
  return `${JSON.stringify(body, null, 2)}\n`;
}

export const TICKETS = { resource: 'ticketing/tickets', method: 'list' };
export const COMMENTS = {
  resource: 'ticketing/comments',
  method: 'list',
  depends_on: 'ticketing/tickets',
  query: { ticket_id: '{{resources.ticketing.tickets.id}}' },
};
