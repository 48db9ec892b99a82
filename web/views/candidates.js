// The ranked pipeline (the calibration batch first): recap, every qualification's verdict
// with quoted evidence and its section, and the recruiter's reactions.

import { api } from '../api.js';
import { busy, errorBox, h, humanize, plural, rerender, showError } from '../dom.js';
import { loadCandidates, on, setCandidateScope, state, tellOtherTabs } from '../store.js';
import { alternatives, legalBadge } from './qual_labels.js';
import { mountScreening } from './screening.js';

const STAGE = { calibration: 'Calibration batch', sourced: 'New', pipeline: 'In pipeline' };
const VERDICT = {
  met: { icon: '✓', label: 'Met' },
  not_met: { icon: '✕', label: 'Not met' },
  unknown: { icon: '?', label: 'Unknown' },
};

export function sectionName(section) {
  return humanize(section || 'profile');
}

function verdicts(candidate) {
  return h(
    'ul',
    { class: 'verdicts' },
    candidate.evaluations.map((ev) => {
      const v = VERDICT[ev.verdict] || { icon: '•', label: humanize(ev.verdict) };
      return h(
        'li',
        { class: `verdict verdict-${ev.verdict}`, 'data-qualification': ev.qualification_id },
        h(
          'div',
          { class: 'verdict-head' },
          h('span', { class: 'verdict-badge', 'data-verdict': ev.verdict },
            h('span', { 'aria-hidden': 'true', text: `${v.icon} ` }), v.label),
          h('span', { class: 'verdict-qual', text: ev.qualification }),
          alternatives({ text: ev.qualification, any_of: ev.any_of }),
          h('span', { class: 'muted', text: ev.required ? ' (required)' : ' (nice to have)' }),
          ev.kind === 'legal' ? ' ' : null,
          legalBadge(ev),
        ),
        ev.evidence.length
          ? h(
              'ul',
              { class: 'evidence' },
              ev.evidence.map((item) =>
                h(
                  'li',
                  {},
                  h('q', { class: 'quote', text: item.quote }),
                  h('span', { class: 'section-name', text: ` — ${sectionName(item.section)}` }),
                ),
              ),
            )
          : null,
        ev.explanation ? h('p', { class: 'explanation', text: ev.explanation }) : null,
      );
    }),
  );
}

// Shown only with "Show everyone": nobody is rejected, but the recruiter sees who is there
// despite meeting none of the required qualifications.
function meetsNoRequired(candidate) {
  const required = candidate.evaluations.filter((ev) => ev.required);
  return required.length > 0 && !required.some((ev) => ev.verdict === 'met');
}

