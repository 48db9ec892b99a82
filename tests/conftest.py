"""Fixtures on the real thing: an embedded, migrated Postgres+pgvector and a real Redis.

One stack per test session under a temporary data dir; each test gets its own
organization (and recruiter and token), which is also how the product isolates customers.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import Organization, Recruiter
from app.orgs.service import create_token, ensure_org, ensure_recruiter
from app.runtime import Runtime

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


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
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared data not found at {SHARED_DATA}; tests need ../shared/data")
    return SHARED_DATA


@pytest.fixture
def team(rt: Runtime, tmp_path: Path) -> Tenant:
    """A tenant whose talent pool is the small known pool of tests/pool.py."""
    from app.candidates.service import Importer, read_paths
    from tests.pool import write_pool

    tenant = make_tenant(rt)
    Importer(rt.sessions, rt.embedder, tenant.org.id).run(
        read_paths([write_pool(tmp_path / "pool.jsonl")])
    )
    return tenant
