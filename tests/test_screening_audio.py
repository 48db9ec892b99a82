"""Screening calls as audio, through the API with the packaged Whisper model (the `audio`
extra): off by default; when on, a draft transcript whose speakers the recruiter names —
Scout never guesses who spoke — which then settles a qualification like any transcript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.runtime import Runtime
from tests.conftest import Tenant
from tests.test_screening import project_with_ada, screen_approval, upload, verdicts

CALL = (Path(__file__).parent / "data" / "screen_call.flac").read_bytes()


@pytest.fixture
def audio_on(rt: Runtime) -> Iterator[None]:
    rt.settings.screen_audio = True
    try:
        yield
    finally:
        rt.settings.screen_audio = False


def _send(client: httpx.AsyncClient, team: Tenant, pid: str, cid: str, name: str, raw: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        f"/v1/projects/{pid}/candidates/{cid}/screens/transcribe",
        files={"file": (name, raw, "audio/flac")},
        headers=team.headers,
    )


async def test_audio_is_off_unless_the_operator_turns_it_on(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    pid, ada = await project_with_ada(client, team)
    r = await _send(client, team, pid, ada, "call.flac", CALL)
    assert r.status_code == 415 and "SCOUT_SCREEN_AUDIO" in r.json()["error"], r.text


async def test_a_recording_becomes_a_draft_the_recruiter_labels_then_a_screen(
    client: httpx.AsyncClient, team: Tenant, other_tenant: Tenant, audio_on: None
) -> None:
    pid, ada = await project_with_ada(client, team)
    r = await _send(client, team, pid, ada, "call.flac", CALL)
    assert r.status_code == 200, r.text
    draft = r.json()
    assert draft["cues"] >= 2 and 8 <= draft["duration_s"] <= 11
    cues = re.findall(r"<v ([^>]+)>(.*)", draft["vtt"])
    assert {who for who, _ in cues} == {"Speaker"}  # nobody is guessed
    said = " ".join(words for _, words in cues).lower()
    assert "mentored anyone" in said and "mentoring junior engineers" in said

    # A recording is not a screen by itself; nothing is stored from the draft.
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{ada}/screens",
        files={"file": ("call.flac", CALL, "audio/flac")},
        headers=team.headers,
    )
    assert r.status_code == 415 and "transcribe" in r.json()["error"], r.text
    r = await client.get(f"/v1/projects/{pid}/candidates/{ada}/screens", headers=team.headers)
    assert r.json()["items"] == []
    r = await _send(client, other_tenant, pid, ada, "call.flac", CALL)
    assert r.status_code == 404, r.text
    r = await _send(client, team, pid, ada, "call.mp3", b"ID3 this is not audio at all")
    assert r.status_code == 422, r.text

    # The recruiter names the speakers; the labelled draft is an ordinary transcript.
    labelled = re.sub(
        r"<v Speaker>(.*)",
        lambda m: ("<v Ada Lindqvist>" if "mentoring" in m[1] else "<v Jordan Recruiter>") + m[1],
        draft["vtt"],
    )
    r = await upload(client, team, pid, ada, "call.vtt", labelled)
    assert r.status_code == 201, r.text
    screen = r.json()
    [change] = [c for c in screen["changes"] if c["text"].startswith("Experience mentoring")]
    assert change["before"] == "unknown" and change["after"] == "met"
    candidate_said = " ".join(t["text"] for t in screen["turns"] if t["speaker"] == "Ada Lindqvist")
    assert change["quotes"] and all(q in candidate_said for q in change["quotes"])
    approval = await screen_approval(client, team)
    r = await client.post(
        f"/v1/approvals/{approval['id']}", json={"decision": "approve"}, headers=team.headers
    )
    assert r.status_code == 200, r.text
    after = await verdicts(client, team, pid, ada)
    assert after["Experience mentoring junior engineers"]["verdict"] == "met"
