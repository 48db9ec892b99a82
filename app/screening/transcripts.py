"""Screening transcripts in, speaker turns out: WebVTT (Zoom's "Name: text" cues, Teams'
`<v Name>` voice tags), SRT, or plain text with "Name: text" lines.

Consecutive cues of one speaker join into one turn, so a quote may run across a caption
break. Nothing here interprets what was said; a transcript is data.
"""

from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass
from typing import Literal

import srt
import webvtt
from webvtt.errors import MalformedFileError

from app.errors import AppError

Format = Literal["vtt", "srt", "text"]
MAX_BYTES = 2_000_000
MAX_TURNS = 5_000
# "Ada Lindqvist: text", "INTERVIEWER: text", "[Speaker 1] text" — a label a person wrote.
_LABEL = re.compile(
    r"^\s*(?:\[(?P<b>[^\]\n]{1,60})\]|(?P<n>[A-Z][\w .'\-]{0,58}?))\s*:\s+(?P<t>\S.*)$"
)
_LABEL_BRACKET = re.compile(r"^\s*\[(?P<b>[^\]\n]{1,60})\]\s*(?P<t>\S.*)$")
_TAG = re.compile(r"<[^>]{0,200}>")
_SRT_TIME = re.compile(r"^\d{1,2}:\d{2}:\d{2},\d{3}\s*-->", re.MULTILINE)
_AUDIO = (".mp3", ".wav", ".m4a", ".ogg", ".flac", ".webm", ".mp4")


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str
    start: str = ""  # "00:01:02.000" when the format has times

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def is_audio(filename: str, content_type: str | None) -> bool:
    return (content_type or "").startswith("audio/") or filename.lower().endswith(_AUDIO)


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise AppError(
            f"the transcript is {len(raw) // 1000} kB; the limit is {MAX_BYTES // 1000} kB",
            status_code=413,
        )
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise AppError(
        "the transcript is not text (UTF-8 or UTF-16): upload a .vtt, .srt or .txt file",
        status_code=415,
    )


def detect(filename: str, text: str) -> Format:
    name = filename.lower()
    head = text.lstrip()[:20]
    if name.endswith(".vtt") or head.startswith("WEBVTT"):
        return "vtt"
    if name.endswith(".srt") or _SRT_TIME.search(text[:2000]):
        return "srt"
    return "text"


def _split_label(line: str) -> tuple[str, str] | None:
    m = _LABEL.match(line)
    if m:
        return (m.group("b") or m.group("n") or "").strip(), m.group("t").strip()
    m = _LABEL_BRACKET.match(line)
    if m:
        return m.group("b").strip(), m.group("t").strip()
    return None


def _clean(text: str) -> str:
    return " ".join(_TAG.sub("", text).split())


def _join(turns: list[Turn]) -> list[Turn]:
    """One turn per run of the same speaker (captions cut sentences at arbitrary points)."""
    out: list[Turn] = []
    for turn in turns:
        if not turn.text:
            continue
        if out and out[-1].speaker == turn.speaker:
            last = out[-1]
            out[-1] = Turn(last.speaker, f"{last.text} {turn.text}", last.start)
        else:
            out.append(turn)
    return out


def _cue_turns(cues: list[tuple[str, str, str]]) -> list[Turn]:
    """(voice tag or "", raw cue text, start) -> turns; a cue without any label continues
    the previous speaker."""
    turns: list[Turn] = []
    speaker = ""
    for voice, text, start in cues:
        for line in text.splitlines():
            labelled = None if voice else _split_label(_clean(line))
            if voice:
                speaker, body = voice, _clean(line)
            elif labelled:
                speaker, body = labelled
            else:
                body = _clean(line)
            turns.append(Turn(speaker or "Unknown", body, start))
    return _join(turns)


def _vtt(text: str) -> list[Turn]:
    try:
        captions = webvtt.from_string(text).captions
    except MalformedFileError as exc:
        raise AppError(f"this is not a valid WebVTT file: {exc}", status_code=422) from exc
    cues = [(str(getattr(c, "voice", None) or ""), str(c.text), str(c.start)) for c in captions]
    return _cue_turns(cues)


def _srt(text: str) -> list[Turn]:
    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as exc:
        raise AppError(f"this is not a valid SRT file: {exc}", status_code=422) from exc
    cues = [("", s.content, srt.timedelta_to_srt_timestamp(s.start)) for s in subs]
    return _cue_turns(cues)


def _plain(text: str) -> list[Turn]:
    turns: list[Turn] = []
    labelled = 0
    for line in io.StringIO(text):
        if not line.strip():
            continue
        split = _split_label(line.strip())
        if split:
            labelled += 1
            turns.append(Turn(split[0], _clean(split[1])))
        elif turns:
            turns.append(Turn(turns[-1].speaker, _clean(line)))
    if not labelled:
        raise AppError(
            'a plain-text transcript needs speaker labels, one turn per line ("Name: what they '
            'said"); none found',
            status_code=422,
        )
    return _join(turns)


def parse(filename: str, raw: bytes) -> tuple[Format, list[Turn]]:
    text = decode(raw)
    if not text.strip():
        raise AppError("the transcript is empty", status_code=422)
    fmt = detect(filename, text)
    turns = {"vtt": _vtt, "srt": _srt, "text": _plain}[fmt](text)
    if not turns:
        raise AppError(f"no speech found in this {fmt.upper()} transcript", status_code=422)
    if len(turns) > MAX_TURNS:
        raise AppError(f"the transcript has {len(turns)} turns; the limit is {MAX_TURNS}", 413)
    if len({t.speaker for t in turns}) < 2:
        raise AppError(
            "only one speaker found: label who speaks (Zoom and Teams exports do; in plain text "
            'write "Name: text")',
            status_code=422,
        )
    return fmt, turns


def _folded(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 1}


def candidate_speaker(turns: list[Turn], name: str | None, chosen: str | None) -> str:
    """Who the candidate is among the speakers: the one the recruiter named, else the one
    whose label shares a word with the candidate's name, else the one who asks the fewest
    questions (the interviewer asks them)."""
    speakers = list(dict.fromkeys(t.speaker for t in turns))
    if chosen:
        wanted = chosen.strip().lower()
        for s in speakers:
            if s.lower() == wanted:
                return s
        raise AppError(
            f'no speaker "{chosen}" in this transcript; speakers: {", ".join(speakers)}', 422
        )
    parts = _folded(name or "")
    named = [s for s in speakers if parts & _folded(s)]
    if len(named) == 1:
        return named[0]

    def asks(speaker: str) -> float:
        said = [t.text for t in turns if t.speaker == speaker]
        return sum(x.count("?") for x in said) / max(1, len(said))

    return min(
        speakers, key=lambda s: (asks(s), -sum(len(t.text) for t in turns if t.speaker == s))
    )
