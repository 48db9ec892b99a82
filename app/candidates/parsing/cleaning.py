"""Text clean-up shared by the readers and the extractor: mojibake, line ends, stray controls.

Resume text arrives from CSV exports, PDFs and Word files, and a lot of it has been through a
UTF-8 -> Latin-1/cp1252 -> UTF-8 round trip on the way ("NaÃ¯ve", "â\\x80¢"). We repair that
one encoded character at a time rather than re-encoding the whole text, so a text that mixes
mojibake with correct accented letters keeps the correct ones.
"""

from __future__ import annotations

import re

# Byte value of every character that a cp1252 or Latin-1 decoder could have produced from a
# byte 0x80-0xFF. cp1252 maps 0x80-0x9F to punctuation (€, ’, •, –, ...); Latin-1 maps them to
# the C1 controls; both map 0xA0-0xFF to the same Latin-1 letters.
_BYTE_OF: dict[str, int] = {chr(b): b for b in range(0x80, 0x100)}
for _b in range(0x80, 0xA0):
    try:
        _BYTE_OF[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        continue  # five bytes are undefined in cp1252; their Latin-1 C1 control covers them

_CONT_CHARS = "".join(sorted(c for c, b in _BYTE_OF.items() if 0x80 <= b <= 0xBF))
_CONT = "[" + re.escape(_CONT_CHARS) + "]"
# A UTF-8 sequence as a cp1252/Latin-1 reader shows it: a lead character, then continuation
# characters. Two-byte leads are limited to Â/Ã/Ä/Å (U+0080-U+017F, where nearly all Western
# mojibake lives) so that real text such as German `ß“` is never "repaired".
_MOJIBAKE = re.compile(
    "[\u00c2-\u00c5]" + _CONT + "|[\u00e0-\u00ef]" + _CONT + "{2}|[\u00f0-\u00f4]" + _CONT + "{3}"
)

# A three-byte bullet ("•" = E2 80 A2, "❖" = E2 9D 96) whose continuation bytes a renderer
# dropped, leaving "â¢ " or a bare "â " before the item: still a bullet, not a letter.
_BROKEN_BULLET = re.compile("(?:(?<=\\s)|^)\u00e2[\u0080-\u00bf]?(?=[ \t])", re.MULTILINE)

# Private-use code points that Word's Symbol/Wingdings bullets decode to; they render as boxes.
_PUA_BULLETS = re.compile("[\uf000-\uf0ff]")
# C0/C1 controls except tab and newline, plus zero-width characters and the BOM.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_LINE_ENDS = re.compile("\r\n?|[\x0c\u2028\u2029]")


def _repair_one(match: re.Match[str]) -> str:
    seq = match.group()
    try:
        return bytes(_BYTE_OF[c] for c in seq).decode("utf-8")
    except UnicodeDecodeError:
        return seq  # not a real UTF-8 sequence after all: keep what was written


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as cp1252/Latin-1; text without mojibake is returned as is.

    Two passes handle text that went through the round trip twice ("Ã\\x83Â©").
    """
    for _ in range(2):
        if _MOJIBAKE.search(text) is None:
            break
        text = _MOJIBAKE.sub(_repair_one, text)
    return text


def clean_text(text: str) -> str:
    """Normalize resume text: repair mojibake, unify line ends, drop invisible characters.

    Idempotent, so both the readers and the extractor may call it.
    """
    text = fix_mojibake(text)
    text = _BROKEN_BULLET.sub("•", text)
    text = _LINE_ENDS.sub("\n", text)
    text = text.replace("\u00a0", " ")
    text = _PUA_BULLETS.sub("•", text)
    text = _INVISIBLE.sub("", text)
    return text.strip()
