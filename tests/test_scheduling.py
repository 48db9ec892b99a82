"""Phone screens end to end: availability, a signed link, open slots in the candidate's
zone with busy CalDAV times left out, booking (an invite parsed back, the event in a real
Radicale calendar, the stage moved), reschedule (same UID, SEQUENCE + 1), cancel
(METHOD:CANCEL), double booking refused, expired and tampered links refused."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from icalendar import Calendar
from pydantic import SecretStr

from app.db import transaction
from app.errors import AppError
from app.runtime import Runtime
from app.scheduling import calendar, tokens
from app.scheduling import service as scheduling
from app.signing import app_secret
from tests.conftest import Tenant
from tests.radicale_server import CalDAVServer, radicale
from tests.test_agent_flow import run_conversation

EVERY_DAY = {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
def caldav(rt: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CalDAVServer]:
    with radicale(tmp_path) as server:
        monkeypatch.setattr(rt.settings, "caldav_url", server.calendar_url)
        monkeypatch.setattr(rt.settings, "caldav_username", server.username)
        yield server


def _event(rt: Runtime, uid: str) -> Calendar:
    return Calendar.from_ical(calendar.read_event(rt.settings, uid))


def _vevent(cal: Calendar):  # type: ignore[no-untyped-def]
    return next(c for c in cal.walk("VEVENT"))


async def _pipeline_of_two(client: httpx.AsyncClient, team: Tenant) -> tuple[str, str, str]:
    pid = (await run_conversation(client, team))["id"]
    r = await client.get(
        f"/v1/projects/{pid}/candidates", headers=team.headers, params={"include": "all"}
    )
    first, second = (c["candidate_id"] for c in r.json()["items"][:2])
    r = await client.post(
        f"/v1/projects/{pid}/pipeline/bulk",
        json={"action": "add", "candidate_ids": [first, second]},
        headers=team.headers,
    )
    assert r.status_code == 200, r.text
    return pid, first, second


async def _link(client: httpx.AsyncClient, team: Tenant, pid: str, cid: str) -> str:
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{cid}/booking-link", json={}, headers=team.headers
    )
    assert r.status_code == 201, r.text
    assert r.json()["url"].endswith(f"/book/{r.json()['token']}")
    return str(r.json()["token"])


async def test_book_reschedule_cancel_with_caldav(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime, caldav: CalDAVServer
) -> None:
    h = team.headers
    pid, first, second = await _pipeline_of_two(client, team)

    r = await client.get("/v1/scheduling/availability", headers=h)
    assert r.status_code == 200 and r.json()["configured"] is False
    r = await client.put(
        "/v1/scheduling/availability",
        json={"time_zone": "Nowhere/City", "hours": EVERY_DAY},
        headers=h,
    )
    assert r.status_code == 422 and "time zone" in r.json()["error"]
    r = await client.put(
        "/v1/scheduling/availability",
        json={"time_zone": "Europe/Berlin", "hours": {"mon": [["17:00", "09:00"]]}},
        headers=h,
    )
    assert r.status_code == 422 and "end after it starts" in r.json()["error"]
    r = await client.put(
        "/v1/scheduling/availability",
        json={
            "time_zone": "Europe/Berlin",
            "hours": EVERY_DAY,
            "slot_minutes": 60,
            "min_notice_hours": 0,
            "horizon_days": 3,
        },
        headers=h,
    )
    assert r.status_code == 200 and r.json()["configured"] and r.json()["calendar"]

    token = await _link(client, team, pid, first)
    r = await client.get(f"/v1/booking/{token}", params={"tz": "America/New_York"})
    assert r.status_code == 200, r.text
    page = r.json()
    slots = page["slots"]
    assert len(slots) >= 4 and page["booking"] is None
    ny = [datetime.fromisoformat(s["start"]) for s in slots]
    # Shown in the candidate's zone; within the recruiter's 09:00-17:00 in Berlin.
    assert all(s.utcoffset() in (timedelta(hours=-5), timedelta(hours=-4)) for s in ny)
    berlin = [s.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin")) for s in ny]
    assert all(9 <= b.hour < 17 for b in berlin)

    # A busy event in the recruiter's calendar takes its slot out of the offer.
    busy_start = ny[1].astimezone(UTC)
    busy = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:dentist@test\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{busy_start:%Y%m%dT%H%M%SZ}\r\n"
        f"DTEND:{busy_start + timedelta(minutes=30):%Y%m%dT%H%M%SZ}\r\n"
        "SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calendar.write_event(rt.settings, busy)
    r = await client.get(f"/v1/booking/{token}", params={"tz": "America/New_York"})
    offered = [datetime.fromisoformat(s["start"]) for s in r.json()["slots"]]
    assert ny[1] not in offered and ny[0] in offered and ny[2] in offered

    # Book the first slot.
    r = await client.post(
        f"/v1/booking/{token}",
        json={
            "start": slots[0]["start"],
            "time_zone": "America/New_York",
            "email": "cand@example.org",
        },
    )
    assert r.status_code == 200, r.text
    booking = r.json()
    assert booking["status"] == "booked" and booking["sequence"] == 0
    assert booking["calendar_status"] == "written", booking
    uid = booking["uid"]
    assert datetime.fromisoformat(booking["starts_at"]) == ny[0]

    # The stage moved, and the history says the candidate did it by booking.
    hist = (await client.get(f"/v1/projects/{pid}/candidates/{first}/history", headers=h)).json()
    assert hist["stage"] == "screen_scheduled"
    assert hist["changes"][-1]["actor"] == "candidate"

    # Two invites, not sent (no SMTP here), each parsed back.
    invites = (await client.get(f"/v1/projects/{pid}/invites", headers=h)).json()
    assert {i["to_address"] for i in invites} == {"cand@example.org", team.recruiter.email}
    assert all(i["status"] == "not_sent" and i["method"] == "REQUEST" for i in invites)
    mine = next(i for i in invites if i["to_address"] == "cand@example.org")
    cal = Calendar.from_ical(mine["ics"])
    assert str(cal["method"]) == "REQUEST"
    ev = _vevent(cal)
    assert str(ev["uid"]) == uid and int(ev["sequence"]) == 0
    start = ev.decoded("dtstart")
    assert str(start.tzinfo) == "America/New_York" and start == ny[0]
    assert (
        "mailto:cand@example.org" in [str(a) for a in ev.get("attendee") if a]
        or str(ev.get("attendee")) == "mailto:cand@example.org"
    )
    assert str(ev["organizer"]) == f"mailto:{team.recruiter.email}"
    recruiter_copy = next(i for i in invites if i["to_address"] == team.recruiter.email)
    rstart = _vevent(Calendar.from_ical(recruiter_copy["ics"])).decoded("dtstart")
    assert str(rstart.tzinfo) == "Europe/Berlin" and rstart == ny[0]

    # The event is in the recruiter's CalDAV calendar.
    stored = _vevent(_event(rt, uid))
    assert stored.decoded("dtstart") == ny[0] and int(stored["sequence"]) == 0

    # The booked slot is no longer offered to anyone; another candidate cannot take it.
    other = await _link(client, team, pid, second)
    r = await client.get(f"/v1/booking/{other}", params={"tz": "UTC"})
    taken = [datetime.fromisoformat(s["start"]) for s in r.json()["slots"]]
    assert ny[0] not in taken
    r = await client.post(
        f"/v1/booking/{other}",
        json={"start": slots[0]["start"], "time_zone": "UTC", "email": "b@example.org"},
    )
    assert r.status_code == 409 and "not free" in r.json()["error"]
    # Even a request that raced past the check (a stale list of slots) is refused by the
    # database's unique index, with nothing half-written.
    with transaction(rt.sessions) as session:
        ctx = scheduling.open_link(session, rt.settings, other)
    stale = [scheduling.Interval(ny[0].astimezone(UTC), ny[0].astimezone(UTC) + timedelta(hours=1))]
    with pytest.raises(AppError) as refused, transaction(rt.sessions) as session:
        scheduling.book(session, rt.settings, ctx, ny[0], "UTC", "b@example.org", stale)
    assert refused.value.status_code == 409 and "just booked" in refused.value.message

    # Retrying the same booking changes nothing and sends nothing more.
    r = await client.post(
        f"/v1/booking/{token}",
        json={"start": slots[0]["start"], "time_zone": "America/New_York"},
    )
    assert r.status_code == 200 and r.json()["sequence"] == 0
    assert len((await client.get(f"/v1/projects/{pid}/invites", headers=h)).json()) == 2

    # Reschedule: the same UID, SEQUENCE + 1, in the invite and in the calendar.
    r = await client.post(
        f"/v1/booking/{token}",
        json={"start": slots[2]["start"], "time_zone": "America/New_York"},
    )
    assert r.status_code == 200, r.text
    moved = r.json()
    assert moved["uid"] == uid and moved["sequence"] == 1 and moved["id"] == booking["id"]
    stored = _vevent(_event(rt, uid))
    assert stored.decoded("dtstart") == ny[2] and int(stored["sequence"]) == 1
    invites = (await client.get(f"/v1/projects/{pid}/invites", headers=h)).json()
    updated = [i for i in invites if i["sequence"] == 1]
    assert len(updated) == 2 and all(i["subject"].startswith("Updated") for i in updated)
    # The first slot is free again, the new one is taken.
    r = await client.get(f"/v1/booking/{other}", params={"tz": "UTC"})
    free = [datetime.fromisoformat(s["start"]) for s in r.json()["slots"]]
    assert ny[0] in free and ny[2] not in free

    # Cancel: METHOD:CANCEL, SEQUENCE + 1, the calendar event cancelled (same UID).
    r = await client.post(f"/v1/booking/{token}/cancel")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled" and r.json()["sequence"] == 2
    invites = (await client.get(f"/v1/projects/{pid}/invites", headers=h)).json()
    cancels = [i for i in invites if i["method"] == "CANCEL"]
    assert len(cancels) == 2
    ccal = Calendar.from_ical(cancels[0]["ics"])
    assert str(ccal["method"]) == "CANCEL"
    assert str(_vevent(ccal)["uid"]) == uid and int(_vevent(ccal)["sequence"]) == 2
    stored = _vevent(_event(rt, uid))
    assert str(stored["status"]) == "CANCELLED" and int(stored["sequence"]) == 2
    r = await client.post(f"/v1/booking/{token}/cancel")
    assert r.status_code == 409
    bookings = (await client.get(f"/v1/projects/{pid}/bookings", headers=h)).json()
    assert [b["status"] for b in bookings] == ["cancelled"]


async def test_expired_and_tampered_links_are_refused(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime, other_tenant: Tenant
) -> None:
    secret = app_secret(rt.settings)
    claims = tokens.LinkClaims(
        project_id=uuid.uuid4(),
        candidate_id=uuid.uuid4(),
        expires_at=datetime.now(UTC) - timedelta(minutes=1),
    )
    expired = tokens.sign(secret, claims)
    r = await client.get(f"/v1/booking/{expired}")
    assert r.status_code == 410 and "expired" in r.json()["error"]
    r = await client.post(
        f"/v1/booking/{expired}",
        json={"start": datetime.now(UTC).isoformat(), "time_zone": "UTC"},
    )
    assert r.status_code == 410

    fresh = tokens.sign(
        secret,
        tokens.LinkClaims(
            project_id=claims.project_id,
            candidate_id=claims.candidate_id,
            expires_at=datetime.now(UTC) + timedelta(days=1),
        ),
    )
    body, _, mac = fresh.partition(".")
    forged = tokens.sign(
        b"another secret",
        tokens.LinkClaims(uuid.uuid4(), uuid.uuid4(), claims.expires_at + timedelta(days=9)),
    )
    for bad in (body + "x." + mac, forged, "garbage", body + "." + mac[:-2]):
        r = await client.get(f"/v1/booking/{bad}")
        assert r.status_code == 400 and "not valid" in r.json()["error"], bad
    # A valid signature for a project that does not exist is a clear "no longer open".
    r = await client.get(f"/v1/booking/{fresh}")
    assert r.status_code == 410 and "no longer open" in r.json()["error"]

    # Links are made only by the project's recruiter, for its own candidates.
    pid, first, _ = await _pipeline_of_two(client, team)
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{first}/booking-link",
        json={},
        headers=other_tenant.headers,
    )
    assert r.status_code == 404
    # A candidate ruled out cannot book: the link stops working.
    token = await _link(client, team, pid, first)
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{first}/stage",
        json={"stage": "not_a_fit", "reason": "salary expectations"},
        headers=team.headers,
    )
    assert r.status_code == 200
    r = await client.get(f"/v1/booking/{token}")
    assert r.status_code == 410
    # The booking page itself is served to anyone with the link, with the strict headers.
    r = await client.get(f"/book/{token}")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "script-src 'self'" in r.headers["content-security-policy"]


class _Inbox:
    """An aiosmtpd handler keeping what it received."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Inbox]:
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(rt.settings, "smtp_url", SecretStr(f"smtp://127.0.0.1:{port}"))
    monkeypatch.setattr(rt.settings, "mail_from", "screens@scout.test")
    try:
        yield inbox
    finally:
        controller.stop()


