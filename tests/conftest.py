"""Fixtures on the real thing: an embedded, migrated Postgres+pgvector and a real Redis.

One stack per test session under a temporary data dir; each test gets its own
organization (and recruiter and token), which is also how the product isolates customers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import Organization, Recruiter
from app.orgs.service import create_token, ensure_org, ensure_recruiter
from app.runtime import Runtime
from tests.mail_servers import Inbox, start_smtp

REPO_ROOT = Path(__file__).resolve().parent.parent
# The public corpora live beside the checkout (../shared/data) and are never shipped; a clone
# without them still passes, with the corpus-backed tests skipped. SCOUT_SHARED_DATA points
# elsewhere (or at a missing folder, to check that a bare clone passes).
SHARED_DATA = Path(os.environ.get("SCOUT_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data")
RESUME_CSV = SHARED_DATA / "resumes" / "UpdatedResumeDataSet.csv"
CORPUS_PRESENT = RESUME_CSV.is_file()
CORPUS_ABSENT = (
    f"public corpus not found at {SHARED_DATA} (expected ../shared/data beside the checkout, "
    "or SCOUT_SHARED_DATA); corpus-backed tests skip"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "corpus: reads the public corpus in ../shared/data")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # One rule for every corpus-backed test: asking for `shared_data` marks it.
    for item in items:
        if "shared_data" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)


def pytest_report_header(config: pytest.Config) -> str:
    if CORPUS_PRESENT:
        return f"corpus: {SHARED_DATA} (corpus-backed tests run)"
    return f"corpus: ABSENT — {CORPUS_ABSENT}"


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    reports = [
        report
        for key in ("passed", "failed", "skipped", "error")
        for report in terminalreporter.stats.get(key, [])
        if getattr(report, "when", "call") in ("call", "setup") and "corpus" in report.keywords
    ]
    ran = {r.nodeid for r in reports if r.when == "call"}
    skipped = {r.nodeid for r in reports if r.skipped} - ran
    if CORPUS_PRESENT:
        line = f"corpus: present at {SHARED_DATA}; {len(ran)} corpus-backed tests ran"
    else:
        line = f"corpus: ABSENT at {SHARED_DATA}; {len(skipped)} corpus-backed tests skipped"
    terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("scout-data"))


@pytest.fixture(scope="session")
def rt(settings: Settings) -> Iterator[Runtime]:
    runtime = Runtime.start(settings, upgrade=True)
    runtime.ensure_default_org()
    yield runtime
    runtime.close()


@dataclass
class Tenant:
    org: Organization
    recruiter: Recruiter
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_tenant(rt: Runtime) -> Tenant:
    slug = "t-" + uuid.uuid4().hex[:12]
    with transaction(rt.sessions) as session:
        org = ensure_org(session, slug, f"Team {slug}")
        recruiter = ensure_recruiter(session, org, f"{slug}@example.com")
        token = create_token(session, recruiter, "test")
    return Tenant(org=org, recruiter=recruiter, token=token)


@pytest.fixture
def tenant(rt: Runtime) -> Tenant:
    return make_tenant(rt)


@pytest.fixture
def other_tenant(rt: Runtime) -> Tenant:
    return make_tenant(rt)


@pytest.fixture(scope="session")
def app(rt: Runtime):  # type: ignore[no-untyped-def]
    return create_app(runtime=rt)


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://scout.test") as c:
        yield c


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public corpus folder; a test that asks for it is skipped, with the reason, only
    when the corpus is not there (a bare clone). CI has it, so these tests run there."""
    if not CORPUS_PRESENT:
        pytest.skip(CORPUS_ABSENT)
    return SHARED_DATA


@pytest.fixture
def team(rt: Runtime, tmp_path: Path) -> Tenant:
    """A tenant whose talent pool is the small known pool of tests/pool.py."""
    from app.candidates.service import Importer, read_paths
    from tests.pool import write_pool

    tenant = make_tenant(rt)
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, tenant.org.id).run(
            read_paths([write_pool(tmp_path / "pool.jsonl")])
        )
    return tenant


@pytest.fixture
def smtp(rt: Runtime) -> Iterator[Inbox]:
    """A real SMTP server (aiosmtpd) that outreach and invites send to, for one test."""
    controller, inbox, url = start_smtp()
    rt.settings.smtp_url = SecretStr(url)
    try:
        yield inbox
    finally:
        rt.settings.smtp_url = None
        controller.stop()
