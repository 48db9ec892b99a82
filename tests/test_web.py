"""The recruiter web app end to end: headless Chromium (Debian's, driven by Playwright)
against a real uvicorn server on the embedded stack, through the whole journey of a
recruiter: sign in by link, request, clarifying question, qualifications (one refused),
approval, live plan, ranked candidates with evidence, profile, reactions, source while you
sleep, a live "new candidate ready" notification, two tabs in sync, errors in plain words.

Screenshots of the main screens go to test-artifacts/screenshots/ (printed at the end).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from app.events.hub import EventHub
from app.main import create_app
from app.runtime import Runtime
from app.web import mount_web
from tests.conftest import REPO_ROOT, Tenant
from tests.pool import NEW_FIT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
# Processing runs inline in the request under test (embedding, evaluation): be patient.
SLOW_MS = 30_000

REQUEST = (
    "I need a Python data scientist with machine learning and SQL, pandas a must. "
    "Must be young and energetic."
)


# -- a real server, a real browser ------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    app: FastAPI
    runtime: Runtime


class BackgroundDispatcher:
    """Like Celery under `scout up`: the request returns at once and one worker thread does
    the work, in order; the page learns of the progress from events only."""

    def __init__(self, inline: Any) -> None:
        self.inline = inline
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="web-test-worker")
        self.jobs: list[Future[None]] = []

    def _submit(self, name: str, *args: Any) -> None:
        self.jobs.append(self.pool.submit(getattr(self.inline, name), *args))

    def mailbox_ready(self, assistant_id: uuid.UUID) -> None:
        self._submit("mailbox_ready", assistant_id)

    def approval_decided(self, approval_id: uuid.UUID) -> None:
        self._submit("approval_decided", approval_id)

    def candidates_changed(self, org_id: uuid.UUID, candidate_ids: Sequence[uuid.UUID]) -> None:
        self._submit("candidates_changed", org_id, list(candidate_ids))

    def source_project(self, project_id: uuid.UUID) -> None:
        self._submit("source_project", project_id)

    def outreach_ready(self, message_ids: Sequence[uuid.UUID]) -> None:
        self._submit("outreach_ready", list(message_ids))

    def reply_received(self, inbound_id: uuid.UUID) -> None:
        self._submit("reply_received", inbound_id)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        for job in self.jobs:
            job.result()  # a failure in the background fails the test


@contextmanager
def serve(rt: Runtime, *, background: bool = False) -> Iterator[LiveServer]:
    """The app on a real uvicorn server in a thread, on an ephemeral port."""
    app = create_app(runtime=rt)
    mount_web(app)
    worker: BackgroundDispatcher | None = None
    if background:
        worker = BackgroundDispatcher(app.state.dispatcher)
        app.state.dispatcher = worker
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, log_level="warning", ws="none", lifespan="on", timeout_graceful_shutdown=2
        )
    )
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="web-test-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", app=app, runtime=rt)
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()
        if worker is not None:
            worker.close()


@pytest.fixture(scope="module")
def live(rt: Runtime) -> Iterator[LiveServer]:
    with serve(rt) as server:
        yield server


def require_browser_tools() -> None:
    """Fail (never skip) when the browser or its driver is missing: these tests are the
    only check that the web app works at all."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the web tests need it. Install it with "
            "`apt-get install -y chromium` (Debian) and `pip install playwright`."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("Playwright is not installed: `pip install playwright` (no browser download)")


def test_browser_tools_are_installed() -> None:
    require_browser_tools()


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    require_browser_tools()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()
    # Past output capture, so that it shows in a plain `pytest -q` run too.
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nweb screenshots: {SHOTS}")


