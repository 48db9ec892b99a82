"""Upload filenames: kept to show the recruiter, never used as a path.

A browser or a script sends whatever name it likes: `../../etc/passwd`, a NUL, 300
characters, a Windows path. The file is written under a name we make (its position and a
cleaned extension); the name it came with is cleaned into a label for the import summary
and the candidate's source.
"""

from __future__ import annotations

import re

from app.hygiene import invalid_character

MAX_NAME_CHARS = 200
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,10})$")


def display_name(raw: str | None, index: int) -> str:
    """A label a person can read: the last path component, controls removed, at most
    MAX_NAME_CHARS (the extension kept), or `upload-<n>` when nothing is left."""
    name = _CONTROL.sub("", raw or "")
    name = re.split(r"[/\\]", name)[-1].strip()
    if name in ("", ".", ".."):
        return f"upload-{index}"
    if len(name) > MAX_NAME_CHARS:
        found = _EXTENSION.search(name)
        ext = found.group() if found else ""
        name = name[: MAX_NAME_CHARS - len(ext) - 1] + "…" + ext
    assert invalid_character(name) is None
    return name


def storage_name(display: str, index: int) -> str:
    """The name the upload is written under: its position and its extension, lowercased,
    so the readers can dispatch on it; nothing else of what the client sent."""
    found = _EXTENSION.search(display)
    return f"{index:04d}{found.group().lower() if found else ''}"
