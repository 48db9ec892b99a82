"""PDF, DOCX and plain-text readers: one resume per file, one `RawRecord` or `ReadError`.

Each reader returns rather than raises: parsing libraries fail on hostile or damaged files in
many ways (pypdf and python-docx raise a dozen exception types between them), and every one
of those must become a message the uploader can act on.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pypdf
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from app.candidates.parsing.cleaning import clean_text
from app.candidates.parsing.limits import text_too_long
from app.candidates.profile import RawRecord, ReadError

# Bytes that occur in text: tab, newline, CR, form feed, printable ASCII and all high bytes
# (UTF-8 sequences). Whatever remains after deleting these is a control byte.
_TEXT_BYTES = bytes([9, 10, 12, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])
_MAX_CONTROL_SHARE = 0.02
_MAX_HIGH_SHARE_NON_UTF8 = 0.3  # legacy-encoded text is mostly ASCII; junk is not


def _finish(label: str, text: str, max_chars: int, empty_error: str) -> RawRecord | ReadError:
    text = clean_text(text)
    if not any(ch.isalpha() for ch in text):
        return ReadError(file=label, error=empty_error)
    too_long = text_too_long(text, max_chars)
    if too_long:
        return ReadError(file=label, error=too_long)
    return RawRecord(source=label, text=text)


def read_pdf(file: Path, label: str, max_chars: int) -> RawRecord | ReadError:
    try:
        with file.open("rb") as handle:
            reader = pypdf.PdfReader(handle)
            # Many PDFs are "encrypted" with an empty user password just to restrict editing.
            if reader.is_encrypted and not reader.decrypt(""):
                return ReadError(file=label, error=_ENCRYPTED_PDF)
            pages = [page.extract_text() or "" for page in reader.pages]
    except (FileNotDecryptedError, DependencyError):
        # DependencyError: AES-encrypted, and opening it would need the `cryptography` extra.
        return ReadError(file=label, error=_ENCRYPTED_PDF)
    except PdfReadError as exc:
        return ReadError(file=label, error=f"not a valid PDF file (damaged or truncated): {exc}")
    except Exception as exc:  # pypdf raises assorted built-in errors on damaged input
        return ReadError(file=label, error=f"not a valid PDF file ({type(exc).__name__}: {exc})")
    return _finish(
        label,
        "\n\n".join(pages),
        max_chars,
        "no text found: this PDF looks scanned (image only); export it with text or OCR it first",
    )


_ENCRYPTED_PDF = "PDF is password-protected; remove the password (print to PDF) and try again"


def _table_lines(table: Table) -> list[str]:
    """A data table keeps its rows as `a | b | c`; a layout table (cells holding paragraphs,
    as many resume templates use for two columns) becomes the cells' text one after another."""
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = cell.text.strip()
            # Merged cells repeat in `row.cells`; keep each once.
            if text and (not cells or cells[-1] != text):
                cells.append(text)
            for nested in cell.tables:
                lines.extend(_table_lines(nested))
        if all("\n" not in cell for cell in cells):
            lines.append(" | ".join(cells))
        else:
            lines.extend(cells)
    return lines


def _docx_text(document: DocxDocument) -> str:
    lines: list[str] = []
    first = document.sections[0] if len(document.sections) else None
    # Names and contact lines often sit in the page header; read it unless it is inherited.
    if first is not None and not first.header.is_linked_to_previous:
        lines.extend(p.text for p in first.header.paragraphs)
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.extend(_table_lines(block))
    return "\n".join(lines)


def read_docx(file: Path, label: str, max_chars: int) -> RawRecord | ReadError:
    try:
        text = _docx_text(docx.Document(str(file)))
    except (zipfile.BadZipFile, PackageNotFoundError):
        return ReadError(file=label, error=_NOT_DOCX)
    except Exception as exc:  # python-docx/lxml raise many types on malformed packages
        return ReadError(file=label, error=f"not a valid DOCX file ({type(exc).__name__}: {exc})")
    return _finish(label, text, max_chars, "no text found in this DOCX file")


_NOT_DOCX = (
    "not a valid DOCX file (not a Word document package; an old .doc file must be saved "
    "as .docx first)"
)


def _decode_text_bytes(raw: bytes) -> str | None:
    """Decoded text, or None when the bytes look like a binary file rather than text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in raw:
        return None
    controls = len(raw.translate(None, _TEXT_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(raw):
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        high = len(raw) - len(raw.translate(None, bytes(range(0x80, 0x100))))
        if high > _MAX_HIGH_SHARE_NON_UTF8 * len(raw):
            return None
        return raw.decode("cp1252", errors="replace")


def read_text_file(file: Path, label: str, max_chars: int) -> RawRecord | ReadError:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return ReadError(file=label, error=f"cannot read file: {exc.strerror or exc}")
    if not raw.strip():
        return ReadError(file=label, error="file is empty")
    text = _decode_text_bytes(raw)
    if text is None:
        return ReadError(file=label, error="file looks binary, not text")
    if not text.strip():
        return ReadError(file=label, error="file is empty")
    return _finish(label, text, max_chars, "no text found in this file")
