/**
 * Starting points for a new sync job template ("New Sync Job Template" in the editor): a whole
 * template as an LSP/VS Code snippet, with tab stops on what the author fills in first, and the
 * same text with every tab stop at its default (which checks clean: a unit test holds it to that).
 * Pure: no editor, no I/O. The resource pairs come from the bundled unified API catalogue.
 */
import { UNIFIED_RESOURCES } from '../catalogue/unifiedResources';

export type StarterId = 'incremental-webhook' | 'fan-out' | 'legacy-list-children';

export interface Starter {
  readonly id: StarterId;
  readonly label: string;
  readonly detail: string;
  readonly runtime: 3 | 4;
}

export const STARTERS: readonly Starter[] = [
  {
    id: 'incremental-webhook',
    label: 'Incremental sync to a webhook (runtime 4)',
    detail: 'Reads a state cursor, lists the records updated since the last successful run, sends them to a webhook, then moves the cursor.',
    runtime: 4,
  },
  {
    id: 'fan-out',
    label: 'Fan-out with loop_on (runtime 4)',
    detail: 'Lists parent records, then fetches the children of each one (loop_on), and sends both to a webhook.',
    runtime: 4,
  },
  {
    id: 'legacy-list-children',
    label: 'List plus children (legacy, runtime 3)',
    detail: 'A flat list of steps: a parent list and a child list per parent record (depends_on), incremental through previous_run_date.',
    runtime: 3,
  },
];

/** A unified API with the parent → child pair its starting points sync. */
export interface StarterApi {
  readonly api: string;
  readonly label: string;
  /** Parent resource (listed), e.g. `tickets`. */
  readonly parent: string;
  /** Child resource (listed once per parent record), e.g. `comments`. */
  readonly child: string;
  /** The child's query parameter that names its parent, e.g. `ticket_id`. */
  readonly parentKey: string;
}

const API_PAIRS: readonly StarterApi[] = [
  { api: 'ticketing', label: 'Ticketing', parent: 'tickets', child: 'comments', parentKey: 'ticket_id' },
  { api: 'crm', label: 'CRM', parent: 'contacts', child: 'notes', parentKey: 'contact_id' },
  { api: 'ats', label: 'ATS (applicant tracking)', parent: 'candidates', child: 'applications', parentKey: 'candidate_id' },
  { api: 'hris', label: 'HRIS', parent: 'employees', child: 'employments', parentKey: 'employee_id' },
  { api: 'accounting', label: 'Accounting', parent: 'contacts', child: 'invoices', parentKey: 'contact_id' },
  { api: 'user-directory', label: 'User directory', parent: 'groups', child: 'users', parentKey: 'group_id' },
  { api: 'knowledge-base', label: 'Knowledge base', parent: 'spaces', child: 'pages', parentKey: 'space_id' },
  { api: 'file-storage', label: 'File storage', parent: 'drives', child: 'drive-items', parentKey: 'drive_id' },
  { api: 'calendar', label: 'Calendar', parent: 'calendars', child: 'events', parentKey: 'calendar_id' },
  { api: 'instant-messaging', label: 'Instant messaging', parent: 'channels', child: 'messages', parentKey: 'channel_id' },
  { api: 'e-signature', label: 'E-signature', parent: 'documents', child: 'fields', parentKey: 'document_id' },
  { api: 'conferencing', label: 'Conferencing', parent: 'meetings', child: 'transcripts', parentKey: 'meeting_id' },
];

const inCatalogue = (api: string, resource: string) => UNIFIED_RESOURCES.some((r) => r.api === api && r.resource === resource);

/** The APIs offered, each pair present in the bundled catalogue (a pair that is not is left out, never guessed). */
export const STARTER_APIS: readonly StarterApi[] = API_PAIRS.filter((p) => inCatalogue(p.api, p.parent) && inCatalogue(p.api, p.child));

// ------------------------------------------------------------------ snippet building

