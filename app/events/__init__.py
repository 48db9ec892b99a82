"""Live push to recruiters: a durable event log in Postgres, woken through Redis, served as
server-sent events at GET /v1/events. Producers call `publish` inside their transaction."""

from app.events.service import CHANNEL, bind_wakeups, publish

__all__ = ["CHANNEL", "bind_wakeups", "publish"]
