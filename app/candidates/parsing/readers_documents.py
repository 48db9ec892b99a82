"""PDF, DOCX and plain-text readers: one resume per file, one `RawRecord` or `ReadError`.

The document readers (`pdf_reader`, `docx_reader`) return only the text a reader of the file
can see; what they dropped as hidden is counted on the record (`hidden_text`) for the import
summary.

Each reader returns rather than raises: parsing libraries fail on hostile or damaged files in
many ways (pypdf and python-docx raise a dozen exception types between them), and every one
of those must become a message the uploader can act on.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pypdf
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from app.candidates.parsing.cleaning import clean_text
from app.candidates.parsing.docx_reader import docx_text
from app.candidates.parsing.limits import text_too_long
from app.candidates.parsing.package_limits import docx_package_problem, pdf_counts_problem
from app.candidates.parsing.pdf_reader import pdf_text
from app.candidates.parsing.visibility import HiddenTally
from app.candidates.profile import RawRecord, ReadError

# Bytes that occur in text: tab, newline, CR, form feed, printable ASCII and all high bytes
# (UTF-8 sequences). Whatever remains after deleting these is a control byte.
_TEXT_BYTES = bytes([9, 10, 12, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])
_MAX_CONTROL_SHARE = 0.02
_MAX_HIGH_SHARE_NON_UTF8 = 0.3  # legacy-encoded text is mostly ASCII; junk is not


def _finish(
    label: str,
    text: str,
    max_chars: int,
    empty_error: str,
    hidden: HiddenTally | None = None,
) -> RawRecord | ReadError:
    text = clean_text(text)
    hidden_kinds = {} if hidden is None else hidden.as_dict()
    if not any(ch.isalpha() for ch in text):
        if hidden_kinds:
            return ReadError(file=label, error=_all_hidden(hidden_kinds))
        return ReadError(file=label, error=empty_error)
    too_long = text_too_long(text, max_chars)
    if too_long:
        return ReadError(file=label, error=too_long)
    return RawRecord(source=label, text=text, hidden_text=hidden_kinds)


def _all_hidden(kinds: dict[str, int]) -> str:
    total = sum(kinds.values())
    how = ", ".join(f"{kind} {n}" for kind, n in kinds.items())
    return (
        f"no visible text: all {total:,} characters in this file are hidden from a reader "
        f"({how}); send the document as the candidate sees it"
    )


def read_pdf(file: Path, label: str, max_chars: int) -> RawRecord | ReadError:
    try:
        with file.open("rb") as handle:
            # pypdf first: its errors for encrypted and damaged files are the clearest.
            reader = pypdf.PdfReader(handle)
            # Many PDFs are "encrypted" with an empty user password just to restrict editing.
            if reader.is_encrypted and not reader.decrypt(""):
                return ReadError(file=label, error=_ENCRYPTED_PDF)
            # Counted from the cross-reference table and page tree before any text is read.
            objects = int(reader.trailer.get("/Size", 0) or 0)
            too_many = pdf_counts_problem(len(reader.pages), objects)
            if too_many:
                return ReadError(file=label, error=too_many)
            if len(reader.pages) == 0:
                return ReadError(file=label, error="not a valid PDF file: it has no pages")
            handle.seek(0)
            extracted = pdf_text(handle)
    except (FileNotDecryptedError, DependencyError, PDFPasswordIncorrect, PDFEncryptionError):
        # DependencyError: AES-encrypted, and opening it would need the `cryptography` extra.
        return ReadError(file=label, error=_ENCRYPTED_PDF)
    except PdfReadError as exc:
        return ReadError(file=label, error=f"not a valid PDF file (damaged or truncated): {exc}")
    except MemoryError:
        raise  # the isolated reader's memory cap: reported as such, not as a damaged file
    except Exception as exc:  # pypdf and pdfminer raise assorted built-in errors on damage
        return ReadError(file=label, error=f"not a valid PDF file ({type(exc).__name__}: {exc})")
    return _finish(
        label,
        "\n\n".join(extracted.pages),
        max_chars,
        "no text found: this PDF looks scanned (image only); export it with text or OCR it first",
        extracted.hidden,
    )


_ENCRYPTED_PDF = "PDF is password-protected; remove the password (print to PDF) and try again"


def read_docx(file: Path, label: str, max_chars: int) -> RawRecord | ReadError:
    bomb = docx_package_problem(file)
    if bomb:
        return ReadError(file=label, error=bomb)
    try:
        extracted = docx_text(docx.Document(str(file)))
    except (zipfile.BadZipFile, PackageNotFoundError):
        return ReadError(file=label, error=_NOT_DOCX)
    except MemoryError:
        raise
    except etree.XMLSyntaxError as exc:
        # libxml2 reports a failed allocation (the isolated reader's cap) as a syntax error.
        if "unknown error" in str(exc) or "Memory allocation failed" in str(exc):
            raise MemoryError(str(exc)) from exc
        return ReadError(file=label, error=f"not a valid DOCX file (XMLSyntaxError: {exc})")
    except Exception as exc:  # python-docx/lxml raise many types on malformed packages
        return ReadError(file=label, error=f"not a valid DOCX file ({type(exc).__name__}: {exc})")
    return _finish(
        label, extracted.text, max_chars, "no text found in this DOCX file", extracted.hidden
    )


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
