import { generateLegacyTemplate } from './generateTemplate';

/**
 * Generated templates of every shape users write, for the bench and the scale tests. Every one is
 * a valid template (no diagnostics expected), so the checks do their normal work, not error paths.
 */
export type TemplateShape = 'groups' | 'chain' | 'fan-out' | 'duplicates' | 'v4-chain' | 'v4-fan-out';

export const TEMPLATE_SHAPES: readonly TemplateShape[] = ['groups', 'chain', 'fan-out', 'duplicates', 'v4-chain', 'v4-fan-out'];

const LEGACY_ARGS = {
  type: 'object',
  properties: {
    user_ids: { type: 'array', required: true, description: 'Users to sync' },
    page_size: { type: 'integer', required: false, default: 100 },
    since: { type: 'string', format: 'date', required: false },
    workspace_id: { type: 'string', required: true },
  },
};

/** A legacy template declaring the arguments its steps use (an unused one would be reported). */
function legacy(steps: number, resources: unknown[], argNames: readonly (keyof typeof LEGACY_ARGS.properties)[]): string {
  const properties = Object.fromEntries(argNames.map((name) => [name, LEGACY_ARGS.properties[name]]));
  const args_schema = { type: 'object', properties };
  return `${JSON.stringify({ label: `Generated ${steps}`, integration_name: 'zendesk', default_runtime_version: 3, sharing: 'deny', args_schema, resources }, null, 2)}\n`;
}

/** One `depends_on` chain: every step reads its parent's record and the first step's record. */
function legacyChain(steps: number): string {
  const resources: unknown[] = [];
  for (let i = 0; i < steps; i++) {
    const path = `api${i}/records`;
    if (i === 0) {
      resources.push({ resource: path, method: 'list', query: { limit: '{{args.page_size:int}}', updated_at: { gt: '{{args.since|previous_run_date}}' } } });
      continue;
    }
    resources.push({
      resource: path,
      method: 'list',
      depends_on: `api${i - 1}/records`,
      query: { parent_id: `{{resources.api${i - 1}.records.id}}`, root_name: '{{resources.api0.records.name?:none}}', size: '{{args.page_size:int}}' },
    });
  }
  return legacy(steps, resources, ['page_size', 'since']);
}

/** One parent, every other step its child. */
function legacyFanOut(steps: number): string {
  const resources: unknown[] = [{ resource: 'ticketing/tickets', method: 'list', query: { limit: '{{args.page_size:int}}', updated_at: { gt: '{{args.since|previous_run_date}}' } } }];
  for (let i = 1; i < steps; i++) {
    resources.push({
      resource: `api${i}/details`,
      method: 'get',
      depends_on: 'ticketing/tickets',
      id: '{{resources.ticketing.tickets.id}}',
      query: { workspace: '{{args.workspace_id}}', label: `detail-${i}-{{resources.ticketing.tickets.subject?:none}}` },
    });
  }
  return legacy(steps, resources, ['page_size', 'since', 'workspace_id']);
}

/**
 * Many steps sharing resource paths (the same resource listed with different queries): 20 groups
 * of paths repeated through the file, so each `depends_on` names a key that several steps have.
 */
function legacyDuplicates(steps: number): string {
  const resources: unknown[] = [];
  for (let i = 0; i < steps; i++) {
    const group = Math.floor(i / 3) % 20;
    const kind = i % 3;
    const path = `api${group}/records_${kind}`;
    if (kind === 0) {
      resources.push({ resource: path, method: 'list', query: { limit: '{{args.page_size:int}}', variant: `v${i}` } });
    } else {
      resources.push({
        resource: path,
        method: 'list',
        depends_on: `api${group}/records_${kind - 1}`,
        query: { parent_id: `{{resources.api${group}.records_${kind - 1}.id}}`, root_id: `{{resources.api${group}.records_0.id}}`, size: '{{args.page_size:int}}' },
      });
    }
  }
  return legacy(steps, resources, ['page_size']);
}

const V4_RESOURCES = ['ticketing/tickets', 'ticketing/comments', 'crm/contacts', 'crm/accounts', 'user-directory/users'];

