// The full profile in a modal dialog, with every evidence quote highlighted in its text.

import { api } from '../api.js';
import { errorBox, h, showError } from '../dom.js';
import { sectionName } from './candidates.js';

// Where each quote sits in the raw text: inside a section of the kind it cites if it can
// be found there, else its first occurrence. Overlapping quotes merge into one mark.
export function evidenceRanges(raw, sections, evaluations) {
  const found = [];
  for (const ev of evaluations || []) {
    for (const item of ev.evidence || []) {
      if (!item.quote) continue;
      let at = -1;
      for (const s of sections || []) {
        if (s.kind !== item.section) continue;
        const i = raw.indexOf(item.quote, s.start);
        if (i >= 0 && i + item.quote.length <= s.end) {
          at = i;
          break;
        }
      }
      if (at < 0) at = raw.indexOf(item.quote);
      if (at >= 0) {
        found.push({ start: at, end: at + item.quote.length, labels: [ev.qualification] });
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged = [];
  for (const r of found) {
    const last = merged.at(-1);
    if (last && r.start < last.end) {
      last.end = Math.max(last.end, r.end);
      for (const l of r.labels) if (!last.labels.includes(l)) last.labels.push(l);
    } else merged.push({ ...r, labels: [...r.labels] });
  }
  return merged;
}

function highlighted(raw, ranges) {
  const parts = [];
  let at = 0;
  ranges.forEach((r, n) => {
    if (r.start > at) parts.push(raw.slice(at, r.start));
    const label = `Evidence for ${r.labels.join(', ')}`;
    parts.push(
      h(
        'mark',
        { id: `evidence-${n}`, title: label, tabindex: '-1' },
        h('span', { class: 'sr-only', text: `${label}: ` }),
        raw.slice(r.start, r.end),
      ),
    );
    at = r.end;
  });
  parts.push(raw.slice(at));
  return parts;
}

export function mountProfileDialog(dialog) {
  let returnTo = null;
  dialog.addEventListener('close', () => {
    dialog.replaceChildren();
    if (returnTo && document.contains(returnTo)) returnTo.focus();
  });
  // A click on the backdrop (outside the content box) closes it too.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });

  return async function openProfile(candidate, from) {
    returnTo = from || document.activeElement;
    const problem = errorBox('profile');
    const close = h('button', {
      type: 'button',
      class: 'icon close',
      'aria-label': 'Close profile',
      text: '✕',
      onclick: () => dialog.close(),
    });
    const content = h('div', { class: 'profile-body' }, h('p', { text: 'Loading profile…' }));
    dialog.replaceChildren(
      h(
        'div',
        { class: 'dialog-inner' },
        h(
          'header',
          { class: 'dialog-head' },
          h('h2', { id: 'profile-title', text: candidate.headline || 'Candidate profile' }),
          close,
        ),
        problem,
        content,
      ),
    );
    dialog.setAttribute('aria-labelledby', 'profile-title');
    if (!dialog.open) dialog.showModal();
    close.focus();
    let full;
    try {
      full = await api(`/v1/candidates/${candidate.candidate_id}`);
    } catch (err) {
      content.replaceChildren();
      showError(problem, err);
      return;
    }
    const ranges = evidenceRanges(full.raw_text, full.sections, candidate.evaluations);
    dialog.querySelector('#profile-title').textContent = full.name || full.headline || 'Candidate';
    const facts = [
      full.headline,
      full.location,
      full.years_experience != null ? `${full.years_experience} years of experience` : null,
    ].filter(Boolean);
    const withEvidence = candidate.evaluations.filter((ev) => ev.evidence.length);
    content.replaceChildren(
      h('p', { class: 'card-sub', text: facts.join(' · ') }),
      h('p', { class: 'recap', text: candidate.recap }),
      withEvidence.length
        ? h(
            'section',
            { 'aria-labelledby': 'evidence-title' },
            h('h3', { id: 'evidence-title', text: 'Evidence' }),
            h(
              'ul',
              { class: 'evidence' },
              withEvidence.flatMap((ev) =>
                ev.evidence.map((item) => {
                  const n = ranges.findIndex((r) => r.labels.includes(ev.qualification)
                    && full.raw_text.slice(r.start, r.end).includes(item.quote));
                  return h(
                    'li',
                    {},
                    h('strong', { text: `${ev.qualification}: ` }),
                    h('q', { class: 'quote', text: item.quote }),
                    h('span', { class: 'section-name', text: ` — ${sectionName(item.section)} ` }),
                    n >= 0
                      ? h('button', {
                          type: 'button',
                          class: 'link',
                          text: 'Show in profile',
                          onclick: () => {
                            const mark = dialog.querySelector(`#evidence-${n}`);
                            mark?.scrollIntoView({ block: 'center' });
                            mark?.focus();
                          },
                        })
                      : null,
                  );
                }),
              ),
            ),
          )
        : h('p', { class: 'hint', text: 'No quoted evidence for this candidate.' }),
      h(
        'section',
        { 'aria-labelledby': 'fulltext-title' },
        h('h3', { id: 'fulltext-title', text: 'Full profile' }),
        h('div', { class: 'raw-text', 'data-testid': 'raw-text' }, highlighted(full.raw_text, ranges)),
      ),
    );
  };
}
