import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageText } from '../../server/src/cli/outputFormats';
import { createLanguageService } from '../../server/src/service/languageService';
import { templateDocument } from '../support/cursor';

/**
 * No false alarm: realistic, valid runtime 4 templates that combine Truto's documented patterns
 * (domain file §7–§8, §13) check with no finding at all from the full language service (schema,
 * placeholders, scopes, node graph, authoring checks, JSONata). Each one was written as a user
 * would; a finding on any of them is a false alarm to fix at its root, not here.
 */
const service = createLanguageService();

const ACCOUNT_ARGS = {
  integrated_account_id: { type: 'string', format: 'integrated_account_id', required: true },
  webhook_id: { type: 'string', format: 'webhook_id', required: true },
};

function v4(resources: Record<string, unknown>[], extra: Record<string, unknown> = {}, args: Record<string, unknown> = ACCOUNT_ARGS): string {
  return JSON.stringify({ label: 'Clean template', description: 'A valid runtime 4 template.', default_runtime_version: 4, args_schema: args, ...extra, resources }, null, 2);
}

const account = { integrated_account_id: '{{args.integrated_account_id}}' };
const webhook = (name: string, persist: string[], more: Record<string, unknown> = {}) => ({ name, type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: persist, ...more });
const completeAndAdvance = (value_expression: string, key = 'last_synced_at') => [
  { name: 'done', type: 'event', config: { name: 'complete' } },
  { name: 'advance-cursor', type: 'update_state', depends_on: 'done', config: { key, value_expression } },
];

