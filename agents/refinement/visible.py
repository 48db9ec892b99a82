"""What a reader of the message can actually see: markup, scripts and invisible
characters never count as words the recruiter wrote."""

from __future__ import annotations

import html
import re

_BLOCKS = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>?")
_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\u00ad]")


def visible_text(message: str) -> str:
    text = _BLOCKS.sub(" ", message)
    text = _TAGS.sub(" ", text)
    text = _INVISIBLE.sub("", html.unescape(text))
    return " ".join(text.split())
