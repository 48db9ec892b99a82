"""Field-level parsing: gold resumes rendered into DOCX, PDF and text layouts, imported
through the product's path (`read_paths` and the `Importer` behind `POST
/v1/candidates/import`, on the eval's embedded stack), and the stored profiles compared with
the gold field by field: work-history roles, their dates and companies, total years (±1),
location where stated, education, skills. See `evals/parsing/matching.py` for the rules.

Metrics are on the **test** split (`<metric>` overall, `corpus.` / `written.` by origin,
`layout.<name>.` by layout); the dev split, for whoever tunes the parser, is in the details.
Without the public corpus the suite is "not run": the written set alone is not the measure.
"""

from __future__ import annotations

import tempfile
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from app.db import transaction
from evals.context import SuiteContext, SuiteResult, new_org
from evals.data import RESUME_CORPUS
from evals.parsing.gold import CorpusAbsent, GoldResume, corpus_gold, written_gold
from evals.parsing.layouts import LAYOUTS, render
from evals.parsing.scoring import Counts, Parsed, metrics_of, parsed_from_profile, score

CORPUS = RESUME_CORPUS  # a module attribute, so a test can point it elsewhere
# Smoke: a few test resumes of each origin in every layout (about 40 imports).
SMOKE_PER_ORIGIN = 3
HEADLINE = (
    "roles.recall",
    "roles.precision",
    "years.within_1",
    "location.accuracy",
    "skills.precision",
)


def select(resumes: list[GoldResume], size: str) -> list[GoldResume]:
    if size != "smoke":
        return resumes
    out: list[GoldResume] = []
    for origin in ("corpus", "written"):
        mine = sorted(
            (r for r in resumes if r.origin == origin and r.split == "test"), key=lambda r: r.key
        )
        out += mine[:SMOKE_PER_ORIGIN]
    return out


def import_layout(
    ctx: SuiteContext, resumes: list[GoldResume], layout: str
) -> dict[str, Parsed | None]:
    """Render, import into a fresh organization, read the stored profiles back: key -> what
    the product stored (None for a file it could not import)."""
    from app.candidates import repository
    from app.candidates.service import Importer, read_paths

    rt = ctx.runtime()
    org_id = new_org(rt, f"parsing-{layout}")
    with tempfile.TemporaryDirectory(prefix="scout-parsing-") as tmp:
        paths = [render(r, layout, Path(tmp)) for r in resumes]
        with transaction(rt.sessions) as session:
            Importer(session, rt.embedder, org_id).run(read_paths(paths))
    stored: dict[str, Parsed | None] = {r.key: None for r in resumes}
    after: uuid.UUID | None = None
    with rt.sessions() as session:
        while True:
            page = repository.list_candidates(session, org_id, after, 200)
            for cand in page:
                key = Path(cand.source).stem
                if key in stored:
                    stored[key] = parsed_from_profile(
                        cand.profile or {}, cand.location, cand.years_experience
                    )
            if len(page) < 200:
                break
            after = page[-1].id
    return stored


def run(ctx: SuiteContext) -> SuiteResult:
    try:
        corpus = list(corpus_gold(CORPUS))
    except CorpusAbsent as exc:
        return SuiteResult("parsing", "not run", reason=f"corpus absent: {exc}")
    try:
        import docx  # noqa: F401
        import fpdf  # noqa: F401
    except ImportError as exc:
        return SuiteResult(
            "parsing", "not run", reason=f"{exc.name} is needed to render the layouts"
        )
    return measure(ctx, select(corpus + list(written_gold()), ctx.size), LAYOUTS)


def measure(ctx: SuiteContext, resumes: list[GoldResume], layouts: tuple[str, ...]) -> SuiteResult:
    """Import `resumes` in each of `layouts` and score the stored profiles."""
    today = date.today()  # the importer resolves "present" with today's date too
    groups: dict[str, dict[str, Counts]] = {"test": defaultdict(Counts), "dev": defaultdict(Counts)}
    problems: list[dict[str, Any]] = []
    for layout in layouts:
        stored = import_layout(ctx, resumes, layout)
        for gold in resumes:
            counts, issues = score(gold, stored[gold.key], today)
            by = groups[gold.split]
            for name in ("all", gold.origin, f"layout.{layout}"):
                by[name] += counts
            if issues:
                problems.append({"resume": gold.key, "layout": layout, **issues})
    metrics: dict[str, float] = {}
    for name, counts in sorted(groups["test"].items()):
        prefix = "" if name == "all" else f"{name}."
        metrics.update({f"{prefix}{k}": v for k, v in metrics_of(counts).items()})
    metrics["resumes"] = float(sum(1 for r in resumes if r.split == "test"))
    details = {
        "resumes": {
            "test": sum(1 for r in resumes if r.split == "test"),
            "dev": sum(1 for r in resumes if r.split == "dev"),
            "corpus": sum(1 for r in resumes if r.origin == "corpus"),
            "written": sum(1 for r in resumes if r.origin == "written"),
        },
        "layouts": list(layouts),
        "today": today.isoformat(),
        "dev_metrics": {n: metrics_of(c) for n, c in sorted(groups["dev"].items())},
        "problems": problems,
    }
    return SuiteResult("parsing", "ok", metrics, details)
