// Screening a candidate: take over (pause the assistant) or hand back, the question kit
// (prepare, edit, export as Markdown), a transcript upload, and each screen's summary and
// what it would change (applied only after the approval in the approvals list).

import { ApiError, api, getToken, plainError } from '../api.js';
import { busy, errorBox, h, showError } from '../dom.js';

async function upload(path, form) {
  // multipart: api() speaks JSON, so this one request is sent by hand, same auth.
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method: 'POST', headers, body: form, cache: 'no-store' });
  const data = await response.json().catch(() => ({ error: '' }));
  if (!response.ok) throw new ApiError(plainError(response.status, data), response.status, data);
  return data;
}

async function download(path, filename) {
  const headers = { Authorization: `Bearer ${getToken()}` };
  const response = await fetch(path, { headers, cache: 'no-store' });
  if (!response.ok) throw new ApiError(plainError(response.status, {}), response.status);
  const link = h('a', { href: URL.createObjectURL(await response.blob()), download: filename });
  link.click();
  URL.revokeObjectURL(link.href);
}

export function mountScreening(container, projectId, candidateId) {
  const base = `/v1/projects/${projectId}/candidates/${candidateId}`;
  const problem = errorBox(`screening-${candidateId}`);
  const takeOver = h('div', { class: 'row' });
  const kit = h('div', { class: 'kit' });
  const screens = h('div', { class: 'screens' });
  const file = h('input', { type: 'file', accept: '.vtt,.srt,.txt,audio/*', 'aria-label': 'Transcript file' });
  // A recording comes back as a draft transcript whose speakers the recruiter names here
  // (the server never guesses who spoke); the labelled text is then uploaded as a .vtt.
  const draft = h('textarea', { rows: 8, hidden: true, 'aria-label': 'Draft transcript: name the speakers' });
  const hint = h('p', { class: 'muted', role: 'note', hidden: true });
  const speaker = h('input', { type: 'text', placeholder: 'Candidate speaker (optional)', 'aria-label': 'Candidate speaker' });
  const send = h('button', { type: 'button', text: 'Upload transcript' });
  send.addEventListener('click', () =>
    busy(send, problem, async () => {
      const form = new FormData();
      if (!draft.hidden) {
        form.append('file', new Blob([draft.value], { type: 'text/vtt' }), 'call.vtt');
      } else {
        if (!file.files.length) throw new ApiError('Choose a .vtt, .srt or .txt transcript first.', 422);
        const chosen = file.files[0];
        if ((chosen.type || '').startsWith('audio/')) {
          const audio = new FormData();
          audio.append('file', chosen);
          const out = await upload(`${base}/screens/transcribe`, audio);
          draft.value = out.vtt;
          draft.hidden = false;
          send.textContent = 'Upload labelled transcript';
          hint.textContent = out.note;
          hint.hidden = false;
          return;
        }
        form.append('file', chosen);
      }
      if (speaker.value.trim()) form.append('candidate_speaker', speaker.value.trim());
      await upload(`${base}/screens`, form);
      file.value = '';
      draft.hidden = true;
      draft.value = '';
      hint.hidden = true;
      send.textContent = 'Upload transcript';
      await load();
    }),
  );
  container.replaceChildren(
    h('h3', { text: 'Screening' }),
    problem,
    takeOver,
    kit,
    h('div', { class: 'row' }, file, speaker, send),
    hint,
    draft,
    screens,
  );

  function renderTakeOver(status) {
    const button = h('button', {
      type: 'button',
      'aria-pressed': String(status.paused),
      text: status.paused ? 'Hand back to the assistant' : 'Take over (pause the assistant)',
    });
    button.addEventListener('click', () =>
      busy(button, problem, async () => {
        renderTakeOver(await api(`${base}/take-over`, { method: status.paused ? 'DELETE' : 'POST' }));
      }),
    );
    takeOver.replaceChildren(
      button,
      status.paused ? h('span', { class: 'hint', text: ' Paused: no drafts, auto-answers or follow-ups.' }) : null,
    );
  }

  function renderKit(data) {
    const prepare = h('button', { type: 'button', text: data ? 'Prepare again' : 'Prepare questions' });
    prepare.addEventListener('click', () =>
      busy(prepare, problem, async () => renderKit(await api(`${base}/question-kit`, { method: 'POST' }))),
    );
    if (!data || !data.questions.length) {
      kit.replaceChildren(prepare);
      return;
    }
    const fields = data.questions.map((q) =>
      h('textarea', { rows: 2, value: q.text, 'aria-label': `Question (${q.purpose})`, 'data-purpose': q.purpose, 'data-qid': q.qualification_id || '' }),
    );
    const save = h('button', { type: 'button', text: 'Save questions' });
    save.addEventListener('click', () =>
      busy(save, problem, async () => {
        const questions = fields
          .filter((f) => f.value.trim())
          .map((f) => ({ text: f.value.trim(), purpose: f.dataset.purpose, qualification_id: f.dataset.qid || null }));
        renderKit(await api(`${base}/question-kit`, { method: 'PUT', body: { questions } }));
      }),
    );
    const exportButton = h('button', { type: 'button', text: 'Export (Markdown)' });
    exportButton.addEventListener('click', () =>
      busy(exportButton, problem, () => download(`${base}/question-kit.md`, 'screening-questions.md')),
    );
    kit.replaceChildren(
      h('ol', {}, fields.map((f, i) => h('li', {}, f, h('p', { class: 'hint', text: data.questions[i].why })))),
      data.refused.length ? h('p', { class: 'hint', text: `Left out: ${data.refused.map((r) => `"${r.text}" (${r.reason})`).join('; ')}` }) : null,
      h('div', { class: 'row' }, save, exportButton, prepare),
    );
  }

  function renderScreens(items) {
    screens.replaceChildren(
      ...items.map((s) =>
        h(
          'article',
          { class: 'screen' },
          h('p', {}, h('strong', { text: `${s.filename} (${s.format}), ${s.status}` })),
          h('p', { text: s.summary.text || 'Not read yet.' }),
          s.changes.length
            ? h('ul', {}, s.changes.map((c) => h('li', { text: `${c.text}: ${c.before} → ${c.after} — "${c.quotes[0]}"` })))
            : h('p', { class: 'hint', text: 'No verdict would change.' }),
          s.status === 'analysed' ? h('p', { class: 'hint', text: 'Approve or reject it in Approvals.' }) : null,
        ),
      ),
    );
  }

  async function load() {
    try {
      renderTakeOver(await api(`${base}/take-over`));
      renderKit(await api(`${base}/question-kit`).catch((err) => (err.status === 404 ? null : Promise.reject(err))));
      renderScreens((await api(`${base}/screens`)).items);
    } catch (err) {
      showError(problem, err);
    }
  }
  load();
  return { unmount() { container.replaceChildren(); } };
}
