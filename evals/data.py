"""Dataset loaders. Every file under `evals/datasets/` is listed in `manifest.json` with a
version and a SHA-256: a file edited without a version bump fails the check, so two reports
with the same dataset versions really were measured on the same data.

The public resume corpus is read from `../shared/data/` (never copied into the repository).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

ROOT = Path(__file__).resolve().parent
DATASETS = ROOT / "datasets"
# Beside the checkout by default; SCOUT_SHARED_DATA points elsewhere (same rule as the tests).
SHARED_DATA = Path(os.environ.get("SCOUT_SHARED_DATA") or ROOT.parent.parent / "shared" / "data")
RESUME_CORPUS = SHARED_DATA / "resumes" / "UpdatedResumeDataSet.csv"
MANIFEST = DATASETS / "manifest.json"

Verdict = Literal["met", "not_met", "unknown"]


def _jsonl(name: str) -> list[dict[str, Any]]:
    lines = (DATASETS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATASETS / name).read_text(encoding="utf-8"))
    return data


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dataset_files() -> list[str]:
    """Dataset files relative to `datasets/`, sub-folders included (a suite may keep its own,
    e.g. `intake/ads.jsonl`)."""
    return sorted(
        path.relative_to(DATASETS).as_posix()
        for path in DATASETS.rglob("*")
        if path.is_file() and path != MANIFEST and path.suffix in {".json", ".jsonl"}
    )


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return data


def verify_manifest() -> list[str]:
    """Problems found: a listed file missing or changed, or a dataset file not listed."""
    listed = manifest()["files"]
    problems = []
    for name, entry in listed.items():
        path = DATASETS / name
        if not path.exists():
            problems.append(f"{name}: listed in the manifest but missing")
        elif file_sha256(path) != entry["sha256"]:
            problems.append(f"{name}: changed without a version bump (sha256 differs)")
    for name in _dataset_files():
        if name not in listed:
            problems.append(f"{name}: not listed in the manifest")
    return problems


def dataset_versions() -> dict[str, int]:
    return {name: int(entry["version"]) for name, entry in manifest()["files"].items()}


# -- privacy probe ---------------------------------------------------------------------------


class PrivacyHeader(BaseModel):
    """A CV whose header takes a shape the parser may not read (see benchmarks/redaction_cvs.py):
    its owner's `names` must never show in an evidence quote."""

    id: str
    names: list[str]
    secrets: list[str]
    kept: list[str]
    text: str


@cache
def privacy_headers() -> list[PrivacyHeader]:
    return [PrivacyHeader.model_validate(row) for row in _jsonl("privacy_headers.jsonl")]


# -- qualification cases --------------------------------------------------------------------


class QualificationCase(BaseModel):
    id: str
    profile: str
    qualification: str
    expected: Verdict
    evidence: list[str] = Field(default_factory=list)
    note: str = ""


@cache
def qualification_profiles() -> dict[str, str]:
    return {row["id"]: row["text"] for row in _jsonl("qualification_profiles.jsonl")}


@cache
def qualification_cases() -> tuple[QualificationCase, ...]:
    return tuple(QualificationCase.model_validate(r) for r in _jsonl("qualification_cases.jsonl"))


# -- safety -----------------------------------------------------------------------------------


class ProtectedCase(BaseModel):
    id: str
    text: str
    expected: Literal["refuse", "accept"]
    attribute: str


class InjectionBase(BaseModel):
    id: str
    text: str
    qualifications: list[str]


class InjectionCase(BaseModel):
    id: str
    base: str
    kind: str
    position: Literal["top", "end"]
    payload: str
    # Hidden-text cases are real documents: the payload hidden the named way
    # (`evals.hidden_documents`), read back through the product's reader.
    document: Literal["docx", "pdf"] | None = None
    hiding: str | None = None


@cache
def protected_cases() -> tuple[ProtectedCase, ...]:
    return tuple(ProtectedCase.model_validate(r) for r in _jsonl("protected_cases.jsonl"))


@cache
def injection_bases() -> dict[str, InjectionBase]:
    bases = (InjectionBase.model_validate(r) for r in _jsonl("injection_bases.jsonl"))
    return {b.id: b for b in bases}


@cache
def injection_cases() -> tuple[InjectionCase, ...]:
    return tuple(InjectionCase.model_validate(r) for r in _jsonl("injection_cases.jsonl"))


def inject(base_text: str, case: InjectionCase) -> str:
    """The base resume with the payload as its own paragraph: after the header lines (name and
    headline) for "top", appended for "end"."""
    if case.position == "end":
        return base_text.rstrip("\n") + "\n\n" + case.payload + "\n"
    lines = base_text.split("\n")
    return "\n".join([*lines[:2], "", case.payload, *lines[2:]])


# -- fairness ---------------------------------------------------------------------------------


class CounterfactualVariant(BaseModel):
    key: str  # base:dimension:pair:group, unique
    base: str
    job: str
    dimension: str
    pair: int
    group: str
    text: str


@cache
def fairness_data() -> dict[str, Any]:
    return _json("fairness_counterfactuals.json")


