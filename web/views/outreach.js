// Outreach for one project: drafts to approve (one by one or all at once), the outbox with
// what really left, each candidate's thread, and the FAQ the assistant may answer from.
// Everything from the API (drafts, replies: untrusted text) goes in as text, never HTML.

import { api } from '../api.js';
import { busy, errorBox, h, humanize, plural, rerender, showError, when } from '../dom.js';
import { loadApprovals, on, state } from '../store.js';

const TOPICS = ['pay', 'remote', 'visa', 'process', 'benefits', 'location', 'other'];

export function mountOutreach(container, projectId, { go }) {
  const heading = h('h1', { id: 'page-title', tabindex: '-1', text: 'Outreach' });
  const back = h('a', { href: `#/projects/${projectId}`, text: '← Back to the project' });
  const problem = errorBox('outreach');
  const drafts = h('section', { 'aria-labelledby': 'drafts-title', class: 'outreach-drafts' });
  const outbox = h('section', { 'aria-labelledby': 'outbox-title', class: 'outreach-outbox' });
  const thread = h('section', { 'aria-labelledby': 'thread-title', class: 'outreach-thread', hidden: true });
  const faq = h('section', { 'aria-labelledby': 'faq-title', class: 'outreach-faq' });
  container.replaceChildren(back, heading, problem, drafts, outbox, thread, faq);

  const model = { batches: [], outbox: { items: [], not_sent_note: null }, faq: [], settings: null };

  async function refresh() {
    const pending = await api('/v1/approvals', { query: { status: 'pending', limit: 200 } });
    const approvals = pending.items.filter(
      (a) => a.kind === 'outreach' && a.project_id === projectId,
    );
    model.batches = await Promise.all(
      approvals.map(async (a) => ({
        approval: a,
        messages: await api(`/v1/outreach/approvals/${a.id}/messages`),
      })),
    );
    model.outbox = await api('/v1/outreach/outbox', { query: { project_id: projectId } });
    model.faq = await api(`/v1/projects/${projectId}/faq`);
    model.settings = await api(`/v1/projects/${projectId}/outreach/settings`);
    render();
  }

  function decide(message, decision, bodyField, button) {
    const body = { decision };
    if (decision === 'edit') body.body = bodyField.value;
    return busy(button, problem, async () => {
      await api(`/v1/outreach/messages/${message.id}/decision`, { method: 'POST', body });
      await loadApprovals(); // the badge; and this view refreshes on 'approvals'
    });
  }

  function draftItem(message) {
    const field = h('textarea', {
      'aria-label': `Message: ${message.subject}`,
      'data-key': `draft-${message.id}`,
      rows: 10,
      value: message.body,
    });
    const evidence = message.evidence.filter((e) => e.quote).map((e) => e.quote);
    return h(
      'li',
      { class: 'draft', 'data-message': message.id },
      h('h3', { text: message.subject }),
      evidence.length ? h('p', { class: 'muted', text: `Cites: ${evidence.join(' · ')}` }) : null,
      field,
      h(
        'div',
        { class: 'actions' },
        h('button', {
          type: 'button', class: 'primary', text: 'Approve',
          onclick: (e) => decide(message, field.value === message.body ? 'approve' : 'edit', field, e.currentTarget),
        }),
        h('button', {
          type: 'button', text: 'Reject',
          onclick: (e) => decide(message, 'reject', field, e.currentTarget),
        }),
      ),
    );
  }

  function renderDrafts() {
    const pending = model.batches.flatMap((b) =>
      b.messages.filter((m) => m.status === 'draft' && m.kind !== 'followup'),
    );
    rerender(drafts, () => [
      h('h2', { id: 'drafts-title', text: 'Drafts waiting for your approval' }),
      h('p', {
        class: 'lead',
        text: pending.length
          ? `${plural(pending.length, 'draft')}. Nothing is sent before you approve.`
          : 'No drafts are waiting. Ask the assistant to "draft messages to my pipeline".',
      }),
      ...model.batches.map((b) =>
        h(
          'div',
          { class: 'batch', 'data-approval': b.approval.id },
          h(
            'div',
            { class: 'actions' },
            h('button', {
              type: 'button', class: 'primary', text: 'Approve all',
              onclick: (e) => bulk(b.approval.id, 'approve', e.currentTarget),
            }),
            h('button', {
              type: 'button', text: 'Reject all',
              onclick: (e) => bulk(b.approval.id, 'reject', e.currentTarget),
            }),
          ),
          h('ul', { class: 'drafts' }, b.messages.filter((m) => m.status === 'draft' && m.kind !== 'followup').map(draftItem)),
        ),
      ),
    ]);
  }

  function bulk(approvalId, decision, button) {
    return busy(button, problem, async () => {
      await api(`/v1/outreach/approvals/${approvalId}`, { method: 'POST', body: { decision } });
      await loadApprovals();
    });
  }

  function renderOutbox() {
    const items = model.outbox.items.filter((m) => m.status !== 'draft');
    rerender(outbox, () => [
      h('h2', { id: 'outbox-title', text: 'Outbox' }),
      model.outbox.not_sent_note
        ? h('p', { class: 'warning', role: 'note', text: model.outbox.not_sent_note })
        : null,
      items.length
        ? h(
            'ul',
            { class: 'outbox' },
            items.map((m) =>
              h(
                'li',
                { 'data-status': m.status },
                h('strong', { text: m.subject }),
                ' — ',
                h('span', { class: 'status', text: m.status_note }),
                m.sent_at ? h('span', { class: 'muted', text: ` · ${when(m.sent_at)}` }) : null,
                ' ',
                h('button', {
                  type: 'button', class: 'link', text: 'Thread',
                  onclick: () => showThread(m.candidate_id),
                }),
                m.status_note.startsWith('outcome unknown') ? outcomeButtons(m) : null,
              ),
            ),
          )
        : h('p', { class: 'muted', text: 'Nothing approved yet.' }),
    ]);
  }

  // A send a crash interrupted: the recruiter checks their sent mail and says which it was.
  function outcomeButtons(message) {
    const choose = (outcome, button) =>
      busy(button, problem, async () => {
        await api(`/v1/outreach/messages/${message.id}/outcome`, {
          method: 'POST', body: { outcome },
        });
        await refresh();
      });
    const sent = h('button', { type: 'button', text: 'It was sent' });
    const again = h('button', { type: 'button', text: 'Send it again' });
    sent.onclick = () => choose('sent', sent);
    again.onclick = () => choose('send_again', again);
    return h('span', { class: 'actions' }, ' ', sent, ' ', again);
  }

  async function showThread(candidateId) {
    try {
      const t = await api(`/v1/projects/${projectId}/candidates/${candidateId}/thread`);
      thread.hidden = false;
      rerender(thread, () => [
        h('h2', { id: 'thread-title', text: `Thread (${humanize(t.status)})` }),
        h(
          'ol',
          { class: 'thread' },
          t.items.map((i) =>
            i.direction === 'out'
              ? h('li', { class: 'out' }, h('p', { class: 'muted', text: `To the candidate · ${i.message.status_note}` }), h('pre', { text: i.message.body }))
              : h('li', { class: 'in' }, h('p', { class: 'muted', text: `Reply · ${humanize(i.reply.classification || 'unread')} · ${humanize(i.reply.handling)}` }), h('pre', { text: i.reply.body })),
          ),
        ),
      ]);
    } catch (err) {
      showError(problem, err);
    }
  }

  function renderFaq() {
    const topic = h('select', { 'aria-label': 'Topic' }, TOPICS.map((t) => h('option', { value: t, text: humanize(t) })));
    const question = h('input', { 'aria-label': 'Question', placeholder: 'What is the salary range?' });
    const answer = h('textarea', { 'aria-label': 'Answer', rows: 2 });
    const auto = h('input', { type: 'checkbox', id: 'auto-answer', checked: Boolean(model.settings?.auto_answer) });
    auto.addEventListener('change', () =>
      busy(auto, problem, async () => {
        model.settings = await api(`/v1/projects/${projectId}/outreach/settings`, {
          method: 'PUT', body: { ...model.settings, auto_answer: auto.checked },
        });
      }),
    );
    rerender(faq, () => [
      h('h2', { id: 'faq-title', text: 'FAQ' }),
      h('p', { class: 'muted', text: 'Candidates’ questions are answered automatically only from an accepted entry that clearly answers them, and only when you allow it.' }),
      h('p', {}, auto, h('label', { for: 'auto-answer', text: ' Answer automatically from the FAQ' })),
      h(
        'ul',
        { class: 'faq' },
        model.faq.map((f) =>
          h(
            'li',
            { 'data-faq': f.id, 'data-status': f.status },
            h('strong', { text: `${humanize(f.topic)}: ${f.question}` }),
            h('p', { text: f.answer }),
            f.status === 'suggested'
              ? h('button', {
                  type: 'button', text: 'Accept (from the ad)',
                  onclick: (e) => faqCall(e.currentTarget, `/v1/projects/${projectId}/faq/${f.id}`, 'PATCH', { accept: true }),
                })
              : null,
            h('button', {
              type: 'button', class: 'link', text: 'Delete',
              onclick: (e) => faqCall(e.currentTarget, `/v1/projects/${projectId}/faq/${f.id}`, 'DELETE'),
            }),
          ),
        ),
      ),
      h(
        'form',
        {
          class: 'faq-add',
          onsubmit: (e) => {
            e.preventDefault();
            faqCall(e.submitter, `/v1/projects/${projectId}/faq`, 'POST', {
              topic: topic.value, question: question.value, answer: answer.value,
            });
          },
        },
        topic, question, answer,
        h('button', { type: 'submit', text: 'Add entry' }),
      ),
    ]);
  }

  function faqCall(button, path, method, body) {
    return busy(button, problem, async () => {
      await api(path, { method, body });
      await refresh();
    });
  }

  function render() {
    document.title = 'Outreach · Scout';
    renderDrafts();
    renderOutbox();
    renderFaq();
  }

  const offs = [
    on('approvals', () => refresh().catch((err) => showError(problem, err))),
  ];
  refresh().catch((err) => showError(problem, err));
  return {
    projectId: null,
    focus: () => heading.focus(),
    unmount: () => offs.forEach((off) => off()),
    go,
    state,
  };
}
