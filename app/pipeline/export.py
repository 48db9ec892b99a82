"""A shortlist as CSV or JSON: each candidate with the verdict and verbatim evidence behind
every qualification. No names or contact data (the list is for judging evidence)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.pipeline import repository
from app.pipeline.schemas import BOARD_STAGES, ExportRow
from app.projects import service as projects
from app.projects.listing import recap_of
from app.projects.schemas import EvidenceOut, VerdictOut
from app.projects.states import CandidateStage

# The default shortlist: everyone the recruiter took into the pipeline and has not ruled out.
SHORTLIST = tuple(s for s in BOARD_STAGES if s != CandidateStage.NOT_A_FIT)


def rows(session: Session, project: projects.Project, stages: Sequence[str]) -> list[ExportRow]:
    qset = projects.approved_qset(session, project.id)
    quals = {q["id"]: q for q in (qset.qualifications if qset else [])}
    out: list[ExportRow] = []
    for pc, cand, ev in repository.board_rows(
        session, project.id, project.org_id, qset.id if qset else None, stages
    ):
        verdicts = []
        for v in ev.result.get("verdicts", []) if ev else []:
            q = quals.get(v["qualification_id"], {})
            verdicts.append(
                VerdictOut(
                    qualification_id=v["qualification_id"],
                    qualification=q.get("text", ""),
                    required=bool(q.get("required", True)),
                    kind=q.get("kind"),
                    any_of=list(q.get("any_of") or []),
                    verdict=v["verdict"],
                    confidence=v["confidence"],
                    evidence=[EvidenceOut(**e) for e in v.get("evidence", [])],
                    explanation=v.get("explanation", ""),
                )
            )
        out.append(
            ExportRow(
                candidate_id=cand.id,
                stage=pc.stage,
                rating=pc.rating,
                headline=cand.headline,
                location=cand.location,
                score=ev.score if ev else None,
                recap=recap_of(ev.result) if ev else None,
                qualifications=verdicts,
            )
        )
    return out


def to_json(items: list[ExportRow]) -> str:
    return json.dumps({"items": [i.model_dump(mode="json") for i in items]}, indent=2)


CSV_COLUMNS = [
    "candidate_id",
    "stage",
    "rating",
    "headline",
    "location",
    "score",
    "recap",
    "qualification",
    "required",
    "verdict",
    "confidence",
    "evidence",
]


def to_csv(items: list[ExportRow]) -> str:
    """One line per candidate and qualification (spreadsheet-friendly: filter by verdict);
    a candidate without an evaluation gets one line with the qualification columns empty.
    Evidence quotes are joined with " | " and keep their section: "quote [Experience]"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        head = [
            str(item.candidate_id),
            item.stage,
            "" if item.rating is None else item.rating,
            _safe_cell(item.headline or ""),
            _safe_cell(item.location or ""),
            "" if item.score is None else f"{item.score:.3f}",
            item.recap or "",
        ]
        if not item.qualifications:
            writer.writerow([*head, "", "", "", "", ""])
        for v in item.qualifications:
            evidence = " | ".join(f"{e.quote} [{e.section}]" for e in v.evidence)
            writer.writerow(
                [
                    *head,
                    v.qualification,
                    "required" if v.required else "nice-to-have",
                    v.verdict,
                    f"{v.confidence:.2f}",
                    _safe_cell(evidence),
                ]
            )
    return buffer.getvalue()


def _safe_cell(text: str) -> str:
    # Resume text is untrusted: a cell starting with = + - @ would run as a spreadsheet
    # formula when the file is opened; a leading apostrophe keeps it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
