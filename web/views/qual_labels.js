// How a qualification reads wherever it is shown (review, approved list, candidate cards):
// a legal requirement is labelled as one, and an OR-group says any one is enough.

import { h } from '../dom.js';

export function orList(items) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

// Clearance, right to work, no sponsorship: a condition of employment, rarely in a profile,
// so the recruiter confirms it at screening rather than reading it as a missing skill.
export function legalBadge(q) {
  if (q?.kind !== 'legal') return null;
  return h('span', {
    class: 'badge badge-legal',
    'data-kind': 'legal',
    title: 'A legal condition of the job (clearance, right to work). Confirm it at screening.',
    text: 'Legal requirement',
  });
}

// The offline wording already says "one of A, B or C"; a model's may not, so say it.
export function alternatives(q) {
  const options = q?.any_of || [];
  if (!options.length || / or /i.test(q.text || '')) return null;
  return h('span', { class: 'alternatives muted', text: ` (one of ${orList(options)})` });
}
