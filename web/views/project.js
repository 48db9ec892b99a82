// One project: the conversation beside the assistant's work (plan, qualifications,
// candidates, insights), and the "source while you sleep" switch.

import { api } from '../api.js';
import { errorBox, h, humanize, showError } from '../dom.js';
import {
  asyncMode,
  loadCandidates,
  loadProject,
  on,
  setAsyncMode,
  state,
  tellOtherTabs,
} from '../store.js';
import { mountBoard } from './board.js';
import { mountCandidates } from './candidates.js';
import { mountChat } from './chat.js';
import { mountInsights } from './insights.js';
import { mountPlan } from './plan.js';
import { mountQualifications } from './qualifications.js';

const INTERVALS = [
  [60, 'every hour'],
  [360, 'every 6 hours'],
  [1440, 'every day'],
];

function asyncSwitch(projectId) {
  const mode = () => asyncMode(projectId);
  const toggle = h('input', {
    id: 'async-toggle',
    type: 'checkbox',
    role: 'switch',
    'aria-describedby': 'async-hint',
  });
  const interval = h(
    'select',
    { id: 'async-interval', 'aria-label': 'How often to source' },
    INTERVALS.map(([v, label]) => h('option', { value: String(v), text: label })),
  );
  const hint = h('p', { id: 'async-hint', class: 'hint', role: 'status' });
  const problem = errorBox('async');
  const box = h(
    'div',
    { class: 'async' },
    h('div', { class: 'row' }, toggle, h('label', { for: 'async-toggle', text: 'Source while you sleep' }), interval),
    hint,
    problem,
  );

  function render() {
    const m = mode();
    toggle.checked = m.enabled;
    interval.value = String(m.interval);
    hint.textContent = m.enabled
      ? `On: the assistant keeps sourcing ${INTERVALS.find(([v]) => v === m.interval)?.[1] || 'regularly'} and as new profiles arrive, and tells you what is ready.`
      : 'Off: the assistant sources only when you ask.';
  }

  async function save() {
    const enabled = toggle.checked;
    const minutes = Number(interval.value);
    toggle.disabled = true;
    showError(problem, null);
    try {
      await api(`/v1/projects/${projectId}/async`, {
        method: 'POST',
        body: { enabled, interval_minutes: minutes },
      });
      const next = { enabled, interval: minutes };
      setAsyncMode(projectId, next);
      tellOtherTabs({ type: 'async', projectId, mode: next });
      loadProject(projectId).catch(() => {});
    } catch (err) {
      showError(problem, err);
    } finally {
      toggle.disabled = false;
      render();
    }
  }
  toggle.addEventListener('change', save);
  interval.addEventListener('change', () => {
    if (toggle.checked) save();
    else render();
  });
  render();
  return { box, render };
}

export function mountProject(container, projectId, { go, openProfile }) {
  const title = h('h1', { id: 'page-title', tabindex: '-1', text: 'Project' });
  const facts = h('p', { class: 'facts' });
  const problem = errorBox('project');
  const switcher = asyncSwitch(projectId);
  const sections = {
    chat: h('section', { class: 'panel chat', id: 'chat', 'aria-labelledby': 'chat-title' }),
    plan: h('section', { class: 'panel', id: 'plan', 'aria-labelledby': 'plan-title' }),
    qualifications: h('section', { class: 'panel', id: 'qualifications', 'aria-labelledby': 'quals-title' }),
    candidates: h('section', { class: 'panel', id: 'candidates', 'aria-labelledby': 'candidates-title' }),
    pipeline: h('section', { class: 'panel', id: 'pipeline', 'aria-labelledby': 'pipeline-title' }),
    insights: h('section', { class: 'panel', id: 'insights', 'aria-labelledby': 'insights-title' }),
  };
  const jump = h(
    'nav',
    { class: 'jump', 'aria-label': 'Sections of this project' },
    ['chat', 'plan', 'qualifications', 'candidates', 'pipeline', 'insights'].map((s) =>
      h('a', { href: `#/projects/${projectId}/${s}`, text: humanize(s) }),
    ),
  );
  container.replaceChildren(
    h(
      'header',
      { class: 'project-head' },
      h('div', {}, h('a', { href: '#/', class: 'back', text: '← All projects' }), title, facts),
      switcher.box,
    ),
    jump,
    problem,
    h(
      'div',
      { class: 'project-grid' },
      sections.chat,
      h('div', { class: 'work' }, sections.plan, sections.qualifications, sections.candidates, sections.pipeline, sections.insights),
    ),
  );

  const chat = mountChat(sections.chat, projectId, { go });
  const plan = mountPlan(sections.plan, projectId);
  const quals = mountQualifications(sections.qualifications, projectId);
  const candidates = mountCandidates(sections.candidates, projectId, { openProfile });
  const board = mountBoard(sections.pipeline, projectId);
  let insights = null;
  let insightsFor;

  function render() {
    const p = state.projects.get(projectId);
    if (!p) return;
    title.textContent = p.title || 'Untitled project';
    document.title = `${p.title || 'Project'} · Scout`;
    const spec = p.spec || {};
    facts.textContent = [
      humanize(p.status),
      spec.seniority && humanize(spec.seniority),
      spec.location,
      spec.remote && humanize(spec.remote),
    ]
      .filter(Boolean)
      .join(' · ');
    if (insightsFor !== p.title) {
      insightsFor = p.title;
      insights?.unmount();
      insights = mountInsights(sections.insights, p.title);
    }
    switcher.render();
  }

  const offs = [on(`project:${projectId}`, render)];
  render();
  Promise.all([loadProject(projectId), loadCandidates(projectId)]).catch((err) =>
    showError(problem, err),
  );

  return {
    projectId,
    show(section) {
      const target = sections[section];
      if (!target) return;
      target.scrollIntoView({ block: 'start' });
      if (section === 'chat') chat.focus();
      else if (section === 'candidates') candidates.focus();
      else {
        const heading = target.querySelector('h2');
        heading?.setAttribute('tabindex', '-1');
        heading?.focus();
      }
    },
    focus: () => title.focus(),
    unmount() {
      offs.forEach((off) => off());
      [chat, plan, quals, candidates, board, insights].forEach((v) => v?.unmount());
    },
  };
}
