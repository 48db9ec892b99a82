"""Documents of a multi-file import are read ahead in the capped parse pool, in file order,
and a file that kills the pool fails alone: the files in flight beside it read normally."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from app.candidates.parsing import prefetch
from app.candidates.parsing.isolation import ParseLimits, Submitted
from app.candidates.parsing.readers import read_many
from app.candidates.profile import RawRecord, ReadError
from tests.bombs import numbered_paragraphs_docx


def _docx(path: Path, line: str) -> Path:
    document = docx.Document()
    document.add_paragraph(path.stem.title())
    document.add_paragraph(line)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # ~16 s of CPU to parse: far past a 1 s budget.
    return numbered_paragraphs_docx(tmp_path_factory.mktemp("bomb") / "numbered.docx", 1_200_000)


def _files(folder: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        if i % 3 == 2:
            path = folder / f"person{i}.txt"
            path.write_text(f"Person {i}\nNurse number {i} in Leeds.\n")
            out.append(path)
        else:
            out.append(_docx(folder / f"person{i}.docx", f"Engineer number {i} in Pune."))
    return out


def test_many_documents_come_back_in_file_order(tmp_path: Path) -> None:
    files = _files(tmp_path, 9)
    files.insert(4, tmp_path / "missing.docx")
    results = list(read_many(files, isolate=ParseLimits(workers=2)))
    assert [r.file if isinstance(r, ReadError) else r.source for r in results] == [
        f.name if f.exists() else str(f) for f in files
    ]
    records = [r for r in results if isinstance(r, RawRecord)]
    assert len(records) == 9
    for record in records:
        number = "".join(ch for ch in Path(record.source).stem if ch.isdigit())
        assert f"number {number} " in (record.text or ""), record.text
    assert isinstance(results[4], ReadError) and "no such file" in results[4].error


def test_a_file_that_kills_the_pool_fails_alone_and_its_neighbours_read(
    tmp_path: Path, bomb: Path
) -> None:
    files = _files(tmp_path, 6)
    files.insert(1, bomb)  # in flight with the files around it when its worker is killed
    limits = ParseLimits(memory_mb=4096, cpu_seconds=1, workers=2)
    results = list(read_many(files, isolate=limits))
    assert len(results) == len(files)
    failed = [r for r in results if isinstance(r, ReadError)]
    assert [r.file for r in failed] == [bomb.name], failed
    assert "not read" in failed[0].error
    assert all(isinstance(r, RawRecord) and r.text for r in results if r not in failed)
    # Still in order after the pool was rebuilt.
    assert [getattr(r, "source", getattr(r, "file", None)) for r in results] == [
        f.name for f in files
    ]


def test_later_documents_are_in_the_pool_before_the_first_is_returned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submitted: list[str] = []
    real = prefetch.submit_isolated

    def spy(file: Path, label: str, max_chars: int, limits: ParseLimits) -> Submitted:
        submitted.append(label)
        return real(file, label, max_chars, limits)

    monkeypatch.setattr(prefetch, "submit_isolated", spy)
    files = _files(tmp_path, 12)  # 8 DOCX, 4 TXT
    stream = read_many(files, isolate=ParseLimits(workers=2))
    first = next(stream)
    assert isinstance(first, RawRecord) and first.source == "person0.docx"
    assert len(submitted) == 4  # two per worker ahead, no more (bounded memory)
    rest = list(stream)
    assert len(rest) == 11 and all(isinstance(r, RawRecord) for r in rest)
    assert submitted == [f.name for f in files if f.suffix == ".docx"]