async def test_invites_go_out_by_smtp_when_configured(
    client: httpx.AsyncClient, team: Tenant, smtp: _Inbox
) -> None:
    import email
    from email.message import Message

    h = team.headers
    pid, first, _ = await _pipeline_of_two(client, team)
    r = await client.put(
        "/v1/scheduling/availability",
        json={"time_zone": "Asia/Kolkata", "hours": EVERY_DAY, "min_notice_hours": 0},
        headers=h,
    )
    assert r.status_code == 200
    token = await _link(client, team, pid, first)
    slots = (await client.get(f"/v1/booking/{token}", params={"tz": "Europe/London"})).json()[
        "slots"
    ]
    r = await client.post(
        f"/v1/booking/{token}",
        json={"start": slots[0]["start"], "time_zone": "Europe/London", "email": "c@example.org"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["calendar_status"] == "not_configured"
    invites = (await client.get(f"/v1/projects/{pid}/invites", headers=h)).json()
    assert [i["status"] for i in invites] == ["sent", "sent"]
    assert sorted(to for tos, _ in smtp.messages for to in tos) == sorted(
        ["c@example.org", team.recruiter.email]
    )
    to_candidate = next(raw for tos, raw in smtp.messages if tos == ["c@example.org"])
    message: Message = email.message_from_bytes(to_candidate)
    assert message["Message-ID"] and message["From"] == "screens@scout.test"
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    event = _vevent(Calendar.from_ical(payload))
    assert str(event["uid"]) == r.json()["uid"]
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/London"
    assert start == datetime.fromisoformat(slots[0]["start"])


async def test_availability_with_no_hours_is_stored_not_a_server_error(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    # Found by schemathesis: an empty week ("no screens for now") is a valid setting.
    body = {
        "time_zone": "Africa/Abidjan",
        "hours": {},
        "slot_minutes": 30,
        "min_notice_hours": 12,
        "horizon_days": 90,
    }
    r = await client.put("/v1/scheduling/availability", json=body, headers=team.headers)
    assert r.status_code == 200, r.text
    assert r.json()["hours"] == {} and r.json()["horizon_days"] == 90
    r = await client.get("/v1/scheduling/availability", headers=team.headers)
    assert r.status_code == 200 and r.json()["hours"] == {}


def test_two_availability_writes_at_once_both_succeed(rt: Runtime, tenant: Tenant) -> None:
    # Two PUTs racing (a retry, a second tab) used to both INSERT: a primary-key 500.
    import threading

    from app.scheduling import repository

    def put(hours: dict[str, list[list[str]]], zone: str) -> None:
        repository.put_availability(
            session,
            recruiter_id=tenant.recruiter.id,
            org_id=tenant.org.id,
            time_zone=zone,
            hours=hours,
            slot_minutes=30,
            min_notice_hours=12,
            horizon_days=14,
        )

    errors: list[BaseException] = []

    def second() -> None:
        try:
            with transaction(rt.sessions) as other:
                repository.put_availability(
                    other,
                    recruiter_id=tenant.recruiter.id,
                    org_id=tenant.org.id,
                    time_zone="Asia/Kolkata",
                    hours={"tue": [["10:00", "11:00"]]},
                    slot_minutes=45,
                    min_notice_hours=0,
                    horizon_days=7,
                )
        except BaseException as exc:
            errors.append(exc)

    with transaction(rt.sessions) as session:
        put({"mon": [["09:00", "12:00"]]}, "Europe/Berlin")
        racer = threading.Thread(target=second)
        racer.start()  # its insert waits on this transaction's row
        racer.join(timeout=1.0)
        assert racer.is_alive()
    racer.join(timeout=30)
    assert not racer.is_alive() and errors == []
    with transaction(rt.sessions) as session:
        row = repository.availability(session, tenant.recruiter.id)
        assert row is not None
        assert (row.time_zone, row.slot_minutes, row.hours) == (
            "Asia/Kolkata",
            45,
            {"tue": [["10:00", "11:00"]]},
        )
