"""How much the offline extractor finds on the public resume CSV (166 distinct resumes).

Counts, over distinct resume texts: work history non-empty, years of experience, location,
and junk skills (section headings and contact labels taken for skills). No gold labels: this
is coverage and a junk count, the field-level accuracy eval lives in `evals/`.

    PYTHONPATH=$PWD .venv/bin/python -m benchmarks.parse_coverage [--show N]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path

from app.candidates.parsing.extract import extract_profile
from app.candidates.parsing.readers import read_path
from app.candidates.profile import RawRecord

CSV = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "resumes"
CSV = CSV / "UpdatedResumeDataSet.csv"
TODAY = date(2024, 6, 1)
# What a reader of a CV would call a heading or a contact label, never a skill the person has.
JUNK = frozenset(
    {"linkedin", "github", "skype", "telegram", "whatsapp", "e-mail", "email", "phone"}
    | {"mobile", "programming languages", "technologies", "tools", "skills", "frameworks"}
    | {"databases", "languages", "operating systems", "technical skills", "contact"}
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=0, help="print N profiles' parsed fields")
    args = parser.parse_args()
    seen: set[str] = set()
    records: list[RawRecord] = []
    for item in read_path(CSV):
        if isinstance(item, RawRecord) and item.text and item.text not in seen:
            seen.add(item.text)
            records.append(item)
    profiles = [extract_profile(r, today=TODAY) for r in records]
    junk: Counter[str] = Counter()
    for p in profiles:
        for s in p.skills:
            if s.raw.casefold() in JUNK or s.name.casefold() in JUNK:
                junk[s.raw] += 1
    total = len(profiles)
    report = {
        "resumes": total,
        "work_history": sum(bool(p.work_history) for p in profiles),
        "work_history_dated": sum(any(w.start for w in p.work_history) for p in profiles),
        "years": sum(p.years_experience is not None for p in profiles),
        "years_source": dict(Counter(getattr(p, "years_source", None) for p in profiles)),
        "location": sum(bool(p.location) for p in profiles),
        "headline": sum(bool(p.headline) for p in profiles),
        "junk_skills": dict(junk),
    }
    print(json.dumps(report, indent=2))
    for p in profiles[: args.show]:
        print("---", p.category, "|", p.headline, "|", p.location, "|", p.years_experience)
        for w in p.work_history[:4]:
            print("   ", w.title, "@", w.company, w.start, w.end)


if __name__ == "__main__":
    main()
