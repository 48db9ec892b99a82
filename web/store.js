// What the page knows, loaded from the API and kept current by the event stream.
// Views subscribe to topics ('messages', 'projects', 'approvals', 'project:<id>',
// 'candidates:<id>', 'progress:<id>') and re-render from here; nothing else holds server data.

import { allPages, api } from './api.js';

export const state = {
  messages: new Map(), // id -> mailbox message
  lastSeq: 0,
  projects: new Map(), // id -> project (GET /v1/projects/{id})
  candidates: new Map(), // project id -> {items, next_cursor, hidden, note, include}
  // project id -> 'all' when the recruiter chose "Show everyone"; the default list holds
  // only those meeting a required qualification (the API's `include`).
  candidateScope: new Map(),
  progress: new Map(), // project id -> latest progress text
  approvals: [], // pending approvals
  asyncMode: new Map(), // project id -> {enabled, interval}
  pipeline: new Map(), // `${project id}:board|archived` -> GET /v1/projects/{id}/pipeline
  connection: 'connecting',
};

const subscribers = new Map();

export function on(topic, fn) {
  if (!subscribers.has(topic)) subscribers.set(topic, new Set());
  subscribers.get(topic).add(fn);
  return () => subscribers.get(topic)?.delete(fn);
}

export function emit(topic, payload) {
  for (const fn of [...(subscribers.get(topic) || [])]) {
    try {
      fn(payload);
    } catch (err) {
      console.error(err);
    }
  }
}

// Tabs of one browser tell each other about changes that produce no server event
// (reactions, the async switch); mailbox and plan changes reach every tab through SSE.
const channel = 'BroadcastChannel' in window ? new BroadcastChannel('scout') : null;
export function tellOtherTabs(message) {
  if (channel) channel.postMessage(message);
}
if (channel) {
  channel.onmessage = ({ data }) => {
    if (data?.type === 'candidates') loadCandidates(data.projectId).catch(() => {});
    if (data?.type === 'project') {
      loadProject(data.projectId).catch(() => {});
      loadApprovals().catch(() => {});
    }
    if (data?.type === 'async') {
      state.asyncMode.set(data.projectId, data.mode); // already saved by the sender
      emit(`project:${data.projectId}`);
    }
  };
}

export function reset() {
  state.messages.clear();
  state.lastSeq = 0;
  state.projects.clear();
  state.candidates.clear();
  state.candidateScope.clear();
  state.progress.clear();
  state.approvals = [];
  state.pipeline.clear();
}

// -- mailbox -------------------------------------------------------------------------

export function addMessage(message) {
  const known = state.messages.get(message.id);
  if (known && !known.pending && known.status === message.status && !message.truncated) {
    return false;
  }
  state.messages.set(message.id, { ...known, ...message, pending: false, draft: false });
  if (message.seq > state.lastSeq) state.lastSeq = message.seq;
  return true;
}

export async function loadMailbox() {
  const items = await allPages('/v1/mailbox', {
    limit: 500,
    cursor: state.lastSeq ? String(state.lastSeq) : undefined,
  });
  let changed = false;
  for (const m of items) changed = addMessage(m) || changed;
  if (changed) emit('messages');
  return items;
}

export function messagesFor(projectId) {
  return [...state.messages.values()]
    .filter((m) => m.project_id === projectId)
    .sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
}

// There is no "list projects" call: a project starts with the recruiter's request, so the
// mailbox's requests are the project list (newest first).
export function projectIds() {
  return [...state.messages.values()]
    .filter((m) => m.kind === 'request' && m.project_id)
    .sort((a, b) => b.seq - a.seq)
    .map((m) => m.project_id);
}

// -- projects, candidates, approvals -------------------------------------------------

// "Source while you sleep": the project's `mode` when the API reports it; otherwise the
// last switch made in this browser, remembered across reloads.
export function asyncMode(id) {
  if (!state.asyncMode.has(id)) {
    try {
      const saved = JSON.parse(localStorage.getItem(`scout.async.${id}`) || 'null');
      if (saved) state.asyncMode.set(id, saved);
    } catch {
      /* an unreadable entry is the same as none */
    }
  }
  return state.asyncMode.get(id) || { enabled: false, interval: 60 };
}

export function setAsyncMode(id, mode) {
  state.asyncMode.set(id, mode);
  localStorage.setItem(`scout.async.${id}`, JSON.stringify(mode));
}

export async function loadProject(id) {
  const project = await api(`/v1/projects/${encodeURIComponent(id)}`);
  state.projects.set(id, project);
  if (typeof project.mode === 'string') {
    setAsyncMode(id, {
      enabled: project.mode === 'async',
      interval: project.async_interval_minutes ?? asyncMode(id).interval,
    });
  }
  emit(`project:${id}`);
  emit('projects');
  return project;
}

