// "N new candidates ready": one notice per unseen `ready` message in the mailbox, so it
// shows live (from the event stream) and again after a reload until it is dismissed.
// Dismissals are shared by every tab through localStorage, and by every device through the
// server (POST /v1/notices/dismissed, announced live as `notices.dismissed`).

import { api } from '../api.js';
import { h, plural, rerender } from '../dom.js';
import { on, state } from '../store.js';

const KEY = 'scout.dismissedReady';
const SHOWN = 3;

function dismissed() {
  try {
    return new Set(JSON.parse(localStorage.getItem(KEY) || '[]'));
  } catch {
    return new Set();
  }
}

function remember(ids) {
  const all = [...dismissed(), ...ids].slice(-500);
  localStorage.setItem(KEY, JSON.stringify([...new Set(all)]));
}

function dismiss(ids) {
  remember(ids);
  api('/v1/notices/dismissed', { method: 'POST', body: { message_ids: ids } }).catch(() => {});
}

function syncFromServer(render) {
  api('/v1/notices/dismissed')
    .then((page) => {
      remember(page.message_ids || []);
      render();
    })
    .catch(() => {});
}

function unseen() {
  const gone = dismissed();
  return [...state.messages.values()]
    .filter((m) => m.kind === 'ready' && !gone.has(m.id))
    .sort((a, b) => b.seq - a.seq);
}

export function noticeText(message) {
  const count = Number(message.payload?.count);
  const title = state.projects.get(message.project_id)?.title;
  const what = Number.isFinite(count) && count > 0
    ? `${plural(count, 'new candidate')} ready`
    : message.body.split('\n')[0];
  return title ? `${what} for ${title}` : what;
}

export function mountNotices(container, { go }) {
  function render() {
    const items = unseen();
    rerender(container, () => {
      if (!items.length) return [];
      const shown = items.slice(0, SHOWN);
      return [
        ...shown.map((m) =>
          h(
            'div',
            { class: 'notice', 'data-notice': m.id },
            h('span', { class: 'notice-text', text: noticeText(m) }),
            m.project_id
              ? h('button', {
                  type: 'button',
                  class: 'link',
                  'data-key': `show-${m.id}`,
                  text: 'Show candidates',
                  onclick: () => {
                    dismiss([m.id]);
                    render();
                    go(`#/projects/${m.project_id}/candidates`);
                  },
                })
              : null,
            h('button', {
              type: 'button',
              class: 'icon',
              'data-key': `dismiss-${m.id}`,
              'aria-label': `Dismiss: ${noticeText(m)}`,
              text: '✕',
              onclick: () => {
                dismiss([m.id]);
                render();
              },
            }),
          ),
        ),
        items.length > SHOWN
          ? h('button', {
              type: 'button',
              class: 'link',
              text: `Dismiss all ${items.length}`,
              onclick: () => {
                dismiss(items.map((m) => m.id));
                render();
              },
            })
          : null,
      ];
    });
  }
  on('messages', render);
  on('projects', render);
  on('notices.dismissed', (ids) => {
    remember(ids);
    render();
  });
  on('reconnected', () => syncFromServer(render));
  window.addEventListener('storage', (e) => {
    if (e.key === KEY) render();
  });
  render();
}
