// Scout in the browser: sign in, route, and keep every view current from the event stream.

import { api, getToken, setToken, takeTokenFromUrl, whenUnauthorized } from './api.js';
import { $, busy, errorBox, h, plural, showError } from './dom.js';
import { connectEvents } from './events.js';
import { applyEvent, catchUp, loadMailbox, on, reset, state } from './store.js';
import { mountApprovals } from './views/approvals.js';
import { mountHome } from './views/home.js';
import { mountMemory } from './views/memory.js';
import { mountNotices } from './views/notices.js';
import { mountOutreach } from './views/outreach.js';
import { mountProfileDialog } from './views/profile.js';
import { mountProject } from './views/project.js';
import { mountSearch } from './views/search.js';

const main = $('#main');
const nav = $('.mainnav');
const connection = $('#connection');
const signOutButton = $('#sign-out');
const openProfile = mountProfileDialog($('#profile'));

let view = null;
let events = null;
let started = false; // the first route keeps focus where the browser put it

function go(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

function parseRoute() {
  const parts = window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'projects' && parts[1]) {
    return { name: 'project', id: decodeURIComponent(parts[1]), section: parts[2] };
  }
  if (parts[0] === 'approvals') return { name: 'approvals' };
  if (parts[0] === 'outreach' && parts[1]) return { name: 'outreach', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'search') return { name: 'search' };
  if (parts[0] === 'memory') return { name: 'memory' };
  return { name: 'home' };
}

function route() {
  if (!getToken()) return;
  const r = parseRoute();
  for (const link of nav.querySelectorAll('a')) {
    const current = link.dataset.nav === r.name || (r.name === 'project' && link.dataset.nav === 'home');
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (r.name === 'project' && view?.projectId === r.id) {
    if (r.section) view.show(r.section);
    return;
  }
  view?.unmount?.();
  document.title = 'Scout';
  if (r.name === 'project') view = mountProject(main, r.id, { go, openProfile });
  else if (r.name === 'approvals') view = mountApprovals(main, { go });
  else if (r.name === 'outreach') view = mountOutreach(main, r.id, { go });
  else if (r.name === 'search') view = mountSearch(main, { openProfile });
  else if (r.name === 'memory') view = mountMemory(main);
  else view = mountHome(main, { go });
  if (r.name === 'project' && r.section) view.show(r.section);
  else if (started) view.focus?.();
  started = true;
}

function setConnection(status) {
  state.connection = status;
  connection.hidden = false;
  connection.dataset.state = status;
  connection.textContent = status === 'live' ? 'Live' : 'Reconnecting…';
  connection.title =
    status === 'live'
      ? 'Connected: updates appear as they happen.'
      : 'Connection lost: reconnecting, and catching up on what was missed.';
}

function renderApprovalsCount() {
  const badge = $('#approvals-count');
  const n = state.approvals.length;
  badge.hidden = n === 0;
  badge.textContent = String(n);
  badge.parentElement.setAttribute('aria-label', n ? `Approvals, ${plural(n, 'waiting')}` : 'Approvals');
}

function start() {
  nav.hidden = false;
  signOutButton.hidden = false;
  connection.hidden = false;
  connection.textContent = 'Connecting…';
  events = connectEvents(getToken(), {
    onEvent: applyEvent,
    onStatus: setConnection,
    onOpen: () => catchUp(view?.projectId),
  });
  loadMailbox().catch(() => {});
  route();
}

function signOut(message) {
  events?.close();
  events = null;
  setToken(null);
  reset();
  view?.unmount?.();
  view = null;
  started = false;
  nav.hidden = true;
  signOutButton.hidden = true;
  connection.hidden = true;
  $('#notices').replaceChildren();
  showSignIn(message);
}

function showSignIn(message) {
  document.title = 'Sign in · Scout';
  const token = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'token-hint',
  });
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Sign in' });
  const problem = errorBox('sign-in');
  const heading = h('h1', { id: 'page-title', tabindex: '-1', text: 'Sign in to Scout' });
  main.replaceChildren(
    h(
      'form',
      {
        class: 'signin',
        onsubmit: (e) => {
          e.preventDefault();
          busy(submit, problem, async () => {
            const value = token.value.trim();
            if (!value) throw new Error('Paste your access token first.');
            await checkToken(value);
            start();
          });
        },
      },
      heading,
      h('label', { for: 'token', text: 'Access token' }),
      token,
      h(
        'p',
        { id: 'token-hint', class: 'hint' },
        h('code', { text: 'scout up' }),
        ' prints a sign-in link and a token; ',
        h('code', { text: 'scout token create' }),
        ' makes a new one.',
      ),
      problem,
      h('div', { class: 'row' }, submit),
    ),
  );
  if (message) showError(problem, new Error(message));
  token.focus();
}

async function checkToken(value) {
  setToken(value);
  try {
    await api('/v1/mailbox', { query: { limit: 1 } });
  } catch (err) {
    setToken(null);
    throw err;
  }
}

whenUnauthorized(() => {
  // Only once signed in: a token being checked at sign-in reports its own error.
  if (getToken() && events) {
    signOut('Your sign-in token was not accepted (it may be mistyped or revoked). Sign in again.');
  }
});

signOutButton.addEventListener('click', () => signOut());
window.addEventListener('hashchange', route);
window.addEventListener('storage', (e) => {
  // Signing out (or in) in one tab does the same in the others.
  if (e.key === 'scout.token' && !e.newValue && events) signOut();
});
on('approvals', renderApprovalsCount);
mountNotices($('#notices'), { go });

const fromLink = takeTokenFromUrl();
if (fromLink) {
  setToken(fromLink);
  checkToken(fromLink).then(start, (err) => {
    showSignIn(err.message);
  });
} else if (getToken()) {
  start();
} else {
  showSignIn();
}
