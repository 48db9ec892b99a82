"""Readers: every supported format, and every way a file can be bad, as a `ReadError`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from app.candidates.parsing.cleaning import clean_text, fix_mojibake
from app.candidates.parsing.limits import DEFAULT_MAX_RECORD_CHARS
from app.candidates.parsing.readers import read_path
from app.candidates.profile import RawRecord, ReadError

RESUME = (
    "Jane Doe\nSenior Data Engineer\njane.doe@example.com | +1 (415) 555-0134\n\n"
    "Experience\nData Engineer at Acme Corp (Jan 2018 - Present)\nBuilt Spark pipelines.\n\n"
    "Skills\nPython, SQL, Apache Spark\n"
)


def read_all(
    path: Path,
    column_map: dict[str, str] | None = None,
    *,
    max_bytes: int | None = None,
    max_record_chars: int = DEFAULT_MAX_RECORD_CHARS,
) -> list[RawRecord | ReadError]:
    return list(read_path(path, column_map, max_bytes=max_bytes, max_record_chars=max_record_chars))


def records(results: list[RawRecord | ReadError]) -> list[RawRecord]:
    return [r for r in results if isinstance(r, RawRecord)]


def errors(results: list[RawRecord | ReadError]) -> list[ReadError]:
    return [r for r in results if isinstance(r, ReadError)]


def only_error(results: list[RawRecord | ReadError]) -> ReadError:
    assert len(results) == 1, results
    assert isinstance(results[0], ReadError), results
    return results[0]


def write_pdf(path: Path, text: str | None) -> Path:
    pdf = FPDF()
    pdf.add_page()
    if text is None:
        pdf.rect(20, 20, 120, 80, style="F")  # a "scan": graphics, no text layer
    else:
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


# -- cleaning -----------------------------------------------------------------------------------


def test_mojibake_is_repaired_and_real_accents_are_kept() -> None:
    assert fix_mojibake("NaÃ¯ve Bayes") == "Naïve Bayes"
    assert fix_mojibake("â\x80¢ Python") == "• Python"
    assert fix_mojibake("Itâ€™s") == "It’s"
    assert fix_mojibake("Straße“ café Ñandú") == "Straße“ café Ñandú"


def test_clean_text_normalizes_line_ends_and_is_idempotent() -> None:
    cleaned = clean_text("a\r\nb\rc\u200b \uf0b7 NaÃ¯ve\x00")
    assert cleaned == "a\nb\nc • Naïve"
    assert clean_text(cleaned) == cleaned


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_detects_columns_by_header_synonyms(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text(
        "Full Name,E-mail,Resume Text,Skills,Label\n"
        'Jane Doe,jane@example.com,"Data engineer.\r\nPython, SQL",Python; SQL,Data\n',
        encoding="utf-8",
    )
    [record] = read_all(path)
    assert isinstance(record, RawRecord)
    assert record.source == "pool.csv#row=1"
    assert record.text == "Data engineer.\nPython, SQL"
    assert record.fields == {
        "name": "Jane Doe",
        "email": "jane@example.com",
        "category": "Data",
        "skills": ["Python", "SQL"],
    }


def test_csv_explicit_column_map_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text("cv_body;title\nSome resume text;Analyst\n", encoding="utf-8")
    [record] = read_all(path, column_map={"text": "CV_Body", "headline": "title"})
    assert isinstance(record, RawRecord)
    assert record.text == "Some resume text"
    assert record.fields == {"headline": "Analyst"}


def test_csv_column_map_naming_a_missing_column_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    error = only_error(read_all(path, column_map={"text": "resume"}))
    assert "'resume'" in error.error and "'a', 'b'" in error.error


def test_csv_without_usable_columns_is_one_error_naming_them(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("Foo,Bar\n1,2\n3,4\n", encoding="utf-8")
    error = only_error(read_all(path))
    assert error.file == "wrong.csv"
    assert "'Foo', 'Bar'" in error.error
    assert "resume" in error.error and "name/skills" in error.error


def test_csv_empty_row_is_an_error_and_reading_continues(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text("Category,Resume\nA,first resume\n,\nB,third resume\n", encoding="utf-8")
    results = read_all(path)
    assert [r.source for r in records(results)] == ["pool.csv#row=1", "pool.csv#row=3"]
    [error] = errors(results)
    assert error.file == "pool.csv#row=2"
    assert error.error == "row is empty"


def test_csv_reads_legacy_encoded_cells(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes('text\n"José Núñez, café"\n'.encode("cp1252"))
    [record] = read_all(path)
    assert isinstance(record, RawRecord)
    assert record.text == "José Núñez, café"


def test_csv_with_header_only_reports_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text("Category,Resume\n", encoding="utf-8")
    assert "no data rows" in only_error(read_all(path)).error


def test_csv_record_over_the_text_cap_is_an_error_for_that_row(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text(f"text\nshort\n{'x' * 500}\n", encoding="utf-8")
    results = read_all(path, max_record_chars=100)
    assert len(records(results)) == 1
    [error] = errors(results)
    assert error.file == "pool.csv#row=2"
    assert "500 characters" in error.error and "100-character limit" in error.error


def test_csv_cells_larger_than_the_csv_module_default_are_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    big = "word " * 40_000  # 200 KB, past csv's 128 KB default field limit
    path.write_text(f'Resume\n"{big}"\n', encoding="utf-8")
    results = read_all(path, max_record_chars=1_000_000)
    assert len(records(results)) == 1


# -- JSONL --------------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_errors_and_good_lines_still_read(tmp_path: Path) -> None:
    good = {
        "id": "c1",
        "name": "Jane Doe",
        "experience": [{"title": "Analyst", "company": "Acme"}],
        "skills": ["SQL"],
    }
    path = tmp_path / "pool.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(good),
                '{"name": "broken",',
                "",
                "[1, 2]",
                json.dumps({"text": "Plain resume text", "name": "Sam Roe"}),
                json.dumps({"text": 42}),
                "{}",
            ]
        ),
        encoding="utf-8",
    )
    results = read_all(path)
    good_records = records(results)
    assert [r.source for r in good_records] == ["pool.jsonl#line=1", "pool.jsonl#line=5"]
    assert good_records[0].text is None
    assert good_records[0].fields["name"] == "Jane Doe"
    assert good_records[1].text == "Plain resume text"
    assert "text" not in good_records[1].fields
    by_line = {e.file: e.error for e in errors(results)}
    assert by_line["pool.jsonl#line=2"].startswith("invalid JSON:")
    assert by_line["pool.jsonl#line=4"] == "expected a JSON object per line, got an array"
    assert by_line["pool.jsonl#line=6"] == "'text' must be a string"
    assert by_line["pool.jsonl#line=7"] == "record has no text and no profile fields"
    assert len(by_line) == 4


def test_ndjson_extension_is_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "pool.ndjson"
    path.write_text('{"text": "hello resume"}\n', encoding="utf-8")
    assert len(records(read_all(path))) == 1


# -- PDF ----------------------------------------------------------------------------------------


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "jane.pdf", RESUME.replace("|", "-"))
    [record] = read_all(path)
    assert isinstance(record, RawRecord)
    assert record.source == "jane.pdf"
    assert record.text is not None
    assert "Data Engineer at Acme Corp (Jan 2018 - Present)" in record.text


def test_scanned_pdf_without_text_is_an_actionable_error(tmp_path: Path) -> None:
    error = only_error(read_all(write_pdf(tmp_path / "scan.pdf", None)))
    assert error.error.startswith("no text found: this PDF looks scanned (image only)")
    assert "OCR" in error.error


def test_corrupt_pdf_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    assert only_error(read_all(path)).error.startswith("not a valid PDF file")


def test_password_protected_pdf_is_an_error(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Secret resume")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    assert "password-protected" in only_error(read_all(path)).error


# -- DOCX ---------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_are_read_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Jane Doe")
    document.add_paragraph("Education")
    table = document.add_table(rows=1, cols=3)
    values = ["B.Sc. Computer Science", "MIT", "2015"]
    for cell, value in zip(table.rows[0].cells, values, strict=True):
        cell.text = value
    document.add_paragraph("Skills")
    document.add_paragraph("Python, SQL")
    path = tmp_path / "jane.docx"
    document.save(str(path))
    [record] = read_all(path)
    assert isinstance(record, RawRecord)
    assert record.text == (
        "Jane Doe\nEducation\nB.Sc. Computer Science | MIT | 2015\nSkills\nPython, SQL"
    )


def test_corrupt_docx_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    path.write_bytes(os.urandom(4096))
    assert only_error(read_all(path)).error.startswith("not a valid DOCX file")


# -- TXT and generic file problems --------------------------------------------------------------


def test_txt_utf8_and_cp1252_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Résumé\r\nPython", encoding="utf-8")
    (tmp_path / "b.md").write_bytes("# José\n\nSkills: café ordering".encode("cp1252"))
    texts = [r.text for r in records(read_all(tmp_path))]
    assert texts == ["Résumé\nPython", "# José\n\nSkills: café ordering"]


def test_binary_junk_txt_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(1, 256)) * 20)
    assert only_error(read_all(path)).error == "file looks binary, not text"
    with_nul = tmp_path / "nul.txt"
    with_nul.write_bytes(b"hello\x00world" * 10)
    assert only_error(read_all(with_nul)).error == "file looks binary, not text"


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.csv"])
def test_zero_byte_files_are_empty(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert only_error(read_all(path)).error == "file is empty"


@pytest.mark.parametrize("name", ["blank.txt", "blank.csv", "blank.jsonl"])
def test_whitespace_only_files_are_empty(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("  \n\n\t \n", encoding="utf-8")
    assert only_error(read_all(path)).error == "file is empty"


def test_file_over_the_size_limit_is_an_error_naming_both(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("resume text " * 1000, encoding="utf-8")
    error = only_error(read_all(path, max_bytes=1024))
    assert "11.7 KB" in error.error or "12 KB" in error.error
    assert "1 KB limit" in error.error


def test_unsupported_extension_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "resume.xyz"
    path.write_text("text", encoding="utf-8")
    error = only_error(read_all(path))
    assert error.error == "unsupported file type .xyz; use CSV, JSONL, PDF, DOCX or TXT"


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    assert only_error(read_all(tmp_path / "nope.csv")).error == "no such file or directory"


def test_directory_is_walked_recursively_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("second resume", encoding="utf-8")
    (tmp_path / "a.txt").write_text("first resume", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("nested resume", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("skip me", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("skip me too", encoding="utf-8")
    (tmp_path / "~$lock.docx").write_bytes(b"lock")
    (tmp_path / "notes.xyz").write_text("?", encoding="utf-8")
    results = read_all(tmp_path)
    assert [r.source for r in records(results)] == ["a.txt", "b.txt", "sub/c.txt"]
    assert [e.file for e in errors(results)] == ["notes.xyz"]
