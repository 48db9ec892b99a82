// The assistant's current plan, each step's status updating live, and its progress line.

import { h, humanize, rerender } from '../dom.js';
import { on, state } from '../store.js';

const STATUS = {
  pending: { icon: '○', label: 'Not started' },
  running: { icon: '◐', label: 'In progress' },
  waiting: { icon: '!', label: 'Waiting for you' },
  done: { icon: '✓', label: 'Done' },
  failed: { icon: '✕', label: 'Failed' },
};

export function mountPlan(container, projectId) {
  const list = h('ol', { class: 'steps', 'aria-label': 'Plan steps' });
  const progress = h('p', { class: 'progress', role: 'status', 'aria-live': 'polite' });
  const search = h('div', { class: 'search-used' });
  container.replaceChildren(h('h2', { id: 'plan-title', text: 'Plan' }), list, progress, search);

  function render() {
    const project = state.projects.get(projectId);
    const steps = project?.plan?.steps || [];
    rerender(list, () =>
      steps.length
        ? steps.map((step) => {
            const s = STATUS[step.status] || { icon: '•', label: humanize(step.status) };
            return h(
              'li',
              { class: `step status-${step.status}`, 'data-step': step.id },
              h('span', { class: 'step-icon', 'aria-hidden': 'true', text: s.icon }),
              h(
                'div',
                { class: 'step-main' },
                h('span', { class: 'step-goal', text: step.goal }),
                h('span', { class: 'badge', 'data-status': step.status, text: s.label }),
                step.note ? h('p', { class: 'note', text: step.note }) : null,
              ),
            );
          })
        : [h('li', { class: 'empty', text: 'The assistant has not made a plan yet.' })],
    );
    const running = steps.some((s) => s.status === 'running');
    const text = state.progress.get(projectId);
    progress.textContent = running && text ? text : '';
    const sourcing = project?.sourcing || {};
    rerender(search, () =>
      sourcing.boolean
        ? h(
            'details',
            {},
            h('summary', { text: 'Search the assistant used' }),
            h('p', {}, h('strong', { text: 'Boolean: ' }), h('code', { text: sourcing.boolean })),
            sourcing.semantic
              ? h('p', {}, h('strong', { text: 'Meaning: ' }), sourcing.semantic)
              : null,
            (sourcing.adjustments || []).length
              ? h(
                  'ul',
                  {},
                  sourcing.adjustments.map((a) =>
                    h('li', { text: `${humanize(a.action)}: ${a.change}, because ${a.reason}` }),
                  ),
                )
              : null,
          )
        : [],
    );
  }

  const offs = [on(`project:${projectId}`, render), on(`progress:${projectId}`, render)];
  render();
  return { unmount: () => offs.forEach((off) => off()) };
}
