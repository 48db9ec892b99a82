"""Gold resumes for the parsing eval and the facts derived from them.

Two sets, the same fields:
- `parsing/corpus_gold.jsonl`: resumes from the public CSV corpus, keyed by the SHA-256 of the
  resume text and its row index; the text itself stays in `../shared/data` and is looked up at
  run time (`CorpusAbsent` when the corpus is not there);
- `parsing/written_gold.jsonl`: resumes written for this eval in the shapes real CVs use, with
  their text.

Each gold field was established by reading the resume (see evals/README.md, "How the parsing
gold is labelled").
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from evals.data import DATASETS, RESUME_CORPUS

Origin = Literal["corpus", "written"]
Split = Literal["dev", "test"]
CORPUS_GOLD = "parsing/corpus_gold.jsonl"
WRITTEN_GOLD = "parsing/written_gold.jsonl"


class CorpusAbsent(Exception):
    """The public resume corpus is not where the eval expects it."""


class GoldRole(BaseModel):
    title: str | None = None
    company: str | None = None
    start: str | None = None  # "YYYY-MM" or "YYYY"
    end: str | None = None  # "YYYY-MM", "YYYY" or "present"
    start_raw: str | None = None  # as the resume writes it
    end_raw: str | None = None


class GoldEducation(BaseModel):
    degree: str | None = None
    institution: str | None = None
    year: str | None = None


class GoldLocation(BaseModel):
    city: str | None = None
    country: str | None = None


class GoldResume(BaseModel):
    key: str
    origin: Origin
    split: Split
    text: str
    category: str | None = None
    roles: list[GoldRole] = Field(default_factory=list)
    years_stated: float | None = None  # a stated "N years" (phrase), when there is one
    years_source: Literal["history", "phrase"] | None = None
    location: GoldLocation | None = None  # only where the resume states where the person is
    education: list[GoldEducation] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    notes: str = ""


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rows(name: str) -> list[dict[str, object]]:
    lines = (DATASETS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@cache
def written_gold() -> tuple[GoldResume, ...]:
    return tuple(GoldResume.model_validate({**r, "origin": "written"}) for r in _rows(WRITTEN_GOLD))


def corpus_gold(corpus: Path = RESUME_CORPUS) -> tuple[GoldResume, ...]:
    """The corpus gold with its texts; `CorpusAbsent` without the corpus, `ValueError` when a
    gold text is no longer in it (the corpus changed: the gold must be re-checked)."""
    if not corpus.exists():
        raise CorpusAbsent(f"resume corpus not found at {corpus}")
    with corpus.open(encoding="utf-8", newline="") as handle:
        texts = [row["Resume"] for row in csv.DictReader(handle)]
    by_hash = {text_sha256(t): t for t in texts}
    out = []
    for r in _rows(CORPUS_GOLD):
        row, digest = int(str(r["row"])), str(r["sha256"])
        # The row index is a hint; the hash is the key (a reordered corpus still matches).
        if row < len(texts) and text_sha256(texts[row]) == digest:
            text = texts[row]
        elif digest in by_hash:
            text = by_hash[digest]
        else:
            raise ValueError(f"{r['key']}: no resume with sha256 {digest[:12]} in {corpus}")
        fields = {k: v for k, v in r.items() if k not in {"row", "sha256"}}
        out.append(GoldResume.model_validate({**fields, "origin": "corpus", "text": text}))
    return tuple(out)


# -- years of experience ------------------------------------------------------------------------


def _month(value: str | None, today: date, *, is_end: bool) -> int | None:
    """Months since year 0, both ends inclusive; a bare year runs from January (start) to
    December (end), "2014 - 2018" being five calendar years: within the ±1 the metric allows
    of a reader's "four years"."""
    if not value:
        return None
    now = today.year * 12 + today.month - 1
    if value == "present":
        return now
    if len(value) == 7:
        month = int(value[:4]) * 12 + int(value[5:]) - 1
    elif len(value) == 4:
        month = int(value) * 12 + (11 if is_end else 0)
    else:
        return None
    return min(month, now)


def _dated_spans(resume: GoldResume, today: date) -> list[tuple[int, int]]:
    spans = []
    for role in resume.roles:
        first = _month(role.start, today, is_end=False)
        last = _month(role.end, today, is_end=True)
        if first is not None and last is not None and last >= first:
            spans.append((first, last))
    return spans


def gold_years_source(resume: GoldResume) -> str | None:
    """Where the gold years come from: "history" (dated roles), "phrase", or None."""
    if _dated_spans(resume, date.today()):
        return "history"
    return "phrase" if resume.years_stated is not None else None


def gold_years(resume: GoldResume, today: date) -> float | None:
    """Total years: the union of the dated roles (overlaps once, gaps not counted), "present"
    being `today`; the stated phrase when no role is dated; None when the resume gives neither.
    """
    spans = _dated_spans(resume, today)
    if not spans:
        return resume.years_stated
    months, reach = 0, -1
    for first, last in sorted(spans):
        if last <= reach:
            continue
        months += last - max(first, reach + 1) + 1
        reach = last
    return round(months / 12, 1)