/** A runtime-4 node `name` of kind `i % 5` depending on `parent`, with JSONata in run_if and transforms. */
function v4Node(i: number, name: string, parent: string): Record<string, unknown> {
  const resource = V4_RESOURCES[i % V4_RESOURCES.length];
  const [model, res] = resource.split('/');
  const access = model.includes('-') ? `resources.\`${model}\`.${res}` : `resources.${model}.${res}`;
  switch (i % 5) {
    case 0:
      return {
        name,
        type: 'request',
        depends_on: parent,
        resource,
        method: 'list',
        integrated_account_id: '{{args.integrated_account_id}}',
        run_if: '$exists(args.webhook_id)',
        query: { updated_at: { gt: '{{args.start_date}}' }, limit: '{{args.page_size:int}}' },
      };
    case 1:
      return {
        name,
        type: 'transform',
        depends_on: parent,
        run_if: `$count(${access}) > 0`,
        config: { expression: `$map(${access}, function($r) { { "id": $r.id, "name": $r.name, "seen_at": $now() } })` },
      };
    case 2:
      return {
        name,
        type: 'request',
        depends_on: parent,
        resource: 'ticketing/comments',
        method: 'list',
        loop_on: 'resources.ticketing.tickets',
        integrated_account_id: '{{args.integrated_account_id}}',
        query: { ticket: { id: '{{resources.ticketing.tickets.id}}' } },
      };
    case 3:
      return { name, type: 'add_context', depends_on: parent, config: { expression: `{ "batch_${i}": $string(args.start_date) }` } };
    default:
      return {
        name,
        type: 'transform',
        depends_on: parent,
        run_if: `resources.\`${parent}\` != null and $exists(args.webhook_id)`,
        config: { expression: `resources.\`${parent}\`.{ "id": id, "kind": "${res}" }` },
      };
  }
}

function v4(steps: number, middle: (count: number) => Record<string, unknown>[]): string {
  const first = [
    { name: 'cursor', type: 'get_state', config: { key: 'last_synced_at', default: '{{args.start_date}}' } },
    {
      name: 'tickets',
      type: 'request',
      depends_on: 'cursor',
      resource: 'ticketing/tickets',
      method: 'list',
      integrated_account_id: '{{args.integrated_account_id}}',
      query: { updated_at: { gt: '{{args.start_date}}' } },
    },
  ];
  const last = [
    { name: 'to-webhook', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['tickets'], run_if: '$exists(args.webhook_id)' },
    { name: 'done', type: 'event', config: { name: 'complete' } },
    {
      name: 'advance-cursor',
      type: 'update_state',
      depends_on: 'done',
      config: { key: 'last_synced_at', value_expression: "sync_job_run.status = 'completed' ? sync_job_run.started_at.toISOString()" },
    },
  ];
  const resources = [...first, ...middle(Math.max(0, steps - first.length - last.length)), ...last];
  return `${JSON.stringify(
    {
      label: `Generated runtime 4, ${steps} nodes`,
      default_runtime_version: 4,
      integration_name: null,
      sharing: 'deny',
      mutex_key: '{{args.integrated_account_id}}',
      state_key: '{{args.integrated_account_id}}',
      args_schema: {
        integrated_account_id: { type: 'string', format: 'integrated_account_id', required: true },
        webhook_id: { type: 'string', format: 'webhook_id', required: false },
        start_date: { type: 'string', format: 'date', required: true },
        page_size: { type: 'integer', required: false },
      },
      resources,
    },
    null,
    2,
  )}\n`;
}

/** Runtime 4: one chain of nodes after `tickets`. */
function v4Chain(steps: number): string {
  return v4(steps, (count) => Array.from({ length: count }, (_, i) => v4Node(i, `node-${i}`, i === 0 ? 'tickets' : `node-${i - 1}`)));
}

/** Runtime 4: every node depends on `tickets`. */
function v4FanOut(steps: number): string {
  return v4(steps, (count) => Array.from({ length: count }, (_, i) => v4Node(i, `node-${i}`, 'tickets')));
}

export function generateShape(shape: TemplateShape, steps: number): string {
  switch (shape) {
    case 'groups':
      return generateLegacyTemplate(steps);
    case 'chain':
      return legacyChain(steps);
    case 'fan-out':
      return legacyFanOut(steps);
    case 'duplicates':
      return legacyDuplicates(steps);
    case 'v4-chain':
      return v4Chain(steps);
    case 'v4-fan-out':
      return v4FanOut(steps);
  }
}