const TEMPLATES: Record<string, string> = {
  'incremental cursor: get_state + add_context + {{last_synced_at}} (the domain example)': v4(
    [
      { name: 'cursor', type: 'get_state', config: { key: 'last_synced_at', default: '{{args.start_date}}' } },
      { name: 'expose-cursor', type: 'add_context', depends_on: 'cursor', config: { expression: '{ "last_synced_at": resources.cursor.value }' } },
      { name: 'tickets', type: 'request', depends_on: 'expose-cursor', resource: 'ticketing/tickets', method: 'list', ...account, query: { updated_at: { gt: '{{last_synced_at}}' } } },
      { name: 'comments', type: 'request', depends_on: 'tickets', resource: 'ticketing/comments', method: 'list', loop_on: 'resources.ticketing.tickets', ...account, query: { ticket: { id: '{{resources.ticketing.tickets.id}}' } } },
      webhook('to-webhook', ['tickets', 'comments']),
      ...completeAndAdvance("sync_job_run.status = 'completed' ? sync_job_run.started_at.toISOString()"),
    ],
    { mutex_key: '{{args.integrated_account_id}}', state_key: '{{args.integrated_account_id}}', args_validation: '$exists(args.webhook_id) ? null : { "message": "webhook_id is required" }' },
    { ...ACCOUNT_ARGS, start_date: { type: 'string', format: 'date', required: true } },
  ),

  'incremental cursor read in JSONata with a dashed get_state node and a Luxon overlap window': v4(
    [
      { name: 'get-last-synced-at', type: 'get_state', config: { key: 'cursor', default: '1970-01-01T00:00:00.000Z' } },
      { name: 'since', type: 'add_context', depends_on: 'get-last-synced-at', config: { expression: '{ "since": $dtFromIso(resources.`get-last-synced-at`.value).minus({ "minutes": 2 }).toUTC().toISO() }' } },
      { name: 'contacts', type: 'request', depends_on: 'since', resource: 'crm/contacts', method: 'list', ...account, query: '{ "updated_after": since, "limit": 100 }' },
      webhook('send', ['contacts']),
      ...completeAndAdvance('sync_job_run.started_at.toISOString()', 'cursor'),
    ],
    { state_key: 'contacts-{{args.integrated_account_id}}' },
  ),

  'per-record fan-out: loop_on a node output, {{resources.<node>.x}} in id': v4([
    { name: 'users', type: 'request', resource: 'user-directory/users', method: 'list', ...account },
    { name: 'active-users', type: 'transform', depends_on: 'users', config: { expression: 'resources.`user-directory`.users[status = "active"]' } },
    { name: 'user-detail', type: 'request', depends_on: 'active-users', resource: 'user-directory/users', method: 'get', id: '{{resources.active-users.id}}', loop_on: 'resources.active-users', ...account },
    webhook('out', ['user-detail']),
  ]),

  'datastore destination with loop_on payload.records and {{payload.records.x}}': v4(
    [
      { name: 'pages', type: 'request', resource: 'knowledge-base/pages', method: 'list', ...account },
      { name: 'as-files', type: 'transform', depends_on: 'pages', config: { expression: 'resources.`knowledge-base`.pages.{ "file_name": id & ".md", "content": $convertHtmlToMarkdown(body), "folder": $lowercase(space) }' } },
      {
        name: 'to-s3',
        type: 'destination',
        destination_type: 'datastore',
        method: 'uploadObject',
        loop_on: 'payload.records',
        config: { id: '{{args.datastore_id}}', config: { path: '{{args.prefix}}/{{payload.records.folder}}', file_name: '{{payload.records.file_name}}', content: '{{payload.records.content}}', headers: { 'Content-Type': 'text/markdown' } } },
        resources_to_persist: ['as-files'],
      },
    ],
    {},
    { integrated_account_id: ACCOUNT_ARGS.integrated_account_id, datastore_id: { type: 'string', required: true }, prefix: { type: 'string', required: false, default: 'kb' } },
  ),

  'recurse on a dashed unified path reading the node\'s own output': v4([
    { name: 'root-pages', type: 'request', resource: 'knowledge-base/pages', method: 'list', ...account },
    {
      name: 'page-content',
      type: 'request',
      depends_on: 'root-pages',
      resource: 'knowledge-base/page-content',
      method: 'list',
      loop_on: 'resources.knowledge-base.pages',
      ...account,
      query: { page_id: '{{resources.knowledge-base.pages.id}}' },
      recurse: { if: '{{resources.knowledge-base.page-content.has_children:bool}}', config: { query: { parent_id: '{{resources.knowledge-base.page-content.id}}' } } },
    },
    webhook('out', ['root-pages', 'page-content']),
  ]),

  'transforms: variables, lambdas, $map, regex, ~>, $$, $firstNonEmpty, $reduce': v4([
    { name: 'contacts', type: 'request', resource: 'crm/contacts', method: 'list', ...account },
    {
      name: 'normalised',
      type: 'transform',
      depends_on: 'contacts',
      debug: true,
      config: {
        expression:
          '(\n  $clean := function($s) { $s ~> $trim ~> $lowercase };\n  $domain := function($email) { $match($email, /@([a-z0-9.-]+)$/i).groups[0] };\n  $map(resources.crm.contacts, function($c, $i) {\n    {\n      "id": $c.id,\n      "email": $clean($firstNonEmpty($c.email_addresses[0].email, $c.emails[0])),\n      "domain": $domain($c.email_addresses[0].email),\n      "name": $join([$c.first_name, $c.last_name][$], " "),\n      "phones": $count($c.phone_numbers),\n      "position": $i,\n      "tenant": $$.tenant_id,\n      "score": $reduce($c.tags, function($acc, $t) { $acc + $length($t) }, 0)\n    }\n  }) ~> $filter(function($r) { $exists($r.email) and $contains($r.email, /^[^@]+@/) })\n)',
      },
    },
    webhook('out', ['normalised']),
  ]),

  'string query and body JSONata on requests': v4(
    [
      { name: 'tickets', type: 'request', resource: 'ticketing/tickets', method: 'list', ...account, query: '{ "status": args.status ? args.status : "open", "created_at": { "gte": $now() } }' },
      { name: 'tag', type: 'request', depends_on: 'tickets', resource: 'ticketing/tickets', method: 'update', id: '{{resources.ticketing.tickets.id}}', loop_on: 'resources.ticketing.tickets', ...account, body: '{ "tags": $append(resources.ticketing.tickets.tags, "synced"), "note": "Synced by " & tenant_id }' },
      webhook('out', ['tickets']),
    ],
    {},
    { ...ACCOUNT_ARGS, status: { type: 'string', required: false } },
  ),

  '$truto_merge with :json placeholders in an object query': v4(
    [
      { name: 'contacts', type: 'request', resource: 'crm/contacts', method: 'list', ...account, query: { $truto_merge: ['{{args.filters:json}}', '{{args.extra_query:json}}'], limit: '{{args.page_size:int}}' } },
      webhook('out', ['contacts']),
    ],
    {},
    { ...ACCOUNT_ARGS, filters: { type: 'object', required: false }, extra_query: { type: 'object', required: false }, page_size: { type: 'number', required: false, default: 100 } },
  ),

  'optional arguments guarded by run_if on nodes and destinations': v4(
    [
      { name: 'employees', type: 'request', resource: 'hris/employees', method: 'list', ...account },
      { name: 'departments', type: 'request', run_if: '$exists(args.include_departments) and args.include_departments = true', resource: 'hris/departments', method: 'list', ...account },
      webhook('to-webhook', ['employees', 'departments'], { run_if: '$exists(args.webhook_id)' }),
      { name: 'to-superquery', type: 'destination', destination_type: 'superquery', run_if: '$exists(args.superquery_id)', config: { id: '{{args.superquery_id}}' }, resources_to_persist: ['employees'] },
    ],
    {},
    { integrated_account_id: ACCOUNT_ARGS.integrated_account_id, webhook_id: { type: 'string', format: 'webhook_id', required: false }, superquery_id: { type: 'string', required: false }, include_departments: { type: 'boolean', required: false } },
  ),

  'event complete + update_state with a plain value and delete_state': v4(
    [
      { name: 'start', type: 'event', config: { name: 'start' } },
      { name: 'tickets', type: 'request', depends_on: 'start', resource: 'ticketing/tickets', method: 'list', ...account },
      webhook('out', ['tickets']),
      { name: 'done', type: 'event', config: { name: 'complete' } },
      { name: 'remember-run', type: 'update_state', depends_on: 'done', config: { key: 'last_run', value: '{{sync_job_run.id}}' } },
      { name: 'forget-backfill', type: 'delete_state', depends_on: 'done', config: { key: 'backfill_page' } },
      { name: 'failed', type: 'event', config: { name: 'error' } },
    ],
    { state_key: '{{args.integrated_account_id}}', mutex_key: 'tickets-{{args.integrated_account_id}}' },
  ),

  'spool barrier then a transform with total_records_size and $groupBy': v4([
    { name: 'comments', type: 'request', resource: 'ticketing/comments', method: 'list', ...account },
    { name: 'all-comments', type: 'spool', depends_on: 'comments' },
    { name: 'by-ticket', type: 'transform', depends_on: 'all-comments', config: { expression: '( $grouped := $groupBy(resources.`all-comments`, "ticket_id"); $keys($grouped).{ "ticket_id": $, "count": $count($lookup($grouped, $)), "of": $$.total_records_size } )' } },
    webhook('out', ['by-ticket']),
  ]),

  'account context keys, tenant_id and add_context keys read without being declared': v4([
    { name: 'ctx', type: 'add_context', config: { expression: '( $base := instance_url & "/api"; { "base_url": $base, "synced_by": tenant_id, "region": $firstNonEmpty(region, "us") } )' } },
    { name: 'records', type: 'request', depends_on: 'ctx', resource: 'custom-records', method: 'list', ...account, query: { base: '{{base_url}}', region: '{{region}}', tenant: '{{tenant_id}}', site: '{{instance_url}}' } },
    webhook('out', ['records'], { run_if: 'synced_by = tenant_id' }),
  ]),

  'args_validation with a block, variables and regex; args_schema with defaults': v4(
    [
      { name: 'accounts', type: 'request', resource: 'crm/accounts', method: 'list', ...account, query: { created_after: '{{args.since}}', page_size: '{{args.page_size:int}}' } },
      webhook('out', ['accounts']),
    ],
    {
      args_validation:
        '(\n  $errors := [\n    $not($contains(args.since, /^\\d{4}-\\d{2}-\\d{2}/)) ? "since must be an ISO date",\n    args.page_size > 500 ? "page_size is at most 500"\n  ];\n  $count($errors) = 0 ? null : { "message": $join($errors, "; ") }\n)',
    },
    { ...ACCOUNT_ARGS, since: { type: 'string', format: 'date', required: true }, page_size: { type: 'number', required: false, default: 100 } },
  ),

  'two upstream branches, a dashed node read with backticks deep in a path': v4([
    { name: 'crm-accounts', type: 'request', resource: 'crm/accounts', method: 'list', ...account },
    { name: 'account-index', type: 'transform', depends_on: 'crm-accounts', config: { expression: '$keyBy(resources.crm.accounts, "id")' } },
    { name: 'crm-contacts', type: 'request', depends_on: 'account-index', resource: 'crm/contacts', method: 'list', ...account },
    {
      name: 'enriched',
      type: 'transform',
      depends_on: 'crm-contacts',
      config: { expression: 'resources.crm.contacts.( $c := $; $merge([$c, { "account": $lookup($$.resources.`account-index`, $c.account_id).name }]) )' },
    },
    webhook('out', ['enriched']),
  ]),

  'proxy single-segment resource, custom method, datastore upsert with record fields': v4(
    [
      { name: 'articles', type: 'request', resource: 'articles', method: 'list', ...account, query: { per_page: '100', updated_since: '{{args.since}}' } },
      { name: 'chunks', type: 'transform', depends_on: 'articles', config: { expression: 'resources.articles.$recursiveCharacterTextSplitter(body, { "chunkSize": 1000 }).{ "id": $uuid(), "text": $ }' } },
      {
        name: 'to-qdrant',
        type: 'destination',
        destination_type: 'datastore',
        method: 'upsertPoints',
        loop_on: 'payload.records',
        config: { id: '{{args.datastore_id}}', config: { collection: '{{args.collection}}', id: '{{payload.records.id}}', text: '{{payload.records.text}}' } },
        resources_to_persist: ['chunks'],
      },
    ],
    {},
    { integrated_account_id: ACCOUNT_ARGS.integrated_account_id, datastore_id: { type: 'string', required: true }, collection: { type: 'string', required: true }, since: { type: 'string', required: false } },
  ),

  'loop_on an array argument, run_if on the current element, destination config.expression reading persisted nodes': v4(
    [
      { name: 'tickets', type: 'request', resource: 'ticketing/tickets', method: 'get', id: '{{args.ticket_ids}}', loop_on: 'args.ticket_ids', ...account },
      { name: 'comments', type: 'request', depends_on: 'tickets', run_if: 'resources.ticketing.tickets.comment_count > 0', resource: 'ticketing/comments', method: 'list', loop_on: 'resources.ticketing.tickets', ...account, query: { ticket_id: '{{resources.ticketing.tickets.id}}' } },
      {
        name: 'out',
        type: 'destination',
        destination_type: 'webhook',
        run_if: '$count(resources.ticketing.comments) > 0 or $exists(resources.tickets)',
        config: { id: '{{args.webhook_id}}', expression: '{ "tickets": resources.tickets, "comments": $count(resources.comments) }' },
        resources_to_persist: ['tickets', 'comments'],
      },
    ],
    {},
    { ...ACCOUNT_ARGS, ticket_ids: { type: 'array', required: true } },
  ),

  'args_schema as a JSON Schema object (shape A) read from placeholders and JSONata': v4(
    [
      { name: 'files', type: 'request', resource: 'file-storage/drive-items', method: 'list', ...account, query: '{ "folder_id": args.folder_id, "recursive": true }' },
      { name: 'only-docs', type: 'transform', depends_on: 'files', run_if: '$exists(args.folder_id)', config: { expression: 'resources.`file-storage`.`drive-items`[$contains(mime_type, "document")]' } },
      webhook('out', ['only-docs']),
    ],
    { args_validation: '$exists(args.folder_id) and $type(args.folder_id) = "string" ? null : { "message": "folder_id must be a string" }' },
    {
      type: 'object',
      // Shape A marks each property `required` (a boolean), not a list of names (domain file §10.1).
      properties: { integrated_account_id: { type: 'string', format: 'integrated_account_id', required: true }, webhook_id: { type: 'string', format: 'webhook_id', required: true }, folder_id: { type: 'string', required: false } },
    },
  ),

  'advanced JSONata: ?:, ??, descendants, parent, positional and context bindings, $sift/$each/$spread/$zip': v4([
    { name: 'deals', type: 'request', resource: 'crm/opportunities', method: 'list', ...account },
    {
      name: 'deal-rows',
      type: 'transform',
      depends_on: 'deals',
      config: {
        expression:
          '(\n  $rows := resources.crm.opportunities#$i@$d.{ "pos": $i, "id": $d.id, "owner": $d.owner.name ?: "unassigned", "amount": $d.amount ?? 0, "stage": $d.stage.%.name };\n  $extra := $sift(resources.crm.opportunities[0], function($v, $k) { $substring($k, 0, 4) = "cust" });\n  $pairs := $zip($rows.id, $rows.amount);\n  { "rows": $rows, "extra": $each($extra, function($v, $k) { $k & "=" & $string($v) }), "spread": $spread($extra), "pairs": $pairs, "all_ids": **.id, "split": $split("a,b", /,\\s*/) }\n)',
      },
    },
    webhook('out', ['deal-rows']),
  ]),

  'cursor advanced from the synced records: update_state reads a node upstream of its event': v4(
    [
      { name: 'cursor', type: 'get_state', config: { key: 'updated_after', default: '{{args.start-date}}' } },
      { name: 'tickets', type: 'request', depends_on: 'cursor', resource: 'ticketing/tickets', method: 'list', ...account, query: { updated_after: '{{resources.cursor.value}}' } },
      webhook('out', ['tickets']),
      { name: 'done', type: 'event', depends_on: 'tickets', config: { name: 'complete' } },
      { name: 'save', type: 'update_state', depends_on: 'done', config: { key: 'updated_after', value_expression: '$count(resources.ticketing.tickets) > 0 ? $max(resources.ticketing.tickets.updated_at.$toMillis($)) ~> $fromMillis() : undefined' } },
    ],
    { state_key: '{{args.integrated_account_id}}', args_validation: 'args.`start-date` and $not($contains(args.`start-date`, "T")) ? { "message": "start-date is a date, not a timestamp" } : null' },
    { ...ACCOUNT_ARGS, 'start-date': { type: 'string', format: 'date', required: true } },
  ),
};

describe('valid runtime 4 templates check clean (no false alarm)', () => {
  for (const [name, text] of Object.entries(TEMPLATES)) {
    it(name, async () => {
      const document = templateDocument(text);
      const found = await service.validate(document);
      assert.deepEqual(
        found.map((d) => `${String(d.code)} at "${document.getText(d.range)}": ${messageText(d.message)}`),
        [],
      );
    });
  }
});