/** A tab stop in the template: rendered as `${n:default}` in the snippet and as `default` in the text. */
interface TabStop {
  readonly tabStop: number;
  readonly text: string;
}
const stop = (tabStop: number, text: string): TabStop => ({ tabStop, text });
/** An object key that is a tab stop (keys cannot hold objects): `\u0000n\u0000name`. */
const keyStop = (tabStop: number, name: string): string => `\u0000${tabStop}\u0000${name}`;
const KEY_STOP = /^\u0000(\d+)\u0000(.*)$/s;
type Value = string | number | boolean | null | TabStop | readonly Value[] | { readonly [key: string]: Value };

const isTabStop = (value: Value): value is TabStop => typeof value === 'object' && value !== null && !Array.isArray(value) && 'tabStop' in value;

/** Characters with a meaning in snippet syntax inside a placeholder's default (`}` ends it). */
const escapeSnippet = (text: string) => text.replace(/[\\$}]/g, (c) => `\\${c}`);
/** Outside a placeholder only `$` (and the escape character itself) has a meaning. */
const escapeSnippetText = (text: string) => text.replace(/[\\$]/g, (c) => `\\${c}`);

/**
 * Serializes `value` as 2-space JSON; tab stops become a snippet placeholder (or their default).
 * Small objects of scalars stay on one line, as a person would write them.
 */
