"""What a reader cannot see: the kinds of hidden text, the thresholds, and colour contrast.

Resumes are untrusted. Text a person reading the document cannot see (white on white, a
1-point font, Word's hidden formatting, PDF text drawn invisibly or off the page) is dropped
by the readers before anything else sees it, and counted here so the import can report it.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Literal

HiddenKind = Literal[
    "vanish",
    "web_hidden",
    "color",
    "tiny",
    "offpage",
    "invisible_mode",
    "transparent",
    "covered",
    "hidden_shape",
]

# Below this size (points) a glyph is a speck, not text: 4 pt is under half a normal line.
MIN_VISIBLE_POINTS = 4.0
# WCAG contrast ratio between text and what is behind it. 1.0 = identical colours; body text
# needs 4.5. Under 1.25 (#E8E8E8 on white, yellow on white) a reader sees nothing legible.
MIN_VISIBLE_CONTRAST = 1.25

RGB = tuple[float, float, float]  # each channel 0..1
WHITE: RGB = (1.0, 1.0, 1.0)


class HiddenTally:
    """Characters dropped per kind of hiding (whitespace not counted)."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()

    def add(self, kind: HiddenKind, text: str) -> None:
        n = sum(1 for ch in text if not ch.isspace())
        if n:
            self.kinds[kind] += n

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.kinds.items()))


def parse_hex(value: str | None) -> RGB | None:
    """`FFFFFF` / `#ffffff` as an RGB triple; None for `auto`, theme-only or malformed."""
    if not value:
        return None
    value = value.strip().lstrip("#")
    if len(value) != 6:
        return None
    try:
        r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    return (r, g, b)


def _luminance(rgb: RGB) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio, 1.0 (same) to 21.0 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Cached: a PDF asks this once per glyph, of a handful of colour pairs.
@functools.lru_cache(maxsize=4096)
def invisible_on(text: RGB, background: RGB) -> bool:
    return contrast(text, background) < MIN_VISIBLE_CONTRAST


# Word's highlight colours (`w:highlight w:val`), as a reader sees them.
HIGHLIGHTS: dict[str, RGB] = {
    "black": (0, 0, 0),
    "blue": (0, 0, 1),
    "cyan": (0, 1, 1),
    "green": (0, 1, 0),
    "magenta": (1, 0, 1),
    "red": (1, 0, 0),
    "yellow": (1, 1, 0),
    "white": (1, 1, 1),
    "darkBlue": (0, 0, 0.5),
    "darkCyan": (0, 0.5, 0.5),
    "darkGreen": (0, 0.5, 0),
    "darkMagenta": (0.5, 0, 0.5),
    "darkRed": (0.5, 0, 0),
    "darkYellow": (0.5, 0.5, 0),
    "darkGray": (0.5, 0.5, 0.5),
    "lightGray": (0.75, 0.75, 0.75),
}
