"""The real local model as a test fixture (see evals/local_model.py).

Tests that use it skip, saying why, only when the server has not been built on this machine;
CI builds it before the tests (`make llm-build` in `.ci/run`), so there they always run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from evals.local_model import LocalModel, LocalModelUnavailable, start


@pytest.fixture(scope="session")
def local_model() -> Iterator[LocalModel]:
    try:
        served = start()
    except LocalModelUnavailable as exc:
        pytest.skip(f"{exc} (CI builds it: make llm-build)")
    yield served
    served.stop()
