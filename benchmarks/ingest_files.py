"""The files an ingest benchmark uploads: real resumes in the layouts real CVs come in.

The distinct resumes of the public CSV (`/work/shared/data/resumes/`, 166 of its 962 rows
are distinct) come first; synthetic profiles (`app.synth`, their plain-text rendering) fill
up to the count, so the benchmark still runs without the corpus. Each text is written in
one layout of `evals.parsing.layouts` in turn (TXT, four DOCX shapes, two PDF shapes), so
the readers, the hidden-text passes and the parse pool all do their real share.

Rendering (python-docx, fpdf) is slow and is not what is measured: the files are kept in
`folder` with a manifest and reused when the same count and mix are asked again.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from app.synth.generator import generate_profiles, render_text
from evals.parsing.gold import GoldResume
from evals.parsing.layouts import render

SHARED_CSV = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "resumes" / "UpdatedResumeDataSet.csv"
)
# One of each shape in turn; docx-dates is docx-plain with other date styles (no new reader).
MIX = ("txt", "docx-plain", "pdf-plain", "docx-table", "docx-columns", "pdf-columns", "docx-header")


def resume_texts(count: int, seed: int) -> list[tuple[str, str]]:
    """(origin, text) for `count` distinct resumes: the public CSV's first, then synthetic."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    if SHARED_CSV.exists():
        with SHARED_CSV.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = row["Resume"].strip()
                if text and text not in seen and len(out) < count:
                    seen.add(text)
                    out.append(("public_csv", text))
    for profile in generate_profiles(max(0, count - len(out)), seed):
        out.append(("synthetic", render_text(profile)))
    return out


def build_files(folder: Path, count: int, seed: int = 15) -> dict[str, object]:
    """Write (or reuse) `count` resume files under `folder/files`; returns the manifest."""
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("count") == count and manifest.get("seed") == seed:
            return dict(manifest)
    files = folder / "files"
    files.mkdir(parents=True, exist_ok=True)
    for old in files.iterdir():
        old.unlink()
    layouts: Counter[str] = Counter()
    origins: Counter[str] = Counter()
    for i, (origin, text) in enumerate(resume_texts(count, seed)):
        layout = MIX[i % len(MIX)]
        resume = GoldResume(key=f"r{i:05d}", origin="corpus", split="test", text=text)
        render(resume, layout, files)
        layouts[layout] += 1
        origins[origin] += 1
    manifest = {
        "count": count,
        "seed": seed,
        "layouts": dict(layouts),
        "origins": dict(origins),
        "bytes": sum(p.stat().st_size for p in files.iterdir()),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return manifest


def file_list(folder: Path) -> list[Path]:
    return sorted((folder / "files").iterdir())
