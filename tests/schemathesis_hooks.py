"""Hooks for the schemathesis run (tests/test_schemathesis.py), loaded via SCHEMATHESIS_HOOKS.

A fuzzer draws Idempotency-Key values from a small space ("0", "A"...) and would reuse one
key for different requests, which the API rightly refuses (422): that is the contract, not
a defect. A well-formed key is therefore made unique per request, as a correct client's
is; malformed keys (negative tests) are sent as generated. Replays of one key are tested in
tests/test_edge_idempotency.py.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import schemathesis

_VALID = re.compile(r"^[\x21-\x7e]{1,255}$")


def _fresh(headers: Any) -> None:
    if headers is None:  # a case's headers are a mapping of schemathesis's own, not a dict
        return
    for name in list(headers):
        if name.lower() == "idempotency-key" and _VALID.match(str(headers[name])):
            headers[name] = str(uuid.uuid4())


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    _fresh(getattr(case, "headers", None))
    _fresh(kwargs.get("headers"))


# POST /v1/inbound/email takes the raw mail (message/rfc822): sent as bytes, like a file.
schemathesis.serializer.alias("message/rfc822", "application/octet-stream")
