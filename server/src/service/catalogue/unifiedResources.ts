/**
 * Truto's unified APIs and their resources, for `resource` completion. From Truto's public API
 * reference and catalogue pages (see the domain notes). Methods are listed where the reference
 * documents them; `confirmed` is false for slugs read off a display name rather than an API path.
 * Proxy and custom resources are integration-specific and are never flagged for being absent here.
 */
export interface UnifiedResource {
  readonly api: string;
  readonly resource: string;
  readonly methods?: readonly string[];
  readonly confirmed: boolean;
}

const CRUD = ['list', 'get', 'create', 'update', 'delete'];

type Entry = string | [string, readonly string[]] | [string, readonly string[] | undefined, false];

const CATALOGUE: Record<string, readonly Entry[]> = {
  crm: ['accounts', 'associations', ['contacts', CRUD], ['engagement_types', undefined, false], 'engagements', ['field_groups', undefined, false], 'fields', 'leads', 'notes', 'opportunities', 'pipelines', 'projects', 'stages', 'tasks', 'users', 'views', 'workspaces', 'companies'],
  ats: [['activities', ['list', 'create']], ['applications', ['list', 'get', 'move-stage', 'reject']], ['attachments', ['list', 'create', 'download']], 'candidates', 'departments', 'eeocs', 'interviews', ['job_form_fields', undefined, false], ['job_interview_stages', ['list', 'get']], 'jobs', 'offers', 'offices', 'organizations', ['reject_reasons', undefined, false], 'scorecards', 'tags', 'users'],
  hris: [['bank_info', undefined, false], ['benefits', ['list', 'create', 'get', 'update']], ['companies', ['list', 'get']], ['company_benefits', ['list']], ['employee_compensations', undefined, false], ['employee_payroll_runs', undefined, false], ['employees', ['list', 'create', 'get']], 'employments', 'fields', ['group_types', undefined, false], 'groups', ['job_roles', undefined, false], 'locations', ['pay_groups', undefined, false], ['payroll_runs', undefined, false], 'tags', ['timeoff_balances', undefined, false], ['timeoff_requests', undefined, false]],
  accounting: [['accounts', CRUD], ['attachments', ['list', 'get']], 'budgets', ['company_info', ['list', 'get']], ['contact_groups', undefined, false], 'contacts', ['credit_notes', undefined, false], 'currencies', 'employees', 'expenses', 'invoices', ['item_receipts', undefined, false], 'items', ['journal_entries', undefined, false], ['payment_method', undefined, false], 'payments', ['purchase_order_requisitions', undefined, false], ['purchase_orders', undefined, false], ['tax_rates', undefined, false], ['tracking_categories', undefined, false], 'transactions'],
  ticketing: [['accounts', CRUD], ['attachments', ['list', 'create', 'get', 'update', 'download']], 'collections', ['comments', ['list']], 'contacts', 'fields', 'tags', 'teams', ['ticket_priorities', ['list']], ['ticket_status', ['list']], ['ticket_types', ['list']], ['tickets', ['list', 'get', 'create', 'update']], 'users', 'workspaces'],
  'user-directory': ['activities', 'billing', 'groups', 'licenses', 'me', 'organizations', ['role_assignments', undefined, false], ['roles', CRUD], ['users', CRUD], 'utilization', 'workspaces'],
  'knowledge-base': ['collections', 'comments', ['files', ['download']], ['page-content', ['list', 'get', 'append', 'export']], ['page-exports', undefined, false], ['pages', ['list', 'get', 'create', 'update']], 'permissions', ['spaces', ['list', 'get']], 'tags', 'users'],
  'file-storage': [['drive-items', ['list', 'get', 'create', 'delete', 'download'], false], ['drives', ['list', 'get', 'create']], 'files', ['folders', CRUD], 'groups', 'permissions', 'tags', 'users', 'webhooks', 'workspaces'],
  calendar: ['attachments', 'availability', 'calendars', 'contacts', ['event_types', undefined, false], ['events', CRUD], 'users'],
  'instant-messaging': ['attachments', ['channels', ['list', 'get', 'join']], 'groups', ['members', ['list', 'get']], ['messages', ['create', 'list']], 'organizations', ['workspaces', ['list']]],
  'e-signature': ['collections', 'contacts', ['document_fields', undefined, false], 'documents', ['field_groups', undefined, false], 'fields', 'groups', ['signing_request_statuses', undefined, false], ['signing_requests', undefined, false], 'stages', 'templates', 'users', 'workspaces'],
  conferencing: ['attendees', 'meetings', 'transcripts'],
  'conversational-intelligence': ['meetings', 'transcripts', 'users'],
};

/** Unified APIs whose slugs were read off display names (not confirmed by an API path). */
const UNCONFIRMED_APIS: Record<string, readonly string[]> = {
  'marketing-automation': ['actions', 'automations', 'campaigns', 'contacts', 'events', 'lists', 'messages', 'segments', 'tags', 'templates', 'users', 'workspaces'],
  'ci-cd': ['artifacts', 'branch-protection-rules', 'branches', 'builds', 'caches', 'jobs', 'organizations', 'pull-requests', 'repos', 'workflow', 'workspaces'],
  forms: ['collections', 'contacts', 'fields', 'forms', 'groups', 'organizations', 'responses', 'users', 'workspaces'],
  lms: ['course-enrollments', 'course-items', 'courses', 'users'],
  search: ['search'],
  'usage-metering': ['organizations', 'products', 'usage', 'workspaces'],
  finance: ['accounts', 'balances', 'transactions'],
};

function expand(): UnifiedResource[] {
  const resources: UnifiedResource[] = [];
  for (const [api, entries] of Object.entries(CATALOGUE)) {
    for (const entry of entries) {
      if (typeof entry === 'string') resources.push({ api, resource: entry, confirmed: true });
      else {
        const [resource, methods, confirmed] = entry;
        resources.push({ api, resource, ...(methods ? { methods } : {}), confirmed: confirmed !== false });
      }
    }
  }
  for (const [api, names] of Object.entries(UNCONFIRMED_APIS)) {
    for (const resource of names) resources.push({ api, resource, confirmed: false });
  }
  return resources;
}

export const UNIFIED_RESOURCES: readonly UnifiedResource[] = expand();
