// The recruiter's live stream (GET /v1/events, server-sent events).
//
// EventSource reconnects by itself after a dropped stream and sends Last-Event-ID, so the
// server replays what was missed. When the browser gives up (the server answered an
// error), we open a new one ourselves with `?last_event_id=` and back off. Every (re)open
// also asks the app to refetch its state: anything that happened while we were away shows.

export const EVENT_KINDS = [
  'mailbox.message',
  'plan.step',
  'progress',
  'candidates.ready',
  // Pipeline moves, archive and undo, notes, ratings, bookings: live on every device.
  'project.updated',
  'pipeline.changed',
  'booking.changed',
  'notices.dismissed',
  // A reply as the model writes it: pieces, a take-back, then the stored mailbox.message.
  'message.delta',
  'message.reset',
];

export function connectEvents(token, { onEvent, onStatus, onOpen }) {
  let source = null;
  let lastId = null;
  let delay = 1000;
  let timer = null;
  let stopped = false;

  function open() {
    if (stopped) return;
    const url = new URL('/v1/events', window.location.origin);
    url.searchParams.set('access_token', token);
    if (lastId !== null) url.searchParams.set('last_event_id', String(lastId));
    source = new EventSource(url);
    source.onopen = () => {
      delay = 1000;
      onStatus('live');
      onOpen();
    };
    source.onerror = () => {
      if (stopped) return;
      onStatus('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        clearTimeout(timer);
        timer = setTimeout(open, delay);
        delay = Math.min(delay * 2, 30000);
      }
    };
    for (const kind of EVENT_KINDS) {
      source.addEventListener(kind, (message) => {
        const id = Number(message.lastEventId);
        if (Number.isFinite(id) && id > 0) lastId = id;
        let data;
        try {
          data = JSON.parse(message.data);
        } catch {
          return;
        }
        onEvent(kind, data, id);
      });
    }
  }

  open();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      if (source) source.close();
    },
  };
}
