// When the recruiter takes phone screens: time zone, weekly hours and slot length
// (GET/PUT /v1/scheduling/availability). Busy times come from the CalDAV calendar when
// the server has one configured.

import { api } from '../api.js';
import { busy, errorBox, h } from '../dom.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function mountAvailability(container) {
  const zone = h('input', { id: 'avail-tz', type: 'text', 'aria-describedby': 'avail-hint' });
  const slot = h('input', { id: 'avail-slot', type: 'number', min: '10', max: '240', step: '5' });
  const days = Object.fromEntries(
    DAYS.map((d) => [d, h('input', { id: `avail-${d}`, type: 'text', placeholder: 'off', 'aria-label': `Hours on ${d}` })]),
  );
  const hint = h('p', { id: 'avail-hint', class: 'hint' });
  const saved = h('p', { role: 'status', class: 'ok' });
  const problem = errorBox('availability');
  const save = h('button', { type: 'submit', class: 'primary', text: 'Save availability' });
  const form = h(
    'form',
    {
      class: 'availability-form',
      onsubmit: (e) => {
        e.preventDefault();
        saved.textContent = '';
        busy(save, problem, async () => {
          const hours = {};
          for (const d of DAYS) {
            const text = days[d].value.trim();
            if (!text) continue;
            hours[d] = text.split(',').map((w) => w.trim().split('-').map((t) => t.trim()));
          }
          fill(await api('/v1/scheduling/availability', {
            method: 'PUT',
            body: { time_zone: zone.value.trim(), hours, slot_minutes: Number(slot.value) || 30 },
          }));
          saved.textContent = 'Saved.';
        });
      },
    },
    h('p', { class: 'row' }, h('label', { for: 'avail-tz', text: 'Time zone' }), zone),
    h('p', { class: 'row' }, h('label', { for: 'avail-slot', text: 'Minutes per screen' }), slot),
    h('div', { class: 'days' }, DAYS.map((d) => h('p', { class: 'row' }, h('label', { for: `avail-${d}`, text: d }), days[d]))),
    hint,
    save,
    saved,
    problem,
  );
  container.append(form);

  function fill(a) {
    zone.value = a.time_zone;
    slot.value = String(a.slot_minutes);
    for (const d of DAYS) days[d].value = (a.hours[d] || []).map((w) => w.join('-')).join(', ');
    hint.textContent = `Hours like 09:00-12:00, 13:00-17:00; leave a day empty for a day off. ${a.calendar ? 'Busy times in your calendar are left out.' : 'No calendar connected: only these hours and booked screens count.'}${a.configured ? '' : ' (Not saved yet: these are the defaults.)'}`;
  }
  api('/v1/scheduling/availability').then(fill).catch(() => {});
  return { unmount() {} };
}
