"""Job-ad understanding: the intake's spec and qualifications against real and written ads.

Two datasets:

- **skillspan** (`../shared/data/jobs/skillspan/`, 263 real postings, expert Skill and
  Knowledge spans; "not run: corpus absent" without it). Tune on train/dev, report on test.
  Matching, on lower-cased word tokens without stop words and the qualification template's
  own words ("experience with", "years", "professional"):
    * a gold span is **recalled** when one qualification holds all its key tokens (for a
      span of more than three key tokens, at least two thirds of them: long duty phrases are
      rarely repeated word for word and are not meant to become qualifications whole);
    * a qualification is **precise** when it shares a key token with some gold span of its
      posting. Career-years qualifications ("5+ years of professional experience") and O*NET
      suggestions (not read from the text) are left out of precision; recall counts every
      qualification read from the text ("5+ years of Python" names Python).
  Knowledge spans (tools, languages, fields, degrees) are what a qualification should name;
  Skill spans are mostly duties and soft skills, reported separately and not gated hard.
- **ads** (`datasets/intake/ads.jsonl`, hand-written in the shapes of the issue-10 failures:
  pay lines, "Washington, D.C.", hybrid wording, EEO text, partner companies, "Entry Level",
  OR-groups, "Desired"/"Not required", clearance and work authorization, employer names with
  "National"). Gold title, seniority, location, work mode and required / nice / legal items:
    * a gold item is found when one qualification holds its key tokens; "A | B | C" is an
      OR-group, found only when ONE qualification lists every alternative; "years:N" is found
      when a required qualification says "N+ years";
    * a proposed qualification is correct for its level when it covers a gold item of that
      level (or an `ok` item, tolerated at either level);
    * `forbidden` words must appear in no qualification; `nice_as_required` counts gold nice
      items proposed as required (goal 0).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agents.schemas import IntakeResult, Qualification
from evals import data
from evals.context import SuiteContext, SuiteResult
from evals.engine import intake_text

SKILLSPAN = data.SHARED_DATA / "jobs" / "skillspan" / "postings_reassembled.jsonl"
ADS = data.DATASETS / "intake" / "ads.jsonl"
SMOKE_POSTINGS = 12  # per split in smoke runs: the first postings of the file

_STOP = frozenset(
    re.split(
        r"\s+",
        "a an the and or of in on for to with as at by from is are be been this that these those "
        "our your you we it its their they will can should must have has having etc e g i.e eg "
        "experience experienced years year professional knowledge working work plus good strong "
        "solid proven ability skills skill understanding using use including such like",
    )
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]")


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP]


def _qual_tokens(q: Qualification) -> set[str]:
    words = set(tokens(q.text))
    for alternative in getattr(q, "any_of", []) or []:
        words |= set(tokens(alternative))
    return words


def covers(q: Qualification, gold: str) -> bool:
    """Whether qualification `q` states the gold item (see the module doc for the rules)."""
    if gold.startswith("years:"):
        years = gold.split(":", 1)[1]
        return bool(re.search(rf"(?<![\d.]){re.escape(years)}\s*\+?\s*(?:years?|yrs?)\b", q.text))
    have = _qual_tokens(q)
    alternatives = [part.strip() for part in gold.split("|")]
    return all(set(tokens(alt)) <= have and tokens(alt) for alt in alternatives)


def _span_recalled(span_tokens: list[str], quals: list[set[str]]) -> bool:
    key = set(span_tokens)
    if not key:
        return False
    need = len(key) if len(key) <= 3 else math.ceil(len(key) * 2 / 3)
    return any(len(key & q) >= need for q in quals)


def _rate(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else float("nan")


# -- skillspan ------------------------------------------------------------------------------


def _postings(split: str, limit: int | None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in SKILLSPAN.read_text(encoding="utf-8").splitlines()]
    chosen = [row for row in rows if row["split"] == split]
    return chosen[:limit] if limit else chosen


def _from_text(q: Qualification) -> bool:
    career = re.search(r"\d\s*\+?\s*years of professional experience", q.text)
    return not q.suggested and not career


def score_posting(posting: dict[str, Any], result: IntakeResult) -> dict[str, Any]:
    # Recall from every qualification read from the text ("5+ years of Python" names Python);
    # precision without the career-years ones, which no span is about.
    read = [_qual_tokens(q) for q in result.qualifications if not q.suggested]
    quals = [q for q in result.qualifications if _from_text(q)]
    q_tokens = [_qual_tokens(q) for q in quals]
    knowledge = [tokens(s) for s in posting["knowledge"]]
    skills = [tokens(s) for s in posting["skills"]]
    gold_tokens = (
        set().union(*(set(t) for t in knowledge + skills)) if knowledge + skills else set()
    )
    precise = [bool(t & gold_tokens) for t in q_tokens]
    return {
        "idx": posting["idx"],
        "knowledge": len(knowledge),
        "knowledge_recalled": sum(_span_recalled(s, read) for s in knowledge),
        "skills": len(skills),
        "skills_recalled": sum(_span_recalled(s, read) for s in skills),
        "qualifications": len(quals),
        "precise": sum(precise),
        "imprecise": [q.text for q, ok in zip(quals, precise, strict=True) if not ok][:5],
    }


def _skillspan(ctx: SuiteContext) -> tuple[dict[str, float], dict[str, Any]]:
    limit = SMOKE_POSTINGS if ctx.size == "smoke" else None
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {}
    for split in ("dev", "test") if ctx.size == "full" else ("test",):
        rows = []
        for posting in _postings(split, limit):
            result = intake_text(ctx.engine, posting["text"])
            rows.append(score_posting(posting, result))
        total = {k: sum(r[k] for r in rows) for k in ("knowledge", "skills", "qualifications")}
        prefix = f"skillspan.{split}"
        metrics[f"{prefix}.postings"] = float(len(rows))
        metrics[f"{prefix}.knowledge_recall"] = _rate(
            sum(r["knowledge_recalled"] for r in rows), total["knowledge"]
        )
        metrics[f"{prefix}.skill_recall"] = _rate(
            sum(r["skills_recalled"] for r in rows), total["skills"]
        )
        metrics[f"{prefix}.precision"] = _rate(
            sum(r["precise"] for r in rows), total["qualifications"]
        )
        metrics[f"{prefix}.qualifications_per_posting"] = _rate(total["qualifications"], len(rows))
        details[prefix] = sorted(rows, key=lambda r: r["precise"] - r["qualifications"])[:10]
    return metrics, details


# -- hand-written ads -----------------------------------------------------------------------


def ads(path: Path = ADS) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _found(items: Iterable[str], quals: list[Qualification]) -> list[str]:
    return [item for item in items if any(covers(q, item) for q in quals)]


def _location_ok(gold: dict[str, str | None] | None, result: IntakeResult) -> bool:
    spec = result.spec
    place = getattr(spec, "place", None)
    if gold is None:
        return spec.location is None and place is None
    city, country = gold.get("city"), gold.get("country_code")
    if city is None:  # a country only ("Remote (UK)")
        return place is not None and place.city is None and place.country_code == country
    if place is not None:
        return city.lower() in (place.city or "").lower() and place.country_code == country
    return spec.location is not None and city.lower() in spec.location.lower()


def score_ad(ad: dict[str, Any], result: IntakeResult) -> dict[str, Any]:
    gold = ad["gold"]
    quals = [q for q in result.qualifications if not q.suggested]
    required = [q for q in quals if q.required]
    nice = [q for q in quals if not q.required]
    legal_kind = [q for q in required if getattr(q, "kind", None) == "legal"]
    ok_required = [*gold["required"], *gold["legal"], *gold["ok"]]
    ok_nice = [*gold["nice"], *gold["ok"]]
    spec = result.spec
    mode = getattr(spec, "work_mode", None) or spec.remote
    forbidden = [
        word
        for word in gold["forbidden"]
        if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", q.text) for q in quals)
    ]
    return {
        "id": ad["id"],
        "required_found": _found(gold["required"], required),
        "required_total": len(gold["required"]),
        "required_correct": sum(any(covers(q, g) for g in ok_required) for q in required),
        "required_proposed": len(required),
        "required_wrong": [q.text for q in required if not any(covers(q, g) for g in ok_required)],
        "nice_found": _found(gold["nice"], nice),
        "nice_total": len(gold["nice"]),
        "nice_correct": sum(any(covers(q, g) for g in ok_nice) for q in nice),
        "nice_proposed": len(nice),
        "nice_as_required": _found(gold["nice"], required),
        "legal_found": _found(gold["legal"], required),
        "legal_flagged": _found(gold["legal"], legal_kind),
        "legal_total": len(gold["legal"]),
        "forbidden": forbidden,
        "title": spec.title,
        "title_ok": (spec.title or "").lower() == gold["title"].lower(),
        "seniority": spec.seniority,
        "seniority_ok": spec.seniority == gold["seniority"],
        "location": spec.location,
        "location_ok": _location_ok(gold["location"], result),
        "work_mode": mode,
        "work_mode_ok": mode == gold["work_mode"],
        "refused": [r.text for r in result.refused],
        "false_refusals": max(0, len(result.refused) - gold["refused"]),
    }


def _ads(ctx: SuiteContext) -> tuple[dict[str, float], list[dict[str, Any]]]:
    rows = [score_ad(ad, intake_text(ctx.engine, ad["text"])) for ad in ads()]

    def total(key: str) -> int:
        return sum(len(r[key]) if isinstance(r[key], list) else int(r[key]) for r in rows)

    metrics = {
        "ads.cases": float(len(rows)),
        "ads.required_recall": _rate(total("required_found"), total("required_total")),
        "ads.required_precision": _rate(total("required_correct"), total("required_proposed")),
        "ads.nice_recall": _rate(total("nice_found"), total("nice_total")),
        "ads.nice_precision": _rate(total("nice_correct"), total("nice_proposed")),
        "ads.nice_as_required": float(total("nice_as_required")),
        "ads.legal_surfaced": _rate(total("legal_found"), total("legal_total")),
        "ads.legal_flagged": _rate(total("legal_flagged"), total("legal_total")),
        "ads.forbidden_in_qualifications": float(total("forbidden")),
        "ads.false_refusals": float(total("false_refusals")),
        "ads.title_accuracy": _rate(total("title_ok"), len(rows)),
        "ads.seniority_accuracy": _rate(total("seniority_ok"), len(rows)),
        "ads.location_accuracy": _rate(total("location_ok"), len(rows)),
        "ads.work_mode_accuracy": _rate(total("work_mode_ok"), len(rows)),
    }
    return metrics, rows


def run(ctx: SuiteContext) -> SuiteResult:
    metrics, rows = _ads(ctx)
    details: dict[str, Any] = {"ads": rows}
    if not SKILLSPAN.exists():
        details["skillspan"] = f"not run: corpus absent ({SKILLSPAN})"
        details["parts_not_run"] = ["skillspan"]
        return SuiteResult("intake", "ok", metrics, details)
    found, postings = _skillspan(ctx)
    metrics.update(found)
    details.update(postings)
    return SuiteResult("intake", "ok", metrics, details)
