"""Limits checked BEFORE a document is parsed: a small file must not inflate into gigabytes.

A DOCX is a zip; 1 MB on disk can declare a 1 GiB `document.xml` (one text node) or 128 MiB
of tiny paragraphs, and python-docx would inflate and parse all of it. The zip's central
directory states every entry's inflated size, and Python's zipfile never reads past it, so
checking the directory bounds what parsing can allocate. A PDF's page count and object
count are checked the same way before any text is extracted.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.candidates.parsing.limits import describe_size

MAX_ZIP_ENTRIES = 1_000  # a Word resume has 10-40 parts
MAX_ENTRY_BYTES = 50 * 1024 * 1024  # inflated, per part
MAX_INFLATED_BYTES = 100 * 1024 * 1024  # inflated, all parts together
MAX_RATIO = 100  # inflated / compressed, for parts over RATIO_FLOOR; real XML is 5-20
RATIO_FLOOR = 1024 * 1024
MAX_PDF_PAGES = 300
MAX_PDF_OBJECTS = 500_000


def docx_package_problem(path: Path) -> str | None:
    """Why this DOCX must not be parsed, or None. Reads only the zip's directory."""
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip: the reader says so in its own words
    if len(entries) > MAX_ZIP_ENTRIES:
        return f"DOCX has {len(entries):,} parts, over the {MAX_ZIP_ENTRIES:,} limit"
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > MAX_ENTRY_BYTES:
            return (
                f"DOCX part {entry.filename[:80]} inflates to {describe_size(entry.file_size)}, "
                f"over the {describe_size(MAX_ENTRY_BYTES)} limit; not read (a zip bomb?)"
            )
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            ratio = entry.file_size // max(entry.compress_size, 1)
            return (
                f"DOCX part {entry.filename[:80]} inflates {ratio:,} times (over {MAX_RATIO}); "
                "not read (a zip bomb?)"
            )
    if total > MAX_INFLATED_BYTES:
        return (
            f"DOCX inflates to {describe_size(total)}, over the "
            f"{describe_size(MAX_INFLATED_BYTES)} limit; not read (a zip bomb?)"
        )
    return None


def pdf_counts_problem(pages: int, objects: int) -> str | None:
    if pages > MAX_PDF_PAGES:
        return f"PDF has {pages:,} pages, over the {MAX_PDF_PAGES} limit for one resume"
    if objects > MAX_PDF_OBJECTS:
        return f"PDF has {objects:,} objects, over the {MAX_PDF_OBJECTS:,} limit; not read"
    return None
