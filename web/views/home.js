// Start a project (a request or a pasted job description) and see earlier ones.

import { api } from '../api.js';
import { busy, errorBox, h, humanize, rerender, when } from '../dom.js';
import { loadMailbox, loadProject, on, projectIds, state } from '../store.js';

export function mountHome(container, { go }) {
  const heading = h('h1', { id: 'page-title', tabindex: '-1', text: 'What are you hiring for?' });
  const text = h('textarea', {
    id: 'new-project',
    name: 'text',
    rows: 6,
    required: true,
    'aria-describedby': 'new-project-hint',
    placeholder: 'e.g. A senior data scientist in Berlin with Python and SQL…',
  });
  const start = h('button', { type: 'submit', class: 'primary', text: 'Start project' });
  const problem = errorBox('new-project');
  const form = h(
    'form',
    {
      class: 'new-project',
      onsubmit: (e) => {
        e.preventDefault();
        busy(start, problem, async () => {
          if (!text.value.trim()) throw new Error('Describe the role first, or paste a job description.');
          const project = await api('/v1/projects', { method: 'POST', body: { text: text.value } });
          state.projects.set(project.id, project);
          // The request (and, inline, the assistant's first answers) is in the mailbox now.
          await loadMailbox().catch(() => {});
          text.value = '';
          go(`#/projects/${project.id}`);
        });
      },
    },
    h('label', { for: 'new-project', text: 'Describe the role, or paste a job description' }),
    text,
    h('p', {
      id: 'new-project-hint',
      class: 'hint',
      text: 'Your assistant asks about anything essential that is missing, then proposes qualifications for you to approve. Nothing is sourced before you approve.',
    }),
    problem,
    h('div', { class: 'row end' }, start),
  );
  const list = h('ul', { class: 'project-list' });
  const listSection = h(
    'section',
    { 'aria-labelledby': 'projects-title' },
    h('h2', { id: 'projects-title', text: 'Your projects' }),
    list,
  );
  container.replaceChildren(heading, form, listSection);

  const requested = new Set();
  function render() {
    const ids = [...new Set(projectIds())];
    for (const id of ids.slice(0, 30)) {
      if (!state.projects.has(id) && !requested.has(id)) {
        requested.add(id);
        loadProject(id).catch(() => {});
      }
    }
    rerender(list, () =>
      ids.length
        ? ids.map((id) => {
            const p = state.projects.get(id);
            const request = [...state.messages.values()].find(
              (m) => m.project_id === id && m.kind === 'request',
            );
            return h(
              'li',
              {},
              h('a', { href: `#/projects/${id}`, 'data-key': `p-${id}`, text: p?.title || 'Project' }),
              h('span', {
                class: 'muted',
                text: ` ${p ? humanize(p.status) : ''} · ${when(request?.created_at || p?.created_at)}`,
              }),
              request ? h('p', { class: 'snippet', text: request.body.slice(0, 160) }) : null,
            );
          })
        : [h('li', { class: 'empty', text: 'No projects yet.' })],
    );
  }
  const offs = [on('messages', render), on('projects', render)];
  render();
  return {
    focus: () => text.focus(),
    unmount: () => offs.forEach((off) => off()),
  };
}
