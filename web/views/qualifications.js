// Review the proposed qualifications: edit, star, remove, add, see what was refused and
// why, then approve (an "edit" decision when anything changed) or reject with a reason.

import { api } from '../api.js';
import { busy, errorBox, h, plural, rerender, showError } from '../dom.js';
import { loadApprovals, loadProject, on, state, tellOtherTabs } from '../store.js';
import { alternatives, legalBadge } from './qual_labels.js';

function pendingApproval(projectId) {
  return state.approvals.find(
    (a) => a.project_id === projectId && a.kind === 'qualifications' && a.status === 'pending',
  );
}

function editable(q) {
  return {
    id: q.id,
    text: q.text,
    required: q.required !== false,
    starred: Boolean(q.starred),
    weight: q.weight ?? 1,
    evidence_hint: q.evidence_hint || '',
    suggested: Boolean(q.suggested),
    kind: q.kind ?? null,
    any_of: q.any_of || [],
    proposedText: q.text, // the alternatives belong to this wording
  };
}

const comparable = (list) =>
  JSON.stringify(list.map((q) => [q.text.trim(), q.required, q.starred]));

function refusedList(refused, onUse) {
  if (!refused?.length) return null;
  return h(
    'div',
    { class: 'refused', 'data-testid': 'refused' },
    h('h3', { text: `Refused (${refused.length})` }),
    h('p', {
      class: 'hint',
      text: 'These describe who a person is, not what the job needs, so the assistant will not use them.',
    }),
    h(
      'ul',
      {},
      refused.map((r) =>
        h(
          'li',
          { class: 'refused-item' },
          h('s', { class: 'refused-text', text: r.text }),
          h('p', { class: 'reason' }, h('strong', { text: 'Why: ' }), r.reason),
          r.rewrite
            ? h(
                'p',
                { class: 'rewrite' },
                h('strong', { text: 'Try instead: ' }),
                r.rewrite,
                onUse
                  ? h('button', {
                      type: 'button',
                      class: 'link',
                      text: 'Use this',
                      onclick: () => onUse(r.rewrite),
                    })
                  : null,
              )
            : null,
        ),
      ),
    ),
  );
}

// A change of an approved set: what it adds, removes and changes, in plain words.
function diffBox(diff) {
  if (!diff) return null;
  const items = [
    ...(diff.added || []).map((q) => ['added', `Add: ${q.text} (${q.required ? 'required' : 'nice to have'})`]),
    ...(diff.removed || []).map((q) => ['removed', `Remove: ${q.text}`]),
    ...(diff.changed || []).map((c) => ['changed', `${c.text}: ${c.what}`]),
    ...(diff.spec_notes || []).map((n) => ['changed', n]),
  ];
  return h(
    'div',
    { class: 'diff', 'data-testid': 'diff' },
    h('h3', { text: 'Proposed change' }),
    h('p', {
      class: 'hint',
      text: 'Approve to apply it: your pipeline keeps its stages, ratings and notes and is re-evaluated. Reject to keep the approved set.',
    }),
    h('ul', {}, items.map(([kind, text]) => h('li', { class: `diff-${kind}`, text }))),
  );
}

// Qualifications from the recruiter's earlier similar projects: offered, taken only if ticked.
function suggestionsBox(suggestions, chosen, onToggle) {
  if (!suggestions?.length) return null;
  return h(
    'div',
    { class: 'suggestions', 'data-testid': 'suggestions' },
    h('h3', { text: 'Reuse from your earlier projects' }),
    h(
      'ul',
      {},
      suggestions.map((s) =>
        h(
          'li',
          {},
          h(
            'label',
            { class: 'check' },
            h('input', {
              type: 'checkbox',
              'data-key': `suggestion-${s.id}`,
              checked: chosen.has(s.id),
              onchange: (e) => onToggle(s.id, e.target.checked),
            }),
            ` ${s.text} `,
            h('span', { class: 'muted', text: `from '${s.from_label}'` }),
          ),
        ),
      ),
    ),
  );
}

