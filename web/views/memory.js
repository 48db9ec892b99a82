// What the assistant remembers about you: every item with where it came from, and the
// controls to forget one or everything. Nobody else (not even a colleague) sees this list.

import { allPages, api } from '../api.js';
import { errorBox, h, plural, showError, when } from '../dom.js';

const KINDS = [
  ['preference', 'Preferences', 'What you told the assistant you prefer (used for outreach style).'],
  ['decision', 'Decisions', 'Approved qualifications, searches and archive reasons (offered as suggestions on similar projects).'],
  ['history', 'Project history', 'A short summary per project, which the planner reads instead of old messages.'],
];

function origin(source) {
  const where = source.label || source.project_title || '';
  const how = {
    approved_qualifications: 'approved on',
    sourcing: 'searched for',
    archive: 'archived in',
    message: 'you said in',
    project_history: 'summary of',
  }[source.type] || 'from';
  const quote = source.quote ? ` ("${source.quote}")` : '';
  return where ? `${how} '${where}'${quote}` : quote.trim();
}

export function mountMemory(container) {
  const heading = h('h1', { id: 'page-title', tabindex: '-1', text: 'What the assistant remembers' });
  const problem = errorBox('memory');
  const body = h('div', { class: 'memory-body' }, h('p', { text: 'Loading…' }));
  const forgetAll = h('button', { type: 'button', class: 'danger', text: 'Forget everything' });
  container.replaceChildren(
    heading,
    h('p', { class: 'hint', text: 'Only you see this. Forgetting an item removes it from later suggestions; nothing here is used to train anything.' }),
    problem,
    body,
    h('div', { class: 'row' }, forgetAll),
  );
  let alive = true;

  async function load() {
    const items = await allPages('/v1/memory', { limit: 200 });
    if (!alive) return;
    forgetAll.disabled = items.length === 0;
    if (!items.length) {
      body.replaceChildren(h('p', { class: 'empty', text: 'The assistant remembers nothing about you yet.' }));
      return;
    }
    const sections = KINDS.map(([kind, title, hint]) => {
      const mine = items.filter((i) => i.kind === kind);
      if (!mine.length) return null;
      return h(
        'section',
        { class: 'memory-kind', 'aria-label': title },
        h('h2', { text: `${title} (${mine.length})` }),
        h('p', { class: 'hint', text: hint }),
        h(
          'ul',
          { class: 'memory-items' },
          mine.map((item) =>
            h(
              'li',
              { 'data-memory-id': item.id },
              h('span', { class: 'memory-text', text: item.text }),
              h('span', { class: 'memory-source', text: ` — ${origin(item.source)}, ${when(item.created_at)}` }),
              h('button', {
                type: 'button',
                class: 'link',
                text: 'Forget',
                'aria-label': `Forget: ${item.text}`,
                onclick: () => forget(item),
              }),
            ),
          ),
        ),
      );
    });
    body.replaceChildren(...sections.filter(Boolean));
  }

  async function forget(item) {
    try {
      await api(`/v1/memory/${item.id}`, { method: 'DELETE' });
      await load();
    } catch (err) {
      showError(problem, err);
    }
  }

  forgetAll.addEventListener('click', async () => {
    if (!window.confirm('Forget everything the assistant remembers about you?')) return;
    try {
      const done = await api('/v1/memory', { method: 'DELETE' });
      body.replaceChildren(h('p', { class: 'empty', text: `Forgotten: ${plural(done.forgotten, 'item')}.` }));
      forgetAll.disabled = true;
    } catch (err) {
      showError(problem, err);
    }
  });

  load().catch((err) => showError(problem, err));
  return {
    focus: () => heading.focus(),
    unmount() {
      alive = false;
    },
  };
}
