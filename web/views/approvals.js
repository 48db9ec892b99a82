// Everything waiting for the recruiter's decision, across projects.

import { errorBox, h, humanize, plural, rerender, showError, when } from '../dom.js';
import { loadApprovals, loadProject, on, state } from '../store.js';
import { approvalSummary } from './qualifications.js';

export function mountApprovals(container, { go }) {
  const heading = h('h1', { id: 'page-title', tabindex: '-1', text: 'Approvals' });
  const lead = h('p', { class: 'lead' });
  const list = h('ul', { class: 'inbox' });
  const problem = errorBox('approvals');
  container.replaceChildren(heading, lead, problem, list);

  function render() {
    const items = state.approvals;
    lead.textContent = items.length
      ? `${plural(items.length, 'decision')} waiting for you.`
      : 'Nothing is waiting for you. The assistant asks here before it does anything consequential.';
    rerender(list, () =>
      items.map((a) => {
        const project = state.projects.get(a.project_id);
        const title = project?.title || 'a project';
        return h(
          'li',
          { class: 'inbox-item', 'data-approval': a.id },
          h(
            'div',
            {},
            h('h2', { class: 'inbox-title', text: `${humanize(a.kind)} for ${title}` }),
            h('p', {
              class: 'muted',
              text: `${a.kind === 'outreach' ? outreachSummary(a) : approvalSummary(a)} · asked ${when(a.created_at)}`,
            }),
          ),
          h('a', {
            class: 'button primary',
            href:
              a.kind === 'outreach'
                ? `#/outreach/${a.project_id}`
                : `#/projects/${a.project_id}/qualifications`,
            'data-key': `review-${a.id}`,
            text: 'Review',
            'aria-label': `Review ${humanize(a.kind).toLowerCase()} for ${title}`,
          }),
        );
      }),
    );
  }

  const offs = [on('approvals', render), on('projects', render)];
  render();
  loadApprovals()
    .then((items) => {
      const missing = [...new Set(items.map((a) => a.project_id))].filter(
        (id) => !state.projects.has(id),
      );
      return Promise.allSettled(missing.map((id) => loadProject(id)));
    })
    .catch((err) => showError(problem, err));
  return {
    focus: () => heading.focus(),
    unmount: () => offs.forEach((off) => off()),
    go,
  };
}

function outreachSummary(approval) {
  return `${plural(approval.payload?.count || 0, 'message')} to approve before anything is sent`;
}
