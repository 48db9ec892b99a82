// The conversation with the assistant for one project: the mailbox, live, and a composer.

import { api } from '../api.js';
import { errorBox, h, newId, showError } from '../dom.js';
import { addMessage, emit, messagesFor, on, state } from '../store.js';

const KIND_LABEL = {
  request: 'Request',
  question: 'Question',
  plan: 'Plan',
  proposal: 'Proposal',
  approval: 'Needs your decision',
  ready: 'Candidates ready',
};

function senderName(sender) {
  if (sender === 'recruiter') return 'You';
  if (sender === 'supervisor') return 'Assistant';
  if (sender.startsWith('agent:')) return `Assistant · ${sender.slice(6)}`;
  return sender;
}

export function mountChat(container, projectId, { go }) {
  const log = h('ol', {
    class: 'messages',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
    'aria-label': 'Conversation with your assistant',
  });
  const working = h('p', { class: 'working', role: 'status', 'aria-live': 'polite' });
  const input = h('textarea', {
    id: 'composer',
    name: 'text',
    rows: 3,
    required: true,
    'aria-describedby': 'composer-hint',
  });
  const sendButton = h('button', { type: 'submit', class: 'primary', text: 'Send' });
  const problem = errorBox('chat');
  const form = h(
    'form',
    { class: 'composer', onsubmit: (e) => (e.preventDefault(), send()) },
    h('label', { for: 'composer', text: 'Message your assistant' }),
    input,
    h('p', {
      id: 'composer-hint',
      class: 'hint',
      text: 'Enter sends; Shift+Enter starts a new line.',
    }),
    problem,
    h('div', { class: 'row end' }, sendButton),
  );
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  container.replaceChildren(
    h('h2', { id: 'chat-title', text: 'Conversation' }),
    log,
    working,
    form,
  );

  const rendered = new Map(); // message id -> <li>
  let inFlight = 0;

  function item(m, answered) {
    const mine = m.sender === 'recruiter';
    const label = KIND_LABEL[m.kind];
    const actions = [];
    if (m.kind === 'approval' || m.kind === 'proposal') {
      actions.push(
        h('button', {
          type: 'button',
          class: 'link',
          text: 'Review qualifications',
          onclick: () => go(`#/projects/${projectId}/qualifications`),
        }),
      );
    }
    if (m.kind === 'ready') {
      actions.push(
        h('button', {
          type: 'button',
          class: 'link',
          text: 'See candidates',
          onclick: () => go(`#/projects/${projectId}/candidates`),
        }),
      );
    }
    let status = null;
    if (m.pending) status = h('span', { class: 'status', text: 'Sending…' });
    else if (m.draft) status = h('span', { class: 'status', text: 'Writing…' });
    else if (m.failedToSend) {
      status = h(
        'span',
        { class: 'status bad' },
        'Not sent. ',
        h('button', { type: 'button', class: 'link', text: 'Retry', onclick: () => resend(m) }),
      );
    } else if (mine && m.status === 'queued' && !answered) {
      status = h('span', { class: 'status', text: 'Waiting for the assistant' });
    } else if (mine && m.status === 'failed') {
      status = h('span', { class: 'status bad', text: 'The assistant could not process this' });
    }
    return h(
      'li',
      {
        class: `msg ${mine ? 'mine' : 'theirs'} kind-${m.kind}${m.draft ? ' draft' : ''}`,
        'data-message': m.id,
        'data-kind': m.kind,
      },
      h(
        'div',
        { class: 'meta' },
        h('span', { class: 'who', text: senderName(m.sender) }),
        label ? h('span', { class: 'tag', text: label }) : null,
        m.created_at
          ? h('time', {
              datetime: m.created_at,
              text: new Date(m.created_at).toLocaleTimeString([], {
                hour: '2-digit',
                minute: '2-digit',
              }),
            })
          : null,
      ),
      h('div', { class: 'body', text: m.body }),
      actions.length ? h('div', { class: 'row' }, actions) : null,
      status,
    );
  }

  function render() {
    const messages = messagesFor(projectId);
    // A message's stored status is not pushed when it changes; a reply after it is proof
    // enough that the assistant has taken it.
    const lastReply = Math.max(
      0,
      ...messages.filter((m) => m.sender !== 'recruiter' && m.seq).map((m) => m.seq),
    );
    let added = false;
    for (const m of messages) {
      const answered = Boolean(m.seq && m.seq < lastReply);
      const key = [m.status, m.pending, m.failedToSend, answered, m.body.length, m.draft].join('|');
      const old = rendered.get(m.id);
      if (old && old.dataset.version === key) continue;
      const li = item(m, answered);
      li.dataset.version = key;
      if (old) old.replaceWith(li);
      else {
        log.append(li);
        added = true;
      }
      rendered.set(m.id, li);
    }
    // Keep the DOM in mailbox order (an optimistic message may be overtaken).
    const order = messages.map((m) => rendered.get(m.id));
    if (order.some((li, i) => log.children[i] !== li)) log.append(...order);
    if (added) log.scrollTop = log.scrollHeight;
    const last = messages.filter((m) => !m.pending).at(-1);
    input.placeholder =
      last && last.kind === 'question'
        ? 'Answer the question above…'
        : 'Ask for changes, more candidates, or anything about this search…';
    renderWorking();
  }

  function renderWorking() {
    const project = state.projects.get(projectId);
    const running = project?.plan?.steps?.find((s) => s.status === 'running');
    const progress = state.progress.get(projectId);
    if (running) working.textContent = `Working: ${running.goal}${progress ? ` — ${progress}` : ''}`;
    else if (inFlight) working.textContent = 'The assistant is working on it…';
    else working.textContent = '';
  }

  async function post(message) {
    inFlight += 1;
    renderWorking();
    try {
      const stored = await api(`/v1/projects/${projectId}/messages`, {
        method: 'POST',
        body: { text: message.body, id: message.id },
      });
      addMessage(stored);
      emit('messages');
    } catch (err) {
      const m = state.messages.get(message.id);
      if (m && m.pending) {
        state.messages.set(message.id, { ...m, pending: false, failedToSend: true });
        emit('messages');
      }
      showError(problem, err);
    } finally {
      inFlight -= 1;
      renderWorking();
    }
  }

  function send() {
    const text = input.value.trim();
    if (!text) {
      showError(problem, new Error('Type a message first.'));
      input.focus();
      return;
    }
    showError(problem, null);
    // The client picks the id: a retry of the same message is stored and processed once.
    const message = {
      id: newId(),
      project_id: projectId,
      sender: 'recruiter',
      kind: 'message',
      body: text,
      status: 'queued',
      pending: true,
      payload: {},
    };
    state.messages.set(message.id, message);
    input.value = '';
    emit('messages');
    post(message);
  }

  function resend(m) {
    state.messages.set(m.id, { ...m, pending: true, failedToSend: false });
    emit('messages');
    post(m);
  }

  const offs = [
    on('messages', render),
    on(`project:${projectId}`, renderWorking),
    on(`progress:${projectId}`, renderWorking),
  ];
  render();
  return {
    focus: () => input.focus(),
    unmount: () => offs.forEach((off) => off()),
  };
}
