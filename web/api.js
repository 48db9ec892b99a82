// The public /v1 API: bearer token, JSON in and out, errors turned into plain words.

const TOKEN_KEY = 'scout.token';

export function getToken() {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

// A ready link (`/?token=...`, printed by `scout up`) signs in once: the token is stored
// and removed from the address bar, so it is not left in history or bookmarks.
export function takeTokenFromUrl() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (!token) return null;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  return token.trim();
}

export class ApiError extends Error {
  constructor(message, status, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.details = details;
  }
}

function sentence(text) {
  const t = String(text || '').trim();
  if (!t) return '';
  const s = t[0].toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

// FastAPI validation errors read like "body.reason: Value error, a reason is needed";
// a person needs only the part after the technical prefix.
function tidy(message) {
  return String(message || '')
    .split('; ')
    .map((part) => part.replace(/^[\w.[\]]*:\s*/, '').replace(/^Value error,\s*/i, ''))
    .filter(Boolean)
    .join('; ');
}

export function plainError(status, body) {
  const said = tidy(body && typeof body.error === 'string' ? body.error : '');
  if (status === 401) {
    return 'Your sign-in token was not accepted (it may be mistyped or revoked). Sign in again with a valid token.';
  }
  if (status === 403) return sentence(said) || 'You are not allowed to do that.';
  if (status === 404) return `${sentence(said) || 'Not found.'} It may have been removed, or it belongs to someone else.`;
  if (status === 409) return sentence(said) || 'That was already done; nothing changed.';
  if (status === 413) return 'That is too large to send. Try a smaller file or a shorter text.';
  if (status === 429) return 'Too many requests just now. Wait a moment and try again.';
  if (status >= 500) {
    return `Scout ran into a problem on the server (error ${status}). Your work is safe; try again in a moment.`;
  }
  return sentence(said) || `The request was not accepted (error ${status}).`;
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export async function api(path, { method = 'GET', body, query, signal } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(
      'Cannot reach the Scout server. Check your connection; Scout will catch up when it is back.',
      0,
    );
  }
  if (response.status === 204) return null;
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { error: '' };
    }
  }
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    const { error, ...details } = data || {};
    throw new ApiError(plainError(response.status, data), response.status, details);
  }
  return data;
}

// Every page of a cursor-paginated list (the mailbox, approvals).
export async function allPages(path, query = {}, key = 'items') {
  const items = [];
  let cursor = query.cursor;
  for (let i = 0; i < 200; i += 1) {
    const page = await api(path, { query: { ...query, cursor } });
    items.push(...page[key]);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return items;
}
