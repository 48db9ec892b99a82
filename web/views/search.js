// Search the talent pool directly: Boolean or plain words, like the assistant does.

import { api } from '../api.js';
import { busy, errorBox, h, rerender } from '../dom.js';

export function mountSearch(container, { openProfile }) {
  const heading = h('h1', { id: 'page-title', tabindex: '-1', text: 'Search your talent pool' });
  const query = h('input', {
    id: 'search-q',
    type: 'search',
    name: 'q',
    required: true,
    autocomplete: 'off',
    'aria-describedby': 'search-hint',
  });
  const location = h('input', { id: 'search-location', type: 'text', name: 'location' });
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Search' });
  const problem = errorBox('search');
  const pointer = h('pre', { class: 'pointer', hidden: true, 'aria-hidden': 'true' });
  const results = h('ol', { class: 'results', 'aria-label': 'Search results' });
  const count = h('p', { role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'search-form',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        run();
      },
    },
    h('label', { for: 'search-q', text: 'Query' }),
    query,
    h('p', {
      id: 'search-hint',
      class: 'hint',
      text: 'Boolean: AND, OR, NOT, (parentheses), "phrases", title: skill: company: location:. Or just describe who you are looking for.',
    }),
    h('label', { for: 'search-location', text: 'Location (optional)' }),
    location,
    h('div', { class: 'row' }, submit),
  );
  container.replaceChildren(heading, form, problem, pointer, count, results);

  async function run() {
    pointer.hidden = true;
    await busy(submit, problem, async () => {
      try {
        const data = await api('/v1/candidates/search', {
          query: { q: query.value, location: location.value.trim(), limit: 20 },
        });
        count.textContent = `${data.results.length} found (${data.mode} search).`;
        rerender(results, () =>
          data.results.map((hit) =>
            h(
              'li',
              { class: 'result' },
              h('h2', { class: 'result-title', text: hit.name || hit.headline || 'Candidate' }),
              h('p', { class: 'muted', text: [hit.headline, hit.location].filter(Boolean).join(' · ') }),
              hit.matched_terms.length
                ? h('p', { class: 'hint', text: `Matched: ${hit.matched_terms.join(', ')}` })
                : null,
              hit.snippets.map((s) => h('p', { class: 'snippet', text: s })),
              h('button', {
                type: 'button',
                class: 'link',
                text: 'Open profile',
                onclick: (e) =>
                  openProfile(
                    { candidate_id: hit.candidate_id, headline: hit.headline, recap: '', evaluations: [] },
                    e.currentTarget,
                  ),
              }),
            ),
          ),
        );
      } catch (err) {
        // A malformed Boolean query says where: point at it under the query.
        if (Number.isInteger(err.details?.position)) {
          pointer.textContent = `${query.value}\n${' '.repeat(err.details.position)}^`;
          pointer.hidden = false;
        }
        count.textContent = '';
        results.replaceChildren();
        throw err;
      }
    });
  }

  return { focus: () => heading.focus(), unmount() {} };
}
