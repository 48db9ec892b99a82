"""Decompression bombs, generated in a second or two: deflate of repeated bytes is tiny.

`single_node_docx` is one `<w:t>` holding `inflated` bytes (the attack used 1 GiB);
`paragraph_docx` is `inflated` bytes of one-letter paragraphs (128 MiB in the attack), the
kind that costs a parser per element. Both are otherwise well-formed Word packages.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
_TAIL = b"</w:body></w:document>"
_CHUNK = 1024 * 1024


def _package(path: Path, head: bytes, unit: bytes, inflated: int, tail: bytes) -> Path:
    repeat = unit * max(1, _CHUNK // len(unit))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as doc:
            doc.write(head)
            written = 0
            while written < inflated:
                piece = repeat[: inflated - written]
                doc.write(piece)
                written += len(piece)
            doc.write(tail)
    return path


def single_node_docx(path: Path, inflated: int = 2**30) -> Path:
    return _package(path, _HEAD + b"<w:p><w:r><w:t>", b"A", inflated, b"</w:t></w:r></w:p>" + _TAIL)


def paragraph_docx(path: Path, inflated: int = 128 * 2**20) -> Path:
    return _package(path, _HEAD, b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", inflated, _TAIL)


def numbered_paragraphs_docx(path: Path, count: int) -> Path:
    """Within every package limit (numbered paragraphs inflate ~20 times, not 1,000), yet
    millions of elements: what only the parse worker's memory cap stops."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as doc:
            doc.write(_HEAD)
            for start in range(0, count, 10_000):
                stop = min(count, start + 10_000)
                doc.write(
                    "".join(
                        f"<w:p><w:r><w:t>{i}</w:t></w:r></w:p>" for i in range(start, stop)
                    ).encode()
                )
            doc.write(_TAIL)
    return path
