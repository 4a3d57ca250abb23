/** Truto's public API. On-premises editions set their own base URL. */
export const DEFAULT_BASE_URL = 'https://api.truto.one';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Checks where a token may be sent. HTTPS is required: the token is a bearer credential.
 * Plain http is allowed only to this machine (a local test server). Credentials, queries and
 * fragments in the URL are refused; a trailing slash is dropped.
 */
export function checkBaseUrl(value: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, message: `"${value}" is not a URL. Set it to Truto's API address, for example ${DEFAULT_BASE_URL}.` };
  }
  if (url.username || url.password) return { ok: false, message: 'The API base URL must not contain a user name or password: the token is sent as a header.' };
  if (url.search || url.hash) return { ok: false, message: 'The API base URL must not contain a query or fragment.' };
  if (url.protocol === 'http:') {
    if (!isLoopback(url.hostname)) {
      return { ok: false, message: `Refusing to send the API token over plain http to ${url.host}. Use https (plain http is allowed only for localhost / 127.0.0.1 / ::1).` };
    }
  } else if (url.protocol !== 'https:') {
    return { ok: false, message: `The API base URL must use https (got ${url.protocol.replace(':', '')}).` };
  }
  const normalized = url.toString().replace(/\/+$/, '');
  return { ok: true, url: normalized };
}
