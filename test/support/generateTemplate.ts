/**
 * A realistic legacy template of `steps` steps: chains of parent/child steps with depends_on,
 * placeholders reading args and upstream records, casts, defaults, loop_on over an array arg.
 */
export function generateLegacyTemplate(steps: number): string {
  const args = {
    type: 'object',
    properties: {
      user_ids: { type: 'array', required: true, description: 'Users to sync' },
      page_size: { type: 'integer', required: false, default: 100 },
      since: { type: 'string', format: 'date', required: false },
      workspace_id: { type: 'string', required: true },
    },
  };
  const resources: Record<string, unknown>[] = [];
  for (let i = 0; i < steps; i++) {
    const group = Math.floor(i / 4);
    const kind = i % 4;
    const path = `api${group}/records_${kind}`;
    if (kind === 0) {
      resources.push({ resource: path, method: 'list', query: { limit: '{{args.page_size:int}}', updated_at: { gt: '{{args.since|previous_run_date}}' }, workspace: '{{args.workspace_id}}' } });
    } else if (kind === 3) {
      resources.push({ resource: path, method: 'get', loop_on: 'user_ids', id: '{{args.user_ids}}', persist: false });
    } else {
      const parent = `api${group}/records_${kind - 1}`;
      resources.push({
        resource: path,
        method: 'list',
        depends_on: parent,
        query: { parent_id: `{{resources.api${group}.records_${kind - 1}.id}}`, label: `prefix-{{resources.api${group}.records_${kind - 1}.name?:none}}`, size: '{{args.page_size:int}}' },
      });
    }
  }
  return `${JSON.stringify({ label: `Generated ${steps}`, integration_name: 'zendesk', default_runtime_version: 3, sharing: 'deny', args_schema: args, resources }, null, 2)}\n`;
}