def _fill(template: str, values: dict[str, str]) -> str:
    text = template
    for slot, value in values.items():
        text = text.replace("{" + slot + "}", value)
    # An empty personal block leaves no blank line behind, as a real resume would not.
    return text.replace("\n\n\n", "\n\n")


def counterfactual_variants() -> list[CounterfactualVariant]:
    """Every base x dimension x pair x group, with the other slots at their defaults."""
    data = fairness_data()
    defaults: dict[str, str] = data["defaults"]
    out: list[CounterfactualVariant] = []
    for base in data["bases"]:
        for dim in data["dimensions"]:
            for index, pair in enumerate(dim["pairs"]):
                for group, values in pair.items():
                    text = _fill(base["template"], {**defaults, **values})
                    out.append(
                        CounterfactualVariant(
                            key=f"{base['id']}:{dim['dimension']}:{index}:{group}",
                            base=base["id"],
                            job=base["job"],
                            dimension=dim["dimension"],
                            pair=index,
                            group=group,
                            text=text,
                        )
                    )
    return out


def counterfactual_pairs() -> list[tuple[CounterfactualVariant, CounterfactualVariant]]:
    """Every two variants that differ only in one dimension's group (3 groups -> 3 pairs)."""
    by_slot: dict[tuple[str, str, int], list[CounterfactualVariant]] = {}
    for v in counterfactual_variants():
        by_slot.setdefault((v.base, v.dimension, v.pair), []).append(v)
    pairs: list[tuple[CounterfactualVariant, CounterfactualVariant]] = []
    for members in by_slot.values():
        for i, a in enumerate(members):
            pairs.extend((a, b) for b in members[i + 1 :])
    return pairs


# -- retrieval --------------------------------------------------------------------------------


class RetrievalSpec(BaseModel):
    category: str
    onet_code: str
    onet_title: str
    related_categories: list[str]
    short_query: str
    job_spec: str


@cache
def retrieval_specs() -> tuple[RetrievalSpec, ...]:
    return tuple(RetrievalSpec.model_validate(s) for s in _json("retrieval_specs.json")["specs"])


@cache
def retrieval_typed_queries() -> dict[str, tuple[str, ...]]:
    """More short typed queries per corpus category (`retrieval_typed_queries.json`)."""
    queries: dict[str, list[str]] = _json("retrieval_typed_queries.json")["queries"]
    return {category: tuple(texts) for category, texts in queries.items()}


@cache
def synthetic_pools() -> dict[str, Any]:
    return _json("synthetic_pools.json")


class CorpusResume(BaseModel):
    doc_id: str  # position among the distinct texts, stable for a given corpus file
    category: str
    text: str


@cache
def resume_corpus() -> tuple[CorpusResume, ...]:
    """The public corpus, deduplicated by exact text (962 rows, 166 distinct resumes). The
    category stays here, in the labels: it is never part of what gets imported."""
    if not RESUME_CORPUS.exists():
        raise FileNotFoundError(f"resume corpus not found at {RESUME_CORPUS}")
    seen: dict[str, str] = {}
    with RESUME_CORPUS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            seen.setdefault(row["Resume"], row["Category"])
    return tuple(
        CorpusResume(doc_id=f"corpus-{i:03d}", category=cat, text=text)
        for i, (text, cat) in enumerate(seen.items())
    )


# -- judges and simulation ----------------------------------------------------------------------


class JudgeCalibrationItem(BaseModel):
    id: str
    rubric: str
    input: dict[str, Any]
    output: str
    human_pass: bool
    human_score: float
    why: str = ""


@cache
def judge_calibration() -> tuple[JudgeCalibrationItem, ...]:
    rows = _jsonl("judge_calibration.jsonl")
    return tuple(JudgeCalibrationItem.model_validate(r) for r in rows)


@cache
def personas() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = _json("personas.json")["personas"]
    return data


def refresh_manifest() -> list[str]:
    """Record every dataset file's hash, bumping the version of each one that changed (and
    adding new files at version 1). Returns what changed. Run after editing a dataset."""
    current = manifest() if MANIFEST.exists() else {"files": {}}
    files: dict[str, Any] = dict(current.get("files", {}))
    changed = []
    for name in _dataset_files():
        digest = file_sha256(DATASETS / name)
        entry = files.get(name)
        if entry is None:
            files[name] = {"version": 1, "sha256": digest}
            changed.append(f"{name}: added at v1")
        elif entry["sha256"] != digest:
            files[name] = {"version": int(entry["version"]) + 1, "sha256": digest}
            changed.append(f"{name}: v{entry['version']} -> v{entry['version'] + 1}")
    for name in [n for n in files if not (DATASETS / n).exists()]:
        del files[name]
        changed.append(f"{name}: removed")
    payload = {"description": "Dataset versions and hashes; see evals/README.md.", "files": files}
    MANIFEST.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--refresh"]:
        for line in refresh_manifest() or ["nothing changed"]:
            print(line)
    else:
        for line in verify_manifest() or ["datasets match the manifest"]:
            print(line)