@dataclass
class Session:
    """One browser profile (shared localStorage, like two tabs of one person)."""

    context: BrowserContext
    live: LiveServer
    errors: list[str] = field(default_factory=list)

    def new_tab(self) -> Page:
        page = self.context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        # The page's CSP allows no inline script or style: a violation is a bug too.
        page.on(
            "console",
            lambda msg: (
                self.errors.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        return page


@contextmanager
def browsing(browser: Browser, live: LiveServer) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    context.set_default_timeout(10_000)
    s = Session(context=context, live=live)
    try:
        yield s
    finally:
        context.close()
    assert not s.errors, f"uncaught errors in the page: {s.errors}"


@pytest.fixture
def session(browser: Browser, live: LiveServer) -> Iterator[Session]:
    with browsing(browser, live) as s:
        yield s


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    # A page behind another tab draws lazily (a capture of it takes seconds): front first.
    page.bring_to_front()
    if full_page:
        page.evaluate("window.scrollTo(0, 0)")  # else the sticky chat lands mid-page
    # Animations off: a running one makes each capture wait for stable frames (seconds).
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page, animations="disabled")


# -- the journey ------------------------------------------------------------------------


def test_recruiter_journey_in_the_browser(session: Session, team: Tenant) -> None:
    from playwright.sync_api import expect

    base = session.live.url
    tab = session.new_tab()

    # A wrong token is refused in plain words, and nothing is stored.
    tab.goto(f"{base}/?token=not-a-real-token")
    expect(tab.get_by_role("alert")).to_contain_text("token was not accepted")
    shot(tab, "00-sign-in-refused")
    assert "token=" not in tab.url
    assert tab.evaluate("localStorage.getItem('scout.token')") is None

    # The ready link signs in, keeps the token and removes it from the address bar.
    tab.goto(f"{base}/?token={team.token}")
    expect(tab.get_by_role("heading", name="What are you hiring for?")).to_be_visible()
    assert "token=" not in tab.url
    assert tab.evaluate("localStorage.getItem('scout.token')") == team.token
    expect(tab.locator("#connection")).to_have_text("Live")
    shot(tab, "01-sign-in-and-new-project")

    # A request missing location and seniority: the assistant asks.
    tab.get_by_label("Describe the role, or paste a job description").fill(REQUEST)
    tab.get_by_role("button", name="Start project").click()
    expect(tab).to_have_url(re.compile(r"#/projects/[0-9a-f-]{36}$"), timeout=SLOW_MS)
    project_id = tab.url.rsplit("/", 1)[-1]
    question = tab.locator(".msg[data-kind='question']")
    expect(question).to_contain_text("Where should they be based", timeout=SLOW_MS)
    request = tab.locator(".msg[data-kind='request']")
    expect(request).to_contain_text("young and energetic")
    expect(request).not_to_contain_text("Waiting for the assistant")
    expect(tab.locator("#plan .step")).to_have_count(2)
    expect(tab.locator("#plan .step").first).to_contain_text("Waiting for you")
    shot(tab, "02-clarifying-question")

    # A second tab of the same person, open on the same project.
    other = session.new_tab()
    other.goto(f"{base}/#/projects/{project_id}")
    expect(other.locator(".msg[data-kind='question']")).to_be_visible()

    # Answer in the chat (Enter sends); the other tab sees the answer arrive by itself.
    composer = tab.get_by_label("Message your assistant")
    composer.fill("Senior, based in Berlin, hybrid")
    composer.press("Enter")
    expect(other.locator(".msg.mine", has_text="Senior, based in Berlin")).to_be_visible(
        timeout=SLOW_MS
    )

    # Qualifications proposed; the discriminatory one refused, with the reason.
    quals = tab.locator("#qualifications")
    expect(quals.get_by_label("Qualification 1")).to_have_value(
        "Experience with Python", timeout=SLOW_MS
    )
    refused = quals.locator("[data-testid='refused']")
    expect(refused).to_contain_text("young")
    expect(refused).to_contain_text("Age")
    expect(tab.locator("#approvals-count")).to_have_text("1")

    # The approvals inbox (in the other tab) lists it.
    other.get_by_role("link", name=re.compile("^Approvals")).click()
    inbox_item = other.locator(".inbox-item")
    expect(inbox_item).to_have_count(1)
    expect(inbox_item).to_contain_text("Qualifications for Data Scientist")
    shot(other, "03-approvals-inbox")
    other.goto(f"{base}/#/projects/{project_id}")

    # Star one, then try to reject without a reason: the API's answer, in plain words.
    quals.get_by_role("button", name="Star: Experience with Python").click()
    expect(quals.get_by_role("button", name="Star: Experience with Python")).to_have_attribute(
        "aria-pressed", "true"
    )
    quals.get_by_role("button", name="Reject").click()
    alert = quals.get_by_role("alert")
    expect(alert).to_have_text('A "reject" needs a reason, so the assistant can do better.')
    shot(tab, "04-qualifications-review")

    # Approve (an edit: the star); watch the plan run live.
    tab.evaluate(
        """() => {
          window.__seen = new Set();
          const note = () => document.querySelectorAll('#plan .step')
            .forEach((li) => window.__seen.add(li.className));
          new MutationObserver(note).observe(document.querySelector('#plan'),
            {subtree: true, childList: true, characterData: true});
        }"""
    )
    approve = quals.get_by_role("button", name="Approve with my changes")
    approve.click()
    cards = tab.locator("#candidates article.card")
    # Berlin alone had one full match, so sourcing looked in Germany, then anywhere; the list
    # shows the three who meet a required qualification (the others stay in the project).
    expect(cards).to_have_count(3, timeout=SLOW_MS)
    expect(quals).to_contain_text("Approved", timeout=SLOW_MS)
    expect(quals.locator(".qual-list li").first).to_contain_text("★")
    seen = tab.evaluate("[...window.__seen]")
    assert any("status-running" in c for c in seen), seen
    steps = tab.locator("#plan .step")
    expect(steps.last).to_contain_text("Rank the candidates", timeout=SLOW_MS)
    expect(tab.locator("#plan .step.status-done")).to_have_count(steps.count())
    expect(tab.locator("#approvals-count")).to_be_hidden()

    # The calibration batch: recap, every verdict, quoted evidence with its section.
    top = cards.first
    expect(top.get_by_role("heading")).to_contain_text("Data Scientist")
    # Python, machine learning, SQL and pandas: the request names four must-haves.
    expect(top.locator(".recap")).to_have_text("4/4 required, 0/0 nice-to-have")
    expect(top.locator(".verdict")).to_have_count(4)
    expect(top.locator(".verdict-met")).to_have_count(4)
    expect(top.locator(".evidence .quote").first).to_contain_text("Python")
    expect(top.locator(".evidence .section-name").first).to_contain_text("Experience")
    expect(top.locator("[data-stage='calibration']")).to_be_visible()
    # The other tab followed along: same candidates, no reload.
    expect(other.locator("#candidates article.card")).to_have_count(3, timeout=SLOW_MS)
    expect(other.locator("#qualifications")).to_contain_text("Approved")
    notice = tab.locator(".notice")
    expect(notice.first).to_contain_text("3 new candidates ready for Data Scientist")
    shot(tab, "05-ranked-candidates")

    # The others are counted, not rejected: "Show everyone" lists them (include=all), marked,
    # and the toggle goes back to the default list.
    everyone = httpx.get(
        f"{base}/v1/projects/{project_id}/candidates",
        params={"include": "all"},
        headers=team.headers,
        timeout=30,
    ).json()["items"]
    others = len(everyone) - 3
    assert others > 0, "the pool holds people meeting none of the required qualifications"
    note = tab.locator("#candidates [data-testid='hidden-note']")
    expect(note).to_contain_text(
        f"{others} more {'is' if others == 1 else 'are'} hidden: "
        "they meet no required qualification."
    )
    note.get_by_role("button", name="Show everyone").click()
    expect(cards).to_have_count(len(everyone))
    expect(tab.locator("#candidates .card-note")).to_have_count(others)
    expect(note).to_contain_text(f"including {others} who meet no required qualification")
    shot(tab, "05b-show-everyone")
    back = note.get_by_role("button", name="Show only those meeting a required qualification")
    expect(back).to_be_focused()
    back.click()
    expect(cards).to_have_count(3)
    expect(note.get_by_role("button", name="Show everyone")).to_be_visible()

    # The full profile, evidence highlighted in the text.
    top.get_by_role("button", name="Open profile").click()
    dialog = tab.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Ada Lindqvist")).to_be_visible()
    marks = dialog.locator("[data-testid='raw-text'] mark")
    expect(marks.first).to_be_visible()
    highlighted = " ".join(marks.all_inner_texts())
    assert "Python" in highlighted and "pandas" in highlighted, highlighted
    shot(tab, "06-profile-with-evidence", full_page=False)
    tab.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(top.get_by_role("button", name="Open profile")).to_be_focused()

    # React: rate the top match; archive the other with a reason (both tabs update).
    top.get_by_role("group", name="Rate the match").get_by_text("5", exact=True).click()
    expect(tab.get_by_role("status").filter(has_text="Rated 5 out of 5.")).to_be_attached()
    second = cards.nth(1)
    expect(second).to_contain_text(re.compile("Backend Java Developer|DevOps Engineer"))
    second.get_by_role("button", name="Archive…").click()
    second.get_by_label("Why archive?").fill("No Python or machine learning experience")
    second.get_by_role("button", name="Archive", exact=True).click()
    expect(cards).to_have_count(2)
    expect(other.locator("#candidates article.card")).to_have_count(2)

    # Source while you sleep.
    tab.get_by_role("switch", name="Source while you sleep").check()
    expect(tab.locator("#async-hint")).to_contain_text("On:")
    expect(notice).to_have_count(1)
    notice.get_by_role("button", name=re.compile("^Dismiss")).click()
    expect(notice).to_have_count(0)
    shot(tab, "07-source-while-you-sleep")

    # A fitting profile arrives while the page is open: announced live, no reload.
    payload = (json.dumps(NEW_FIT) + "\n").encode()
    r = httpx.post(
        f"{base}/v1/candidates/import",
        headers=team.headers,
        files=[("files", ("new.jsonl", payload, "text/plain"))],
        timeout=60,
    )
    assert r.status_code == 200 and r.json()["imported"] == 1, r.text
    expect(notice).to_have_count(1, timeout=SLOW_MS)
    expect(notice).to_contain_text("1 new candidate ready for Data Scientist")
    expect(other.locator(".notice")).to_contain_text("1 new candidate ready")
    expect(cards).to_have_count(3, timeout=SLOW_MS)
    expect(tab.locator("#candidates [data-stage='sourced']")).to_have_count(1)
    shot(tab, "08-new-candidate-ready")

    # Closed and reopened: the notification is still there until dismissed.
    tab.reload()
    expect(notice).to_contain_text("1 new candidate ready")
    expect(tab.get_by_role("switch", name="Source while you sleep")).to_be_checked()
    notice.get_by_role("button", name="Show candidates").click()
    expect(notice).to_have_count(0)
    expect(other.locator(".notice")).to_have_count(0)  # dismissed in every tab

    # Talent insights for the project's title.
    insights = tab.locator("#insights")
    expect(insights.get_by_role("heading", name="Talent insights: Data Scientist")).to_be_visible()
    expect(insights).to_contain_text("Top skills")
    expect(insights).to_contain_text("Python")
    expect(insights).to_contain_text("Adjacent titles")

    # Two tabs, one conversation: a message sent in one appears in the other.
    other.get_by_label("Message your assistant").fill("Great, find me more candidates")
    other.get_by_role("button", name="Send").click()
    expect(tab.locator(".msg.mine", has_text="find me more candidates")).to_be_visible(
        timeout=SLOW_MS
    )

    # A lost connection: the page says so, reconnects and catches up by itself. Stopping
    # the server's event hub ends every stream and refuses new ones (503) until a new hub
    # is in place, like a restarting server.
    app = session.live.app
    app.state.events.stop()
    expect(tab.locator("#connection")).to_have_text("Reconnecting…", timeout=SLOW_MS)
    r = httpx.post(
        f"{base}/v1/projects/{project_id}/messages",
        headers=team.headers,
        json={"text": "Sent while the tab was cut off"},
        timeout=60,
    )
    assert r.status_code == 202, r.text
    app.state.events = EventHub.from_runtime(session.live.runtime)
    expect(tab.locator("#connection")).to_have_text("Live", timeout=SLOW_MS)
    expect(tab.locator(".msg.mine", has_text="Sent while the tab was cut off")).to_be_visible(
        timeout=SLOW_MS
    )

    # A malformed Boolean search: the API's complaint, in plain words, pointing at it.
    tab.get_by_role("link", name="Search").click()
    tab.get_by_label("Query").fill('title:"data scientist" AND (python')
    tab.get_by_role("button", name="Search", exact=True).click()
    expect(tab.get_by_role("alert")).to_contain_text("Query syntax error")
    shot(tab, "09-search-error")

    # Refinement, not restart: a change in chat shows as a diff to approve; approving it
    # keeps the pipeline (the rated top match stays rated) and re-evaluates it.
    tab.goto(f"{base}/#/projects/{project_id}")
    tab.get_by_label("Message your assistant").fill("Also require Kubernetes")
    tab.get_by_label("Message your assistant").press("Enter")
    diff = tab.locator("#qualifications [data-testid='diff']")
    expect(diff).to_contain_text("Add: Experience with Kubernetes (required)", timeout=SLOW_MS)
    shot(tab, "09b-refinement-diff")
    tab.locator("#qualifications").get_by_role("button", name="Approve", exact=True).click()
    expect(tab.locator("#qualifications .qual-list")).to_contain_text(
        "Experience with Kubernetes", timeout=SLOW_MS
    )
    expect(tab.locator(".msg[data-kind='reply']", has_text="Re-evaluated")).to_be_visible(
        timeout=SLOW_MS
    )
    top = tab.locator("#candidates article.card").first
    # The four verdicts of the approved set, and now Kubernetes too.
    expect(top.locator(".verdict")).to_have_count(5, timeout=SLOW_MS)
    # The rating given earlier is still there (returned by the API, not kept by the page).
    tab.reload()
    expect(tab.locator("#candidates input[type='radio'][value='5']:checked")).to_have_count(
        1, timeout=SLOW_MS
    )

    # A narrow screen: the same project, stacked.
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{base}/#/projects/{project_id}")
    expect(tab.locator("#candidates article.card").first).to_be_visible(timeout=SLOW_MS)
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(tab, "10-narrow-screen")

    # Signing out forgets the token.
    tab.get_by_role("button", name="Sign out").click()
    expect(tab.get_by_label("Access token")).to_be_visible()
    assert tab.evaluate("localStorage.getItem('scout.token')") is None


def test_journey_with_background_workers(browser: Browser, rt: Runtime, team: Tenant) -> None:
    """As under `scout up`: every POST returns before the work is done, and the page
    follows the assistant through events alone."""
    from playwright.sync_api import expect

    with serve(rt, background=True) as live, browsing(browser, live) as session:
        tab = session.new_tab()
        tab.goto(f"{live.url}/?token={team.token}")
        # An OR-group whose wording does not say so (a model's) reads "one of A, B or C".
        said = tab.evaluate(
            """async () => {
              const m = await import('/assets/views/qual_labels.js');
              const cloud = {text: 'Cloud platform', any_of: ['AWS', 'GCP', 'Azure']};
              const said = {text: 'Experience with Python or Go', any_of: ['Python', 'Go']};
              return [m.alternatives(cloud).textContent, m.alternatives(said)];
            }"""
        )
        assert said == [" (one of AWS, GCP or Azure)", None], said
        tab.get_by_label("Describe the role, or paste a job description").fill(
            REQUEST + " Senior, based in Berlin. Must have the right to work in Germany."
        )
        tab.get_by_role("button", name="Start project").click()
        quals = tab.locator("#qualifications")
        expect(quals.get_by_label("Qualification 1")).to_have_value(
            "Experience with Python", timeout=SLOW_MS
        )
        expect(quals.locator("[data-testid='refused']")).to_contain_text("young")
        # The right to work reads as a legal requirement, not as one more skill.
        legal_row = quals.locator(".qual-row", has=tab.locator("[data-kind='legal']"))
        expect(legal_row).to_have_count(1)
        expect(legal_row.locator("input[type='text']")).to_have_value(
            "Must have the right to work in Germany"
        )
        expect(legal_row.locator("[data-kind='legal']")).to_have_text("Legal requirement")
        shot(tab, "11-legal-requirement-in-review")
        # Edit one, remove one, add one (and one that is refused again, whoever typed it).
        quals.get_by_label("Qualification 1").fill("Python in production")
        quals.get_by_role("button", name="Remove: Experience with pandas").click()
        expect(quals.locator(".qual-row")).to_have_count(4)
        add = quals.get_by_label("Add a qualification")
        add.fill("Machine learning models")
        add.press("Enter")
        add.fill("Digital native")
        quals.get_by_role("button", name="Add", exact=True).click()
        expect(quals.locator(".qual-row")).to_have_count(6)
        quals.get_by_role("button", name="Approve with my changes").click()
        approved = quals.locator(".qual-list li")
        expect(approved).to_have_count(5, timeout=SLOW_MS)
        expect(approved).to_contain_text(
            ["Python in production", "Experience with SQL", "Machine learning models"]
        )
        # An edited set keeps what the legal requirement is.
        expect(approved.filter(has=tab.locator("[data-kind='legal']"))).to_have_text(
            re.compile("^Must have the right to work in Germany Required Legal requirement$")
        )
        expect(quals).to_contain_text("Approved (version 2)")
        expect(tab.locator(".msg", has_text="I approved your edits except")).to_contain_text(
            "Digital native", timeout=SLOW_MS
        )
        top = tab.locator("#candidates article.card").first
        expect(top).to_be_visible(timeout=SLOW_MS)
        legal_verdict = top.locator(".verdict", has=tab.locator("[data-kind='legal']"))
        expect(legal_verdict).to_have_count(1)
        expect(legal_verdict).to_contain_text("Must have the right to work in Germany")
        shot(tab, "12-legal-requirement-on-card")
        expect(tab.locator("#plan .step").last).to_contain_text("Done")
        expect(tab.locator(".notice")).to_contain_text("ready for Data Scientist")
        tab.get_by_role("switch", name="Source while you sleep").check()
        expect(tab.locator("#async-hint")).to_contain_text("On:")


def test_web_does_not_shadow_the_api(live: LiveServer) -> None:
    with httpx.Client(base_url=live.url, timeout=10) as client:
        page = client.get("/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert page.headers["cache-control"] == "no-cache"
        assert "default-src 'self'" in page.headers["content-security-policy"]
        script = client.get("/assets/app.js")
        assert script.status_code == 200
        assert "javascript" in script.headers["content-type"]
        assert script.headers["cache-control"] == "no-cache"
        again = client.get("/assets/app.js", headers={"If-None-Match": script.headers["etag"]})
        assert again.status_code == 304
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/metrics").status_code == 200
        missing: dict[str, Any] = client.get("/v1/mailbox").json()
        assert "bearer token" in missing["error"]
        assert client.get("/assets/../app/web.py").status_code == 404