export function mountQualifications(container, projectId) {
  let draft = null; // the person's working copy of the pending approval
  let draftFor = null;
  let original = '';
  let rejectText = ''; // kept across re-renders, like the draft
  let newQual = '';
  let lastError = null;
  let sent = null; // what we decided, until the assistant has applied it (async workers)
  let chosen = new Set(); // memory suggestions the person ticked

  const body = h('div', { class: 'quals-body' });
  container.replaceChildren(h('h2', { id: 'quals-title', text: 'Qualifications' }), body);

  function render() {
    const approval = pendingApproval(projectId);
    const project = state.projects.get(projectId);
    if (approval && draftFor !== approval.id) {
      draft = (approval.payload.qualifications || []).map(editable);
      original = comparable(draft);
      draftFor = approval.id;
      chosen = new Set();
    }
    if (!approval) {
      draft = null;
      draftFor = null;
      lastError = null;
    }
    rerender(body, () => (approval ? review(approval) : summary(project)));
  }

  function summary(project) {
    if (!project) return [h('p', { class: 'empty', text: 'Loading…' })];
    const quals = project.qualifications || [];
    if (!quals.length) {
      return [
        h('p', {
          class: 'empty',
          text: 'The assistant proposes qualifications once it knows enough about the role.',
        }),
        refusedList(project.refused_qualifications),
      ];
    }
    return [
      h(
        'p',
        { class: project.qualifications_approved ? 'ok' : 'hint' },
        project.qualifications_approved
          ? `Approved (version ${project.qualification_set_version}). The assistant evaluates every candidate against these.`
          : sent || 'Waiting for your review.',
      ),
      h(
        'ul',
        { class: 'qual-list' },
        quals.map((q) =>
          h(
            'li',
            {},
            q.starred ? h('span', { class: 'star on', title: 'Starred', text: '★ ' }) : null,
            q.text,
            alternatives(q),
            ' ',
            h('span', { class: 'badge', text: q.required ? 'Required' : 'Nice to have' }),
            q.kind === 'legal' ? ' ' : null,
            legalBadge(q),
          ),
        ),
      ),
      refusedList(project.refused_qualifications),
    ];
  }

  function review(approval) {
    const problem = errorBox('quals');
    if (lastError) showError(problem, lastError);
    const act = (button, work) =>
      busy(button, problem, async () => {
        lastError = null;
        try {
          await work();
        } catch (err) {
          lastError = err;
          throw err;
        }
      });
    const dirty = comparable(draft) !== original;
    const approveButton = h('button', {
      type: 'button',
      class: 'primary',
      'data-key': 'approve',
      text: dirty ? 'Approve with my changes' : 'Approve',
      onclick: () =>
        act(approveButton, () => {
          const changed = comparable(draft) !== original;
          return decide(approval, changed ? 'edit' : 'approve');
        }),
    });
    const reason = h('textarea', {
      id: `reject-reason-${approval.id}`,
      'data-key': 'reject-reason',
      rows: 2,
      value: rejectText,
      'aria-describedby': `reject-hint-${approval.id}`,
      oninput: (e) => {
        rejectText = e.target.value;
      },
    });
    const rejectButton = h('button', {
      type: 'button',
      'data-key': 'reject',
      text: 'Reject',
      onclick: () => act(rejectButton, () => decide(approval, 'reject', reason.value.trim())),
    });
    const newText = h('input', {
      id: `new-qual-${approval.id}`,
      'data-key': 'new-qual',
      type: 'text',
      autocomplete: 'off',
      value: newQual,
      oninput: (e) => {
        newQual = e.target.value;
      },
    });
    const add = (text) => {
      const t = (text ?? newText.value).trim();
      if (!t) return;
      if (text === undefined) newQual = '';
      draft.push({
        id: null, text: t, required: true, starred: false, weight: 1, evidence_hint: '',
        kind: null, any_of: [], proposedText: t,
      });
      render();
      body.querySelector('[data-key="new-qual"]')?.focus();
    };
    newText.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        add();
      }
    });
    return [
      diffBox(approval.payload.diff),
      h('p', {
        class: 'hint',
        text: approval.payload.diff
          ? 'Until you decide, the assistant keeps working with the approved set. Edit the wording, star what matters most, untick "Required" for nice-to-haves.'
          : 'Nothing is sourced until you approve. Edit the wording, star what matters most, untick "Required" for nice-to-haves.',
      }),
      h(
        'ol',
        { class: 'qual-edit' },
        draft.map((q, i) =>
          h(
            'li',
            { class: 'qual-row', 'data-qual': i },
            h('label', { class: 'sr-only', for: `qual-${i}`, text: `Qualification ${i + 1}` }),
            h('input', {
              id: `qual-${i}`,
              'data-key': `qual-${i}`,
              type: 'text',
              value: q.text,
              oninput: (e) => {
                q.text = e.target.value;
                updateApproveLabel();
              },
            }),
            h(
              'label',
              { class: 'check' },
              h('input', {
                type: 'checkbox',
                'data-key': `req-${i}`,
                checked: q.required,
                onchange: (e) => {
                  q.required = e.target.checked;
                  render();
                },
              }),
              ' Required',
            ),
            h('button', {
              type: 'button',
              class: `icon star${q.starred ? ' on' : ''}`,
              'data-key': `star-${i}`,
              'aria-pressed': String(q.starred),
              'aria-label': `Star: ${q.text}`,
              title: q.starred ? 'Starred: weighs more in ranking' : 'Star to weigh it more',
              text: q.starred ? '★' : '☆',
              onclick: () => {
                q.starred = !q.starred;
                render();
              },
            }),
            h('button', {
              type: 'button',
              class: 'icon',
              'data-key': `remove-${i}`,
              'aria-label': `Remove: ${q.text}`,
              text: '✕',
              onclick: () => {
                draft.splice(i, 1);
                render();
                const next = body.querySelector(`[data-key="qual-${Math.min(i, draft.length - 1)}"]`);
                (next || body.querySelector('[data-key="new-qual"]'))?.focus();
              },
            }),
            q.kind === 'legal' || alternatives(q)
              ? h('div', { class: 'qual-labels' }, legalBadge(q), alternatives(q))
              : null,
          ),
        ),
      ),
      h(
        'div',
        { class: 'row add-row' },
        h('label', { for: `new-qual-${approval.id}`, text: 'Add a qualification' }),
        newText,
        h('button', { type: 'button', 'data-key': 'add', text: 'Add', onclick: () => add() }),
      ),
      refusedList(approval.payload.refused, (rewrite) => add(rewrite)),
      suggestionsBox(approval.payload.suggestions, chosen, (id, on) => {
        if (on) chosen.add(id);
        else chosen.delete(id);
      }),
      h('div', { class: 'row decision' }, approveButton),
      h(
        'div',
        { class: 'reject' },
        h('label', { for: `reject-reason-${approval.id}`, text: 'Or reject, with a reason' }),
        reason,
        h('p', {
          id: `reject-hint-${approval.id}`,
          class: 'hint',
          text: 'The reason tells the assistant what to do better.',
        }),
        h('div', { class: 'row' }, rejectButton),
      ),
      problem,
    ];

    function updateApproveLabel() {
      const nowDirty = comparable(draft) !== original;
      approveButton.textContent = nowDirty ? 'Approve with my changes' : 'Approve';
    }
  }

  async function decide(approval, decision, reason) {
    const body = { decision };
    if (decision === 'edit') {
      if (draft.some((q) => !q.text.trim())) {
        throw new Error('A qualification is empty: type its text or remove it.');
      }
      body.changes = {
        qualifications: draft.map((q) => ({
          id: q.id || undefined,
          text: q.text.trim(),
          required: q.required,
          starred: q.starred,
          weight: q.starred ? Math.max(Number(q.weight) || 1, 2) : Math.min(Number(q.weight) || 1, 1),
          evidence_hint: q.evidence_hint,
          kind: q.kind || undefined,
          // Alternatives hold only while the wording they came with does.
          any_of: q.any_of.length && q.text.trim() === q.proposedText ? q.any_of : undefined,
        })),
      };
    }
    if (decision === 'reject') body.reason = reason;
    else if (chosen.size) body.use_suggestions = [...chosen];
    await api(`/v1/approvals/${approval.id}`, { method: 'POST', body });
    sent =
      decision === 'reject'
        ? 'Rejected. The assistant will propose new qualifications.'
        : 'Approved. The assistant is applying your decision…';
    await Promise.allSettled([loadApprovals(), loadProject(projectId)]);
    tellOtherTabs({ type: 'project', projectId });
  }

  const offs = [on('approvals', render), on(`project:${projectId}`, render)];
  render();
  return { unmount: () => offs.forEach((off) => off()) };
}

export function approvalSummary(approval) {
  if (approval.payload?.summary) return `Change: ${approval.payload.summary}`;
  const quals = approval.payload?.qualifications?.length || 0;
  const refused = approval.payload?.refused?.length || 0;
  return `${plural(quals, 'qualification')} to review${refused ? `, ${refused} refused` : ''}`;
}
