/**
 * The `format` values of an argument that can be checked with certainty. Formats not listed here
 * (`updated_at`, custom names, …) are never reported: when a rule is not known, say nothing.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

function checkDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function checkDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  return Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61;
}

function checkTime(value: string): boolean {
  const m = TIME.exec(value);
  return m !== null && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 61;
}

function checkUri(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

interface FormatRule {
  readonly check: (value: string) => boolean;
  /** What a valid value looks like, for the message. */
  readonly expected: string;
}

const RULES: Readonly<Record<string, FormatRule>> = {
  date: { check: checkDate, expected: 'an ISO date such as 2024-01-31' },
  'date-time': { check: checkDateTime, expected: 'an ISO date-time such as 2024-01-31T09:30:00Z' },
  time: { check: checkTime, expected: 'a time such as 09:30:00' },
  email: { check: (v) => EMAIL.test(v), expected: 'an email address' },
  uri: { check: checkUri, expected: 'an absolute URI such as https://example.com/path' },
  url: { check: checkUri, expected: 'an absolute URL such as https://example.com/path' },
  uuid: { check: (v) => UUID.test(v), expected: 'a UUID such as 3f1c2a9e-6b1d-4c57-9a0e-2b7f5d1e8c42' },
  // Truto's ids (the dashboard pickers of these formats) are UUIDs.
  integrated_account_id: { check: (v) => UUID.test(v), expected: 'an integrated account id (a UUID)' },
  webhook_id: { check: (v) => UUID.test(v), expected: 'a webhook id (a UUID)' },
  datastore_id: { check: (v) => UUID.test(v), expected: 'a datastore id (a UUID)' },
};

/** Whether the format is one this checks. */
export function isCheckedFormat(format: string): boolean {
  return Object.prototype.hasOwnProperty.call(RULES, format);
}

/** What is wrong with `value` for `format`, or undefined when it matches (or the format is not checked). */
export function formatProblem(format: string, value: string): string | undefined {
  if (!isCheckedFormat(format)) return undefined;
  const rule = RULES[format];
  return rule.check(value) ? undefined : rule.expected;
}
