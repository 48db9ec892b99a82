"""Render a structured profile (JSONL/synth fields) as a plain-text resume.

A profile that arrives without free text still needs `raw_text`, because evidence quotes and
sections point into it. The rendering is deterministic (same fields, same text) and uses the
headings `split_sections` recognises, so the rendered text splits into the same sections.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.candidates.parsing.education import education_from_fields
from app.candidates.parsing.history import work_from_fields
from app.candidates.parsing.skills import field_skill_names


def _text(fields: Mapping[str, object], key: str) -> str:
    value = fields.get(key)
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def render_profile_text(fields: Mapping[str, object]) -> str:
    head = [_text(fields, k) for k in ("name", "headline", "location")]
    contact = " | ".join(p for p in (_text(fields, "email"), _text(fields, "phone")) if p)
    blocks: list[str] = ["\n".join(p for p in [*head, contact] if p)]
    years = _text(fields, "years_experience")
    summary = _text(fields, "summary")
    if summary or years:
        lines = [summary] if summary else []
        if years:
            lines.append(f"{years} years of experience")
        blocks.append("Summary\n" + "\n".join(lines))

    jobs: list[str] = []
    for item in work_from_fields(fields.get("experience")):
        role = " at ".join(p for p in (item.title, item.company) if p)
        dates = " - ".join(p for p in (item.start, item.end) if p)
        jobs.append(f"{role} ({dates})" if dates else role)
        if item.description:
            jobs.append(item.description)
    if jobs:
        blocks.append("Experience\n" + "\n".join(jobs))

    schools = [e.text for e in education_from_fields(fields.get("education"))]
    if schools:
        blocks.append("Education\n" + "\n".join(schools))

    skills = field_skill_names(fields.get("skills"))
    if skills:
        blocks.append("Skills\n" + ", ".join(skills))
    return "\n\n".join(b for b in blocks if b)
