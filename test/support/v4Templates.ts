/** Runtime 4 fixtures: the domain reference's V4 example (§7) and a builder, so each test states only what it is about. */

export type V4Node = Record<string, unknown>;

/** The V4 example of the domain reference (§7), node for node. */
export function domainV4Nodes(): V4Node[] {
  return [
    { name: 'cursor', type: 'get_state', config: { key: 'last_synced_at', default: '{{args.start_date}}' } },
    { name: 'expose-cursor', type: 'add_context', depends_on: 'cursor', config: { expression: '{ "last_synced_at": resources.cursor.value }' } },
    {
      name: 'tickets',
      type: 'request',
      depends_on: 'expose-cursor',
      resource: 'ticketing/tickets',
      method: 'list',
      integrated_account_id: '{{args.integrated_account_id}}',
      query: { updated_at: { gt: '{{last_synced_at}}' } },
    },
    {
      name: 'comments',
      type: 'request',
      depends_on: 'tickets',
      resource: 'ticketing/comments',
      method: 'list',
      loop_on: 'resources.ticketing.tickets',
      integrated_account_id: '{{args.integrated_account_id}}',
      query: { ticket: { id: '{{resources.ticketing.tickets.id}}' } },
    },
    { name: 'to-webhook', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['tickets', 'comments'] },
    { name: 'done', type: 'event', config: { name: 'complete' } },
    {
      name: 'advance-cursor',
      type: 'update_state',
      depends_on: 'done',
      config: { key: 'last_synced_at', value_expression: "sync_job_run.status = 'completed' ? sync_job_run.started_at.toISOString()" },
    },
  ];
}

export const DOMAIN_V4_ARGS = {
  integrated_account_id: { type: 'string', format: 'integrated_account_id', required: true },
  webhook_id: { type: 'string', format: 'webhook_id', required: true },
  start_date: { type: 'string', format: 'date', required: true },
};

export interface V4Parts {
  nodes: V4Node[];
  args?: Record<string, unknown> | null;
  extra?: Record<string, unknown>;
}

/** A runtime 4 template around `nodes`, with the domain example's job-level fields unless overridden. */
export function v4Template({ nodes, args = DOMAIN_V4_ARGS, extra }: V4Parts): string {
  const body: Record<string, unknown> = {
    label: 'Zendesk tickets + comments → webhook (incremental)',
    description: 'Lists tickets updated since the last successful run and their comments.',
    default_runtime_version: 4,
    integration_name: null,
    sharing: 'deny',
    mutex_key: '{{args.integrated_account_id}}',
    state_key: '{{args.integrated_account_id}}',
  };
  if (args !== null) body.args_schema = args;
  body.args_validation = '$exists(args.webhook_id) ? null : { "message": "webhook_id is required" }';
  Object.assign(body, extra);
  for (const [key, value] of Object.entries(body)) if (value === undefined) delete body[key];
  body.resources = nodes;
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The domain example as text. */
export function domainV4(): string {
  return v4Template({ nodes: domainV4Nodes() });
}

/** A copy of the example's nodes with `change` applied to the node named `name`. */
export function withNode(nodes: V4Node[], name: string, change: (node: V4Node) => V4Node): V4Node[] {
  return nodes.map((node) => (node.name === name ? change({ ...node }) : node));
}

/** A request that pages through itself: its `recurse` reads its own output (`query` is the recursion's query). */
export function recursingPagesNode(query: Record<string, string>): V4Node {
  return {
    name: 'pages',
    type: 'request',
    resource: 'knowledge-base/page-content',
    method: 'list',
    integrated_account_id: '{{args.integrated_account_id}}',
    recurse: { if: '{{resources.knowledge-base.page-content.has_children:bool}}', config: { query } },
  };
}