export function setCandidateScope(projectId, include) {
  if (include === 'all') state.candidateScope.set(projectId, 'all');
  else state.candidateScope.delete(projectId);
}

export async function loadCandidates(projectId, { more = false } = {}) {
  const include = state.candidateScope.get(projectId) || 'qualified';
  const current = state.candidates.get(projectId);
  const cursor = more && current?.include === include ? current.next_cursor : undefined;
  const page = await api(`/v1/projects/${encodeURIComponent(projectId)}/candidates`, {
    query: { limit: 50, cursor, include: include === 'all' ? 'all' : undefined },
  });
  const items = cursor ? [...current.items, ...page.items] : page.items;
  state.candidates.set(projectId, {
    items,
    next_cursor: page.next_cursor,
    hidden: page.hidden || 0,
    include,
  });
  emit(`candidates:${projectId}`);
  return page;
}

export async function loadPipeline(projectId, view = 'board') {
  const page = await api(`/v1/projects/${encodeURIComponent(projectId)}/pipeline`, { query: { view } });
  state.pipeline.set(`${projectId}:${view}`, page);
  emit(`pipeline:${projectId}`);
  return page;
}

// A pipeline change (a move, an archive or its undo, a note, a booking), made on any device:
// refetch what this page shows of that project.
function pipelineChanged(pid) {
  for (const key of state.pipeline.keys()) {
    const [id, view] = key.split(':');
    if (id === pid) soon(`pipeline:${key}`, () => loadPipeline(pid, view));
  }
  if (state.candidates.has(pid)) soon(`candidates:${pid}`, () => loadCandidates(pid));
}

export async function loadApprovals() {
  state.approvals = await allPages('/v1/approvals', { status: 'pending', limit: 200 });
  emit('approvals');
  return state.approvals;
}

// Many events arrive in a burst while the assistant works; refetch once per burst.
const timers = new Map();
export function soon(key, fn, ms = 250) {
  clearTimeout(timers.get(key));
  timers.set(
    key,
    setTimeout(() => {
      timers.delete(key);
      Promise.resolve(fn()).catch(() => {});
    }, ms),
  );
}

// -- live events -----------------------------------------------------------------------

export function applyEvent(kind, data) {
  const pid = data.project_id;
  if (kind === 'mailbox.message') {
    if (addMessage(data)) emit('messages', data);
    if (data.truncated) soon('mailbox', loadMailbox);
    if (data.kind === 'proposal' || data.kind === 'approval') soon('approvals', loadApprovals);
    if (data.kind === 'ready') emit('ready', data);
    if (pid && state.projects.has(pid)) soon(`project:${pid}`, () => loadProject(pid));
  } else if (kind === 'plan.step') {
    const project = state.projects.get(pid);
    if (project) {
      project.plan = { ...project.plan, steps: data.steps };
      emit(`project:${pid}`);
    }
    soon(`project:${pid}`, () => loadProject(pid), 400);
    // A decision made elsewhere (another tab, the CLI) shows up as the plan moving on.
    soon('approvals', loadApprovals, 400);
  } else if (kind === 'progress') {
    state.progress.set(pid, data.text);
    emit(`progress:${pid}`);
  } else if (kind === 'pipeline.changed' || kind === 'project.updated' || kind === 'booking.changed') {
    pipelineChanged(pid);
    if (kind === 'project.updated' && state.projects.has(pid)) soon(`project:${pid}`, () => loadProject(pid));
  } else if (kind === 'message.delta' || kind === 'message.reset') {
    streamDraft(kind, data);
  } else if (kind === 'notices.dismissed') {
    emit('notices.dismissed', data.message_ids || []);
  } else if (kind === 'candidates.ready') {
    soon(`candidates:${pid}`, () => loadCandidates(pid));
    soon(`project:${pid}`, () => loadProject(pid));
  }
}

// A reply being written: shown as a draft that grows with each delta (index 0 starts it
// over), emptied by a reset, and replaced by the stored message (same id) when it lands.
function streamDraft(kind, data) {
  const known = state.messages.get(data.message_id);
  if (known && !known.draft) return; // already stored: the final text is shown
  const body = kind === 'message.reset' || data.index === 0 ? '' : known?.body || '';
  state.messages.set(data.message_id, {
    id: data.message_id,
    project_id: data.project_id,
    sender: 'supervisor',
    kind: 'reply',
    status: 'writing',
    draft: true,
    body: kind === 'message.delta' ? body + data.text : body,
  });
  emit('messages');
}

// After a (re)connect: whatever happened meanwhile.
export async function catchUp(currentProjectId) {
  const jobs = [loadMailbox(), loadApprovals()];
  emit('reconnected');
  if (currentProjectId) {
    jobs.push(loadProject(currentProjectId), loadCandidates(currentProjectId));
    pipelineChanged(currentProjectId);
  }
  await Promise.allSettled(jobs);
}
