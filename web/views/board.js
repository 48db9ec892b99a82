// The pipeline board: a column per stage (drag a card or use its controls), a list view,
// bulk actions, notes and history per candidate, booking links and their status, and the
// archived view with undo. Every change arrives live from the event stream, on every device.

import { api, getToken } from '../api.js';
import { busy, errorBox, h, humanize, plural, rerender, showError, when } from '../dom.js';
import { loadPipeline, on, state } from '../store.js';
import { mountAvailability } from './availability.js';

export const STAGE_LABEL = {
  pipeline: 'Sourced',
  contacted: 'Contacted',
  replied: 'Replied',
  screen_scheduled: 'Screen scheduled',
  screened: 'Screened',
  submitted: 'Submitted',
  hired: 'Hired',
  not_a_fit: 'Not a fit',
  archived: 'Archived',
};
const NEEDS_REASON = new Set(['not_a_fit', 'archived']);

const label = (stage) => STAGE_LABEL[stage] || humanize(stage);
const nameOf = (item) => item.headline || 'Candidate';

export function mountBoard(container, projectId) {
  let view = 'board'; // board | list | archived
  const selected = new Set();
  const open = new Set(); // candidates whose notes/history are shown
  const histories = new Map();
  const links = new Map();
  // What the recruiter is typing (reasons, notes) survives the redraws live events cause.
  const drafts = new Map();
  const typed = (key, attrs, tag = 'input') => {
    const el = h(tag, { ...attrs, 'data-key': key, value: drafts.get(key) || '' });
    el.addEventListener('input', () => drafts.set(key, el.value));
    return el;
  };
  const problem = errorBox('board');
  const body = h('div', { class: 'board-body' });
  const settings = h('details', { class: 'availability' }, h('summary', { text: 'Screen availability' }));
  const availability = mountAvailability(settings);

  const tabs = h(
    'div',
    { class: 'row', role: 'group', 'aria-label': 'Pipeline view' },
    ['board', 'list', 'archived'].map((v) =>
      h('button', {
        type: 'button',
        'data-view': v,
        text: humanize(v),
        onclick: () => {
          view = v;
          selected.clear();
          refresh();
        },
      }),
    ),
  );
  container.replaceChildren(
    h('h2', { id: 'pipeline-title', text: 'Pipeline' }),
    tabs,
    problem,
    body,
    settings,
  );

  const path = (suffix = '') => `/v1/projects/${encodeURIComponent(projectId)}${suffix}`;
  const data = () => state.pipeline.get(`${projectId}:${view === 'archived' ? 'archived' : 'board'}`);

  async function refresh() {
    try {
      await loadPipeline(projectId, view === 'archived' ? 'archived' : 'board');
    } catch (err) {
      showError(problem, err);
    }
  }

  async function move(ids, stage, reason) {
    if (NEEDS_REASON.has(stage) && !reason) {
      throw new Error(`Moving someone to “${label(stage)}” needs a reason: type it in the reason box first.`);
    }
    if (ids.length === 1 && stage !== 'archived') {
      await api(path(`/candidates/${ids[0]}/stage`), { method: 'POST', body: { stage, reason: reason || undefined } });
    } else {
      const action = stage === 'archived' ? 'archive' : 'stage';
      await api(path('/pipeline/bulk'), {
        method: 'POST',
        body: { action, candidate_ids: ids, stage: action === 'stage' ? stage : undefined, reason: reason || undefined },
      });
    }
    histories.clear();
    await refresh();
  }

  async function showHistory(cid) {
    histories.set(cid, await api(path(`/candidates/${cid}/history`)));
    render();
  }

  function historyBlock(item) {
    const hist = histories.get(item.candidate_id);
    const note = typed(`note-${item.candidate_id}`, { 'aria-label': `Note on ${nameOf(item)}`, rows: 2 }, 'textarea');
    const save = h('button', { type: 'button', text: 'Add note' });
    const err = errorBox();
    save.addEventListener('click', () =>
      busy(save, err, async () => {
        if (!note.value.trim()) throw new Error('Write the note first.');
        await api(path(`/candidates/${item.candidate_id}/notes`), { method: 'POST', body: { text: note.value } });
        note.value = '';
        drafts.delete(`note-${item.candidate_id}`);
        await showHistory(item.candidate_id);
      }),
    );
    return h(
      'div',
      { class: 'card-detail' },
      hist
        ? h(
            'ol',
            { class: 'history', 'aria-label': 'Stage history' },
            hist.changes.map((c) =>
              h('li', {
                text: `${when(c.created_at)}: ${c.from_stage ? label(c.from_stage) : 'added'} → ${label(c.to_stage)} by ${c.by || c.actor}${c.reason ? ` — ${c.reason}` : ''}`,
              }),
            ),
          )
        : h('p', { class: 'muted', text: 'Loading…' }),
      hist
        ? h('ul', { class: 'notes', 'aria-label': 'Notes' }, hist.notes.map((n) => h('li', { class: 'note', text: `${n.text} — ${n.author}, ${when(n.created_at)}` })))
        : null,
      note,
      save,
      err,
    );
  }

  function card(item) {
    const cid = item.candidate_id;
    const err = errorBox();
    const stage = h(
      'select',
      { 'aria-label': `Stage of ${nameOf(item)}`, 'data-key': `stage-${cid}` },
      [...(data()?.stages || []), 'archived'].map((s) => h('option', { value: s, text: label(s) })),
    );
    stage.value = drafts.get(`stage-${cid}`) || item.stage;
    stage.addEventListener('change', () => drafts.set(`stage-${cid}`, stage.value));
    const reason = typed(`reason-${cid}`, { type: 'text', 'aria-label': `Reason for ${nameOf(item)}`, placeholder: 'Reason (needed for not a fit)' });
    const moveButton = h('button', { type: 'button', text: 'Move' });
    moveButton.addEventListener('click', () =>
      busy(moveButton, err, async () => {
        await move([cid], stage.value, reason.value.trim());
        drafts.delete(`reason-${cid}`);
        drafts.delete(`stage-${cid}`);
      }),
    );
    const check = h('input', {
      type: 'checkbox',
      'aria-label': `Select ${nameOf(item)}`,
      checked: selected.has(cid),
      onchange: () => {
        if (check.checked) selected.add(cid);
        else selected.delete(cid);
        renderBulk();
      },
    });
    const linkButton = h('button', { type: 'button', text: 'Booking link' });
    linkButton.addEventListener('click', () =>
      busy(linkButton, err, async () => {
        links.set(cid, await api(path(`/candidates/${cid}/booking-link`), { method: 'POST', body: {} }));
        render();
      }),
    );
    const toggle = h('button', {
      type: 'button',
      text: open.has(cid) ? 'Hide notes' : `Notes (${item.notes})`,
      'aria-expanded': String(open.has(cid)),
      onclick: () => {
        if (open.has(cid)) open.delete(cid);
        else {
          open.add(cid);
          showHistory(cid).catch((e) => showError(err, e));
        }
        render();
      },
    });
    const booking = item.booking
      ? h('p', {
          class: `booking booking-${item.booking.status}`,
          'data-testid': 'booking-status',
          text: `Screen ${item.booking.status === 'booked' ? 'booked' : 'cancelled'}: ${when(item.booking.starts_at)}${item.booking.calendar_status === 'failed' ? ' (calendar not updated)' : ''}`,
        })
      : null;
    const link = links.get(cid);
    const restore = h('button', { type: 'button', text: 'Undo archive' });
    restore.addEventListener('click', () =>
      busy(restore, err, async () => {
        await api(path(`/candidates/${cid}/restore`), { method: 'POST' });
        await Promise.all([refresh(), loadPipeline(projectId, 'board')]);
      }),
    );
    return h(
      'li',
      {
        class: 'card',
        draggable: view === 'board' ? 'true' : undefined,
        'data-candidate': cid,
        'data-stage': item.stage,
        ondragstart: (e) => e.dataTransfer.setData('text/plain', cid),
      },
      h('div', { class: 'row' }, view === 'archived' ? null : check, h('strong', { text: nameOf(item) })),
      h('p', { class: 'muted', text: [item.location, item.recap, item.rating ? `rated ${item.rating}/5` : null].filter(Boolean).join(' · ') }),
      item.reason ? h('p', { class: 'reason', text: `Reason: ${item.reason}` }) : null,
      booking,
      view === 'archived'
        ? restore
        : h('div', { class: 'card-actions' }, stage, reason, moveButton, linkButton, toggle),
      link ? h('p', { class: 'link' }, 'Send this link: ', h('code', { 'data-testid': 'booking-link', text: link.url })) : null,
      open.has(cid) ? historyBlock(item) : null,
      err,
    );
  }

  const bulkBar = h('div', { class: 'bulk', role: 'group', 'aria-label': 'Bulk actions' });
  function renderBulk() {
    const stages = data()?.stages || [];
    const stage = h('select', { 'aria-label': 'Move selected to' }, [...stages, 'archived'].map((s) => h('option', { value: s, text: label(s) })));
    const reason = h('input', { type: 'text', 'aria-label': 'Reason for the selected', placeholder: 'Reason' });
    const apply = h('button', { type: 'button', text: `Move ${plural(selected.size, 'selected candidate')}`, disabled: selected.size === 0 });
    const err = errorBox();
    apply.addEventListener('click', () =>
      busy(apply, err, async () => {
        await move([...selected], stage.value, reason.value.trim());
        selected.clear();
      }),
    );
    const exports = ['csv', 'json'].map((fmt) =>
      h('button', { type: 'button', text: `Export ${fmt.toUpperCase()}`, onclick: () => download(fmt).catch((e) => showError(err, e)) }),
    );
    bulkBar.replaceChildren(stage, reason, apply, ...exports, err);
  }

  async function download(fmt) {
    const response = await fetch(path(`/export?format=${fmt}`), { headers: { Authorization: `Bearer ${getToken()}` } });
    if (!response.ok) throw new Error('The export failed; try again.');
    const url = URL.createObjectURL(await response.blob());
    const a = h('a', { href: url, download: `shortlist.${fmt}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function columns(d) {
    return h(
      'div',
      { class: 'columns' },
      d.stages.map((s) => {
        const items = d.items.filter((i) => i.stage === s);
        return h(
          'section',
          {
            class: 'column',
            'data-column': s,
            'aria-label': `${label(s)}, ${plural(items.length, 'candidate')}`,
            ondragover: (e) => e.preventDefault(),
            ondrop: (e) => {
              e.preventDefault();
              const cid = e.dataTransfer.getData('text/plain');
              const reason = container.querySelector(`[data-key="reason-${CSS.escape(cid)}"]`)?.value.trim();
              if (cid) move([cid], s, reason).catch((err) => showError(problem, err));
            },
          },
          h('h3', { text: `${label(s)} (${items.length})` }),
          h('ul', { class: 'cards' }, items.map(card)),
        );
      }),
    );
  }

  function render() {
    for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.view === view));
    const d = data();
    rerender(body, () => {
      if (!d) return h('p', { class: 'muted', text: 'Loading the pipeline…' });
      if (!d.items.length) {
        return h('p', { class: 'muted', text: view === 'archived' ? 'Nobody is archived.' : 'Nobody in the pipeline yet: add candidates from the list above.' });
      }
      if (view === 'archived') return h('ul', { class: 'cards archived' }, d.items.map(card));
      renderBulk();
      return [bulkBar, view === 'board' ? columns(d) : h('ul', { class: 'cards list' }, d.items.map(card))];
    });
  }

  const offs = [
    on(`pipeline:${projectId}`, () => {
      histories.clear();
      for (const cid of open) showHistory(cid).catch(() => {});
      render();
    }),
  ];
  render();
  refresh();
  return {
    unmount() {
      offs.forEach((off) => off());
      availability.unmount();
    },
  };
}