function render(value: Value, snippet: boolean, indent = ''): string {
  const inner = `${indent}  `;
  const scalar = (v: Value): string => {
    if (isTabStop(v)) {
      const json = JSON.stringify(v.text);
      return snippet ? `"\${${v.tabStop}:${escapeSnippet(json.slice(1, -1))}}"` : json;
    }
    return snippet ? escapeSnippetText(JSON.stringify(v)) : JSON.stringify(v);
  };
  if (value === null || typeof value !== 'object' || isTabStop(value)) return scalar(value);
  if (Array.isArray(value)) {
    const items = value as readonly Value[];
    if (items.every((v) => v === null || typeof v !== 'object' || isTabStop(v))) return `[${items.map(scalar).join(', ')}]`;
    return `[\n${items.map((v) => `${inner}${render(v, snippet, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: Value });
  if (entries.length === 0) return '{}';
  const key = (k: string) => {
    const tab = KEY_STOP.exec(k);
    return tab ? scalar(stop(Number(tab[1]), tab[2])) : scalar(k);
  };
  const flat = entries.every(([, v]) => v === null || typeof v !== 'object' || isTabStop(v));
  const oneLine = `{ ${entries.map(([k, v]) => `${key(k)}: ${scalar(v)}`).join(', ')} }`;
  if (flat && indent.length >= 4 && oneLine.length + indent.length <= 110) return oneLine;
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${render(v, snippet, inner)}`).join(',\n')}\n${indent}}`;
}

// ------------------------------------------------------------------ the starting points

const ACCOUNT_ARG = { type: 'string', format: 'integrated_account_id', required: true, description: 'The connected account to sync.' };
const WEBHOOK_ARG = { type: 'string', format: 'webhook_id', required: true, description: 'The webhook that receives the records.' };

function titleOf(resource: string): string {
  const words = resource.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function incrementalWebhook(p: StarterApi): Value {
  const parentPath = `${p.api}/${p.parent}`;
  return {
    label: stop(1, `${titleOf(p.parent)} updated since the last run → webhook`),
    description: stop(2, `Sends ${p.api} ${p.parent.replace(/[-_]/g, ' ')} created or updated since the last successful run to a webhook.`),
    default_runtime_version: 4,
    sharing: 'deny',
    mutex_key: '{{args.integrated_account_id}}',
    state_key: '{{args.integrated_account_id}}',
    args_schema: {
      integrated_account_id: ACCOUNT_ARG,
      webhook_id: WEBHOOK_ARG,
      start_date: { type: 'string', format: 'date', required: true, description: 'On the first run, sync records updated after this date.' },
    },
    resources: [
      { name: 'cursor', type: 'get_state', config: { key: 'last_synced_at', default: '{{args.start_date}}' } },
      {
        name: p.parent,
        type: 'request',
        depends_on: 'cursor',
        resource: parentPath,
        method: 'list',
        integrated_account_id: '{{args.integrated_account_id}}',
        query: { [keyStop(3, 'updated_at')]: { gt: '{{resources.cursor.value}}' } },
      },
      { name: 'to-webhook', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: [p.parent] },
      { name: 'run-complete', type: 'event', config: { name: 'complete' } },
      {
        name: 'advance-cursor',
        type: 'update_state',
        depends_on: 'run-complete',
        config: { key: 'last_synced_at', value_expression: "sync_job_run.status = 'completed' ? sync_job_run.started_at.toISOString()" },
      },
    ],
  };
}

function fanOut(p: StarterApi): Value {
  return {
    label: stop(1, `${titleOf(p.parent)} with their ${p.child.replace(/[-_]/g, ' ')} → webhook`),
    description: stop(2, `Lists ${p.api} ${p.parent.replace(/[-_]/g, ' ')}, fetches the ${p.child.replace(/[-_]/g, ' ')} of each one and sends both to a webhook.`),
    default_runtime_version: 4,
    sharing: 'deny',
    mutex_key: '{{args.integrated_account_id}}',
    args_schema: { integrated_account_id: ACCOUNT_ARG, webhook_id: WEBHOOK_ARG },
    resources: [
      { name: p.parent, type: 'request', resource: `${p.api}/${p.parent}`, method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
      {
        name: p.child,
        type: 'request',
        depends_on: p.parent,
        resource: `${p.api}/${p.child}`,
        method: 'list',
        integrated_account_id: '{{args.integrated_account_id}}',
        loop_on: `resources.${p.api}.${p.parent}`,
        query: { [keyStop(3, p.parentKey)]: `{{resources.${p.api}.${p.parent}.id}}` },
      },
      { name: 'to-webhook', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: [p.parent, p.child] },
    ],
  };
}

function legacyListChildren(p: StarterApi): Value {
  return {
    label: stop(1, `${titleOf(p.parent)} with their ${p.child.replace(/[-_]/g, ' ')}`),
    description: stop(2, `Lists ${p.api} ${p.parent.replace(/[-_]/g, ' ')} updated since the previous run, and the ${p.child.replace(/[-_]/g, ' ')} of each one.`),
    default_runtime_version: 3,
    sharing: 'deny',
    resources: [
      { resource: `${p.api}/${p.parent}`, method: 'list', query: { [keyStop(3, 'updated_at')]: { gt: '{{previous_run_date}}' } } },
      {
        resource: `${p.api}/${p.child}`,
        method: 'list',
        depends_on: `${p.api}/${p.parent}`,
        query: { [keyStop(4, p.parentKey)]: `{{resources.${p.api}.${p.parent}.id}}` },
      },
    ],
  };
}

const BUILDERS: Record<StarterId, (p: StarterApi) => Value> = {
  'incremental-webhook': incrementalWebhook,
  'fan-out': fanOut,
  'legacy-list-children': legacyListChildren,
};

export interface StarterTemplate {
  /** The template as a snippet (VS Code / LSP syntax): tab stops on the label first. */
  readonly snippet: string;
  /** The same template with every tab stop at its default. */
  readonly text: string;
  /** A file name to suggest when it is saved, e.g. `ticketing-tickets-incremental.synctemplate.json`. */
  readonly fileName: string;
}

const FILE_SUFFIX: Record<StarterId, (p: StarterApi) => string> = {
  'incremental-webhook': (p) => `${p.api}-${p.parent}-incremental`,
  'fan-out': (p) => `${p.api}-${p.parent}-${p.child}`,
  'legacy-list-children': (p) => `${p.api}-${p.parent}-${p.child}-legacy`,
};

export function isStarterId(value: unknown): value is StarterId {
  return typeof value === 'string' && STARTERS.some((s) => s.id === value);
}

/** The starting point `starter` for the unified API `api`; undefined for an unknown one of either. */
export function starterTemplate(starter: StarterId, api: string): StarterTemplate | undefined {
  const pair = STARTER_APIS.find((p) => p.api === api);
  const build = BUILDERS[starter];
  if (!pair || !build) return undefined;
  const value = build(pair);
  return {
    // `$0` after the document: where the cursor lands once every tab stop is done.
    snippet: `${render(value, true)}\n$0`,
    text: `${render(value, false)}\n`,
    fileName: `${FILE_SUFFIX[starter](pair)}.synctemplate.json`,
  };
}
