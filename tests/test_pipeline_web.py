"""The pipeline board and the candidate's booking page in a real browser (Debian's
Chromium via Playwright, a real uvicorn server): moves and their reasons, notes, archive
and undo, a booking link opened without an account, and every change reaching a second
tab live, without a reload."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from app.runtime import Runtime
from tests.conftest import Tenant
from tests.test_agent_flow import run_conversation
from tests.test_web import LiveServer, browsing, serve, shot
from tests.test_web import browser as browser

EVERY_DAY = {d: [["08:00", "20:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture(scope="module")
def live(rt: Runtime) -> Iterator[LiveServer]:
    with serve(rt) as server:
        yield server


async def _prepare(base: str, team: Tenant) -> tuple[str, str, str]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
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
        r = await client.put(
            "/v1/scheduling/availability",
            json={
                "time_zone": "Europe/Berlin",
                "hours": EVERY_DAY,
                "slot_minutes": 30,
                "min_notice_hours": 0,
                "horizon_days": 4,
            },
            headers=team.headers,
        )
        assert r.status_code == 200, r.text
    return pid, first, second


def test_board_and_booking_page(browser, live: LiveServer, team: Tenant) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    # Playwright's sync API runs an event loop in this thread: the API calls get their own.
    with ThreadPoolExecutor(1) as pool:
        pid, first, second = pool.submit(asyncio.run, _prepare(live.url, team)).result()
    with browsing(browser, live) as session:
        tab = session.new_tab()
        tab.goto(f"{live.url}/?token={team.token}")
        tab.goto(f"{live.url}/#/projects/{pid}/pipeline")
        other = session.new_tab()
        other.goto(f"{live.url}/#/projects/{pid}/pipeline")
        # A notice dismissed on one device goes away on another (its own browser profile,
        # so nothing is shared through localStorage), live.
        with browsing(browser, live) as device:
            phone = device.new_tab()
            phone.goto(f"{live.url}/?token={team.token}")
            expect(phone.locator("#connection")).to_have_text("Live")
            notice = phone.locator("#notices .notice")
            expect(notice.first).to_be_visible()
            count = notice.count()
            expect(tab.locator("#notices .notice")).to_have_count(count)
            tab.locator("#notices .notice").first.get_by_role(
                "button", name=re.compile("^Dismiss")
            ).click()
            expect(notice).to_have_count(count - 1)

        board = tab.locator("#pipeline")
        card = board.locator(f".card[data-candidate='{first}']")
        expect(
            board.locator(f".column[data-column='pipeline'] .card[data-candidate='{first}']")
        ).to_be_visible()
        expect(board.locator(".column[data-column='pipeline'] .card")).to_have_count(2)

        # Move with the card's controls; the other tab follows live.
        card.get_by_label("Stage of").select_option("contacted")
        card.get_by_role("button", name="Move").click()
        expect(
            board.locator(f".column[data-column='contacted'] .card[data-candidate='{first}']")
        ).to_be_visible()
        expect(
            other.locator(
                f"#pipeline .column[data-column='contacted'] .card[data-candidate='{first}']"
            )
        ).to_be_visible()

        # "Not a fit" without a reason is explained, not sent.
        second_card = board.locator(f".card[data-candidate='{second}']")
        second_card.get_by_label("Stage of").select_option("not_a_fit")
        second_card.get_by_role("button", name="Move").click()
        expect(second_card.get_by_role("alert")).to_contain_text("needs a reason")
        second_card.get_by_label("Reason for").fill("Wants a fully remote role")
        second_card.get_by_role("button", name="Move").click()
        moved = board.locator(f".column[data-column='not_a_fit'] .card[data-candidate='{second}']")
        expect(moved).to_contain_text("Wants a fully remote role")

        # A note, and the history of moves, on the card.
        card = board.locator(f".card[data-candidate='{first}']")
        card.get_by_role("button", name="Notes (0)").click()
        card.get_by_label("Note on").fill("Call after 4pm her time")
        card.get_by_role("button", name="Add note").click()
        expect(card.locator(".note")).to_contain_text("Call after 4pm")
        expect(card.locator(".history")).to_contain_text("Sourced → Contacted")
        expect(other.locator(f"#pipeline .card[data-candidate='{first}']")).to_contain_text(
            "Notes (1)"
        )
        shot(tab, "20-pipeline-board")

        # Archive (with a reason), then undo from the archived view of the other tab.
        moved.get_by_label("Stage of").select_option("archived")
        moved.get_by_label("Reason for").fill("Role paused")
        moved.get_by_role("button", name="Move").click()
        expect(board.locator(f".card[data-candidate='{second}']")).to_have_count(0)
        other.locator("#pipeline").get_by_role("button", name="Archived").click()
        archived = other.locator(f"#pipeline .card[data-candidate='{second}']")
        expect(archived).to_contain_text("Role paused")
        shot(other, "21-pipeline-archived")
        archived.get_by_role("button", name="Undo archive").click()
        expect(
            board.locator(f".column[data-column='not_a_fit'] .card[data-candidate='{second}']")
        ).to_be_visible()

        # A booking link, opened by the candidate in a browser without any sign-in.
        card.get_by_role("button", name="Booking link").click()
        url = card.get_by_test_id("booking-link").inner_text()
        assert "/book/" in url
        link_path = url[url.index("/book/") :]
        with browsing(browser, live) as candidate_session:
            page = candidate_session.new_tab()
            page.goto(f"{live.url}{link_path}")
            expect(page.get_by_role("heading", level=1)).to_contain_text("Phone screen")
            page.get_by_label("Your time zone").select_option("America/New_York")
            page.get_by_label("Email for the invitation").fill("cand@example.org")
            slot = page.locator("button.slot").first
            expect(slot).to_be_visible()
            slot.click()
            expect(page.get_by_role("status")).to_contain_text("Booked")
            expect(page.get_by_test_id("booked-time")).to_contain_text("America/New York")
            shot(page, "22-booking-page")

        # The recruiter's board shows the booking and the new stage, live in both tabs.
        for t in (tab, other):
            t.locator("#pipeline").get_by_role("button", name="Board").click()
            booked = t.locator(
                f"#pipeline .column[data-column='screen_scheduled'] .card[data-candidate='{first}']"
            )
            expect(booked.get_by_test_id("booking-status")).to_contain_text("Screen booked")
