"""iCalendar invites for a phone screen (RFC 5545/5546), and mailing them.

One booking is one event: the UID never changes, SEQUENCE grows with every change, a
cancel is METHOD:CANCEL with STATUS:CANCELLED. The candidate's copy is in their zone, the
recruiter's and the calendar's in the recruiter's.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Scout//Phone screens//EN"


@dataclass(frozen=True)
class Screen:
    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    organizer_email: str
    organizer_name: str
    attendee_email: str | None
    cancelled: bool = False


def ics(screen: Screen, zone: ZoneInfo, *, method: str | None) -> str:
    """The event in `zone` (DTSTART;TZID=...); with `method` an iTIP message for mail,
    without one a calendar object for CalDAV (which must not carry METHOD)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    event = Event()
    event.add("uid", screen.uid)
    event.add("sequence", screen.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", screen.starts_at.astimezone(zone))
    event.add("dtend", screen.ends_at.astimezone(zone))
    event.add("summary", screen.summary)
    event.add("description", screen.description)
    event.add("status", "CANCELLED" if screen.cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{screen.organizer_email}")
    if screen.organizer_name:
        organizer.params["cn"] = vText(screen.organizer_name)
    event.add("organizer", organizer)
    if screen.attendee_email:
        attendee = vCalAddress(f"mailto:{screen.attendee_email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", attendee)
    cal.add_component(event)
    cal.add_missing_timezones()
    text: str = cal.to_ical().decode()
    return text


def send(
    smtp_url: str, *, sender: str, to: str, subject: str, body: str, invite: str, method: str
) -> None:
    """One message with the invite as text/calendar (what calendar clients act on)."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content(body)
    message.add_attachment(
        invite.encode(),
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
        params={"method": method},
    )
    url = urlsplit(smtp_url)
    host, port = url.hostname or "localhost", url.port
    smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with smtp_class(host, port or (465 if url.scheme == "smtps" else 25), timeout=15) as smtp:
        if url.scheme == "smtp+starttls":
            smtp.starttls()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message)
