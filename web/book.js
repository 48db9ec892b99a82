// The candidate's booking page: open slots in their own time zone, book one, move it or
// cancel it. No account: the signed link in the address is the only credential, and it is
// sent to the API only (the page sets no-referrer).

import { $, h } from './dom.js';

const main = $('#main');
const token = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() || '');
const guessed = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
let zone = guessed;

async function call(path, { method = 'GET', body } = {}) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const said = typeof data.error === 'string' ? data.error : 'Something went wrong; try again.';
    throw new Error(said[0].toUpperCase() + said.slice(1));
  }
  return data;
}

const base = () => `/v1/booking/${encodeURIComponent(token)}`;

function fmt(iso, options) {
  return new Date(iso).toLocaleString(undefined, { timeZone: zone, ...options });
}

function zonePicker(onChange) {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = [...new Set([guessed, 'UTC', ...known])];
  const select = h(
    'select',
    { id: 'tz', onchange: () => onChange(select.value) },
    zones.map((z) => h('option', { value: z, text: z.replace(/_/g, ' ') })),
  );
  select.value = zone;
  return h('p', { class: 'row' }, h('label', { for: 'tz', text: 'Your time zone' }), select);
}

function problem(err) {
  return h('p', { class: 'error', role: 'alert', text: err.message });
}

function slotList(slots, onPick) {
  if (!slots.length) {
    return h('p', { text: 'No open times right now. Please ask the recruiter for other times.' });
  }
  const days = new Map();
  for (const slot of slots) {
    const day = fmt(slot.start, { weekday: 'long', month: 'long', day: 'numeric' });
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(slot);
  }
  return h(
    'div',
    { class: 'slots' },
    [...days].map(([day, items]) =>
      h(
        'section',
        { class: 'day', 'aria-label': day },
        h('h3', { text: day }),
        h(
          'ul',
          { class: 'slot-list' },
          items.map((slot) =>
            h(
              'li',
              {},
              h('button', {
                type: 'button',
                class: 'slot',
                'data-start': slot.start,
                text: fmt(slot.start, { hour: '2-digit', minute: '2-digit' }),
                onclick: () => onPick(slot),
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

async function render(note) {
  let data;
  try {
    data = await call(`${base()}?tz=${encodeURIComponent(zone)}`);
  } catch (err) {
    main.replaceChildren(h('h1', { id: 'page-title', text: 'Book a phone screen' }), problem(err));
    return;
  }
  const email = h('input', { id: 'email', type: 'email', autocomplete: 'email', name: 'email' });
  const status = h('div', { id: 'booking-status', role: 'status' });
  const error = h('div', { id: 'booking-error' });
  async function pick(slot) {
    error.replaceChildren();
    try {
      await call(base(), {
        method: 'POST',
        body: { start: slot.start, time_zone: zone, email: email.value.trim() || undefined },
      });
      await render(data.booking ? 'Your screen was moved. An updated invitation is on its way.' : 'Booked. An invitation is on its way.');
    } catch (err) {
      error.replaceChildren(problem(err));
    }
  }
  async function cancel() {
    error.replaceChildren();
    try {
      await call(`${base()}/cancel`, { method: 'POST' });
      await render('Cancelled. The recruiter has been told.');
    } catch (err) {
      error.replaceChildren(problem(err));
    }
  }
  if (note) status.append(h('p', { class: 'ok', text: note }));
  const booked = data.booking
    ? h(
        'section',
        { class: 'booked', 'aria-labelledby': 'booked-title' },
        h('h2', { id: 'booked-title', text: 'Your phone screen' }),
        h('p', {
          'data-testid': 'booked-time',
          text: `${fmt(data.booking.starts_at, { dateStyle: 'full', timeStyle: 'short' })} (${zone.replace(/_/g, ' ')})`,
        }),
        h('p', { class: 'hint', text: 'To move it, pick another time below.' }),
        h('button', { type: 'button', class: 'danger', text: 'Cancel the screen', onclick: cancel }),
      )
    : null;
  main.replaceChildren(
    h('h1', { id: 'page-title', text: `Phone screen: ${data.role}` }),
    h('p', { text: `With ${data.recruiter}, ${data.slot_minutes} minutes.` }),
    status,
    booked,
    zonePicker((value) => {
      zone = value;
      render();
    }),
    data.booking
      ? null
      : h(
          'p',
          { class: 'row' },
          h('label', { for: 'email', text: 'Email for the invitation (optional if the recruiter wrote to you)' }),
          email,
        ),
    h('h2', { text: data.booking ? 'Other times' : 'Pick a time' }),
    error,
    slotList(data.slots, pick),
    h('p', { class: 'hint', text: `This link works until ${fmt(data.expires_at, { dateStyle: 'medium', timeStyle: 'short' })}.` }),
  );
}

render();