export function mountCandidates(container, projectId, { openProfile }) {
  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const intro = h('p', { class: 'hint' });
  const scope = h('div', { class: 'hidden-note', 'data-testid': 'hidden-note' });
  const list = h('div', { class: 'cards' });
  const more = h('div', { class: 'row' });
  const problem = errorBox('candidates');
  const heading = h('h2', { id: 'candidates-title', tabindex: '-1', text: 'Candidates' });
  container.replaceChildren(heading, intro, scope, problem, list, more, status);

  function scopeNote(page, items) {
    if (!page) return [];
    const everyone = page.include === 'all';
    const others = everyone ? items.filter(meetsNoRequired).length : page.hidden;
    if (!everyone && !others) return [];
    const toggle = h('button', {
      type: 'button',
      class: 'link',
      'data-key': 'scope-toggle',
      text: everyone ? 'Show only those meeting a required qualification' : 'Show everyone',
      onclick: (e) =>
        busy(e.currentTarget, problem, async () => {
          setCandidateScope(projectId, everyone ? 'qualified' : 'all');
          try {
            await loadCandidates(projectId);
          } catch (err) {
            setCandidateScope(projectId, everyone ? 'all' : 'qualified'); // as it was
            throw err;
          }
          scope.querySelector('[data-key="scope-toggle"]')?.focus();
          status.textContent = everyone
            ? 'Showing those who meet a required qualification.'
            : 'Showing everyone in the project.';
        }),
    });
    const text = everyone
      ? `Showing everyone in the project${others ? `, including ${others} who meet no required qualification (not rejected)` : ''}.`
      : `${others} more ${others === 1 ? 'is' : 'are'} hidden: they meet no required qualification.`;
    return [h('p', { class: 'hint', text }), toggle];
  }

  const archiving = new Map(); // candidate id -> reason typed so far (form open)
  const ratings = new Map(); // candidate id -> rating given in this session
  const errors = new Map(); // candidate id -> last error

  async function react(candidate, body, done) {
    await api(`/v1/projects/${projectId}/candidates/${candidate.candidate_id}`, {
      method: 'POST',
      body,
    });
    errors.delete(candidate.candidate_id);
    if (done) done();
    await loadCandidates(projectId);
    tellOtherTabs({ type: 'candidates', projectId });
  }

  // Open screening panels, kept across re-renders (the panel loads its own data).
  const screening = new Map();
  function screeningToggle(id) {
    return h('button', {
      type: 'button',
      'data-key': `screening-${id}`,
      'aria-expanded': String(screening.has(id)),
      text: screening.has(id) ? 'Close screening' : 'Screening',
      onclick: () => {
        if (screening.has(id)) screening.delete(id);
        else {
          const panel = h('section', { class: 'screening-panel' });
          mountScreening(panel, projectId, id);
          screening.set(id, panel);
        }
        render();
      },
    });
  }

  function card(c, index, items, page) {
    const id = c.candidate_id;
    const cardError = errorBox(`card-${id}`);
    if (errors.has(id)) showError(cardError, errors.get(id));
    const guard = (button, work) =>
      busy(button, cardError, async () => {
        try {
          await work();
        } catch (err) {
          errors.set(id, err);
          throw err;
        }
      });
    const titleId = `cand-${id}`;
    const addButton = h('button', {
      type: 'button',
      'data-key': `add-${id}`,
      text: c.stage === 'pipeline' ? 'In pipeline' : 'Add to pipeline',
      disabled: c.stage === 'pipeline',
      onclick: () => guard(addButton, () => react(c, { action: 'add' })),
    });
    const archiveOpen = archiving.has(id);
    const archiveToggle = h('button', {
      type: 'button',
      'data-key': `archive-${id}`,
      'aria-expanded': String(archiveOpen),
      'aria-controls': `archive-form-${id}`,
      text: 'Archive…',
      onclick: () => {
        if (archiving.has(id)) archiving.delete(id);
        else archiving.set(id, '');
        render();
        list.querySelector(`[data-key="archive-reason-${id}"]`)?.focus();
      },
    });
    let archiveForm = null;
    if (archiveOpen) {
      const reason = h('input', {
        id: `archive-reason-${id}`,
        'data-key': `archive-reason-${id}`,
        type: 'text',
        value: archiving.get(id),
        oninput: (e) => archiving.set(id, e.target.value),
      });
      const confirm = h('button', {
        type: 'submit',
        class: 'danger',
        'data-key': `archive-confirm-${id}`,
        text: 'Archive',
      });
      archiveForm = h(
        'form',
        {
          id: `archive-form-${id}`,
          class: 'archive-form',
          onsubmit: (e) => {
            e.preventDefault();
            const next = items[index + 1] || items[index - 1];
            guard(confirm, () =>
              react(c, { action: 'archive', reason: reason.value.trim() }, () => {
                archiving.delete(id);
                status.textContent = `Archived ${c.headline || 'the candidate'}.`;
              }).then(() => {
                const target = next && list.querySelector(`#cand-${next.candidate_id}`);
                (target || heading).focus();
              }),
            );
          },
        },
        h('label', { for: `archive-reason-${id}`, text: 'Why archive? (teaches the next search)' }),
        reason,
        h(
          'div',
          { class: 'row' },
          confirm,
          h('button', {
            type: 'button',
            text: 'Cancel',
            onclick: () => {
              archiving.delete(id);
              render();
              list.querySelector(`[data-key="archive-${id}"]`)?.focus();
            },
          }),
        ),
      );
    }
    const rating = h(
      'fieldset',
      { class: 'rating' },
      h('legend', { text: 'Rate the match' }),
      [1, 2, 3, 4, 5].map((n) =>
        h(
          'label',
          { class: 'rate' },
          h('input', {
            type: 'radio',
            name: `rate-${id}`,
            value: String(n),
            'data-key': `rate-${id}-${n}`,
            checked: (ratings.get(id) ?? c.rating) === n, // the API returns the stored rating
            onchange: () =>
              guard(null, () =>
                react(c, { action: 'rate', rating: n }, () => {
                  ratings.set(id, n);
                  status.textContent = `Rated ${n} out of 5.`;
                }),
              ),
          }),
          h('span', { text: String(n) }),
        ),
      ),
    );
    return h(
      'article',
      { class: 'card', 'data-candidate': id, 'aria-labelledby': titleId },
      h(
        'header',
        { class: 'card-head' },
        h(
          'h3',
          { id: titleId, tabindex: '-1' },
          h('span', { class: 'rank', text: `#${c.rank} ` }),
          c.headline || 'Candidate',
        ),
        h(
          'p',
          { class: 'card-sub' },
          c.location ? h('span', { text: c.location }) : null,
          h('span', { class: 'badge', 'data-stage': c.stage, text: STAGE[c.stage] || humanize(c.stage) }),
          h('span', { class: 'score', text: `match ${Math.round(c.score * 100)}%` }),
        ),
        h('p', { class: 'recap', text: c.recap }),
        c.paused
          ? h('p', { class: 'hint', text: 'Taken over by you: the assistant is paused for this candidate.' })
          : null,
        c.degraded
          ? h('p', { class: 'hint', text: 'Judged by the offline engine because the model was unavailable.' })
          : null,
        page?.include === 'all' && meetsNoRequired(c)
          ? h('p', { class: 'card-note', text: 'Meets none of the required qualifications; not rejected.' })
          : null,
      ),
      verdicts(c),
      h(
        'div',
        { class: 'row actions' },
        h('button', {
          type: 'button',
          class: 'primary',
          'data-key': `open-${id}`,
          text: 'Open profile',
          onclick: (e) => openProfile(c, e.currentTarget),
        }),
        addButton,
        archiveToggle,
        screeningToggle(id),
      ),
      archiveForm,
      screening.get(id) || null,
      rating,
      cardError,
    );
  }

  function render() {
    const page = state.candidates.get(projectId);
    const items = page?.items || [];
    const project = state.projects.get(projectId);
    if (!page) intro.textContent = 'Loading…';
    else if (!items.length && page.hidden) {
      intro.textContent = 'Nobody here meets a required qualification yet.';
    } else if (!items.length) {
      intro.textContent = project?.qualifications_approved
        ? 'No candidates yet. The assistant is still searching, or the pool has no match.'
        : 'Candidates appear here after you approve the qualifications.';
    } else if (page.include === 'all') {
      intro.textContent = `Everyone in the project: ${plural(items.length, 'candidate')}, best match first.`;
    } else if (items.every((c) => c.stage === 'calibration')) {
      intro.textContent = `Calibration batch: ${plural(items.length, 'candidate')}. Check they are on target; your reactions steer the next search.`;
    } else {
      intro.textContent = `${plural(items.length, 'candidate')}, best match first.`;
    }
    rerender(scope, () => scopeNote(page, items));
    rerender(list, () => items.map((c, i) => card(c, i, items, page)));
    rerender(more, () =>
      page?.next_cursor
        ? h('button', {
            type: 'button',
            'data-key': 'more',
            text: 'Show more candidates',
            onclick: (e) =>
              busy(e.currentTarget, problem, () => loadCandidates(projectId, { more: true })),
          })
        : [],
    );
  }

  const offs = [on(`candidates:${projectId}`, render), on(`project:${projectId}`, render)];
  render();
  return {
    focus: () => heading.focus(),
    unmount: () => offs.forEach((off) => off()),
  };
}
