// Talent insights for a title: what the pool holds, and what O*NET says is usual.

import { api } from '../api.js';
import { errorBox, h, plural, showError } from '../dom.js';

// Set through the CSSOM: the page's CSP allows no inline style attributes.
function bar(percent) {
  const el = h('span', { class: 'bar', 'aria-hidden': 'true' });
  el.style.setProperty('--w', `${percent}%`);
  return el;
}

function counts(title, items) {
  if (!items?.length) return null;
  const top = Math.max(...items.map((i) => i.count), 1);
  return h(
    'div',
    { class: 'insight' },
    h('h3', { text: title }),
    h(
      'ul',
      { class: 'bars' },
      items.slice(0, 8).map((i) =>
        h(
          'li',
          {},
          h('span', { class: 'bar-label', text: i.value }),
          bar((100 * i.count) / top),
          h('span', { class: 'bar-count', text: String(i.count) }),
        ),
      ),
    ),
  );
}

function tags(title, values) {
  if (!values?.length) return null;
  return h(
    'div',
    { class: 'insight' },
    h('h3', { text: title }),
    h('ul', { class: 'tags' }, values.map((v) => h('li', { text: v }))),
  );
}

export function mountInsights(container, title) {
  const heading = h('h2', { id: 'insights-title', text: 'Talent insights' });
  const body = h('div', { class: 'insights-body' }, h('p', { text: 'Loading insights…' }));
  const problem = errorBox('insights');
  container.replaceChildren(heading, problem, body);
  if (!title) {
    body.replaceChildren(h('p', { class: 'empty', text: 'Insights appear once the role has a title.' }));
    return { unmount() {} };
  }
  heading.textContent = `Talent insights: ${title}`;
  let alive = true;
  api('/v1/insights', { query: { title } })
    .then((data) => {
      if (!alive) return;
      body.replaceChildren(
        h(
          'p',
          { class: 'lead' },
          `${plural(data.matching_candidates, 'person', 'people')} in your pool`,
          data.matching_candidates === 1 ? ' matches this title' : ' match this title',
          data.occupation ? ` (O*NET: ${data.occupation})` : '',
          '.',
        ),
        h(
          'div',
          { class: 'insight-grid' },
          counts('Top titles', data.top_titles),
          counts('Top skills', data.top_skills),
          counts('Top locations', data.top_locations),
          counts('Top companies', data.top_companies),
          tags('Adjacent titles to consider', data.adjacent_titles),
          tags(
            'Usual technologies',
            (data.usual_skills || []).map((s) => (s.hot ? `${s.name} (hot)` : s.name)),
          ),
        ),
        h('p', { class: 'hint', text: `Source: ${data.attribution}` }),
      );
    })
    .catch((err) => {
      if (!alive) return;
      body.replaceChildren();
      showError(problem, err);
    });
  return {
    unmount() {
      alive = false;
    },
  };
}
