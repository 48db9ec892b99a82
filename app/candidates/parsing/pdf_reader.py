"""PDF text in reading order, visible glyphs only (pdfminer.six layout + `pdf_visibility`).

pypdf's `extract_text` returns glyphs in content-stream order and knows nothing of colour,
render mode or the page box, so invisible text came through, and a two-column CV could come
out with its columns interleaved line by line. pdfminer gives each glyph with its colour, size
and position; we drop the hidden ones, let pdfminer build text lines, and order the lines
ourselves: a page with a gutter (a vertical strip that text lines do not cross, with a
left-aligned column on each side) is read left column then right column, band by band, with
full-width lines (a header across the top) breaking the bands.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from pdfminer.layout import LAParams, LTContainer, LTItem, LTPage, LTTextLine
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage

from app.candidates.parsing.pdf_visibility import VisibleTextDevice, VisibleTextInterpreter
from app.candidates.parsing.visibility import HiddenTally

_MAX_PAGES = 50  # a CV; the record-size cap stops anything longer anyway
_GUTTER_RANGE = (0.2, 0.8)  # where on the page a column gutter may lie (share of the width)
_GUTTER_STEP = 2.0  # points
_MIN_COLUMN_LINES = 3
_MAX_CROSSING_SHARE = 0.1  # lines that may cross a gutter (full-width headings, a footer)


@dataclass(frozen=True)
class _Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return max(1.0, self.y1 - self.y0)


@dataclass
class PdfText:
    pages: list[str]
    hidden: HiddenTally


def pdf_text(handle: BinaryIO) -> PdfText:
    manager = PDFResourceManager()
    # boxes_flow=None: we order lines ourselves, so skip pdfminer's costly box grouping.
    device = VisibleTextDevice(manager, laparams=LAParams(all_texts=True, boxes_flow=None))
    interpreter = VisibleTextInterpreter(manager, device)
    pages: list[str] = []
    for number, page in enumerate(PDFPage.get_pages(handle, password="")):
        if number >= _MAX_PAGES:
            break
        interpreter.process_page(page)
        layout = device.get_result()
        pages.append(_page_text(layout))
    return PdfText(pages, device.hidden)


def _lines(item: LTItem) -> Iterator[_Line]:
    if isinstance(item, LTTextLine):
        text = item.get_text().strip()
        if text:
            yield _Line(item.x0, item.y0, item.x1, item.y1, text)
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _lines(child)


def _page_text(page: LTPage) -> str:
    lines = list(_lines(page))
    gutter = _find_gutter(lines, page.x0, page.x1)
    if gutter is None:
        return _join(_rows(lines))
    blocks: list[str] = []
    for band in _bands(lines, gutter):
        blocks.append(_join(band))
    return "\n\n".join(block for block in blocks if block)


def _crosses(line: _Line, x: float) -> bool:
    return line.x0 < x < line.x1


def _find_gutter(lines: list[_Line], left: float, right: float) -> float | None:
    """The x of a column gutter, or None for a single-column page."""
    if len(lines) < 2 * _MIN_COLUMN_LINES:
        return None
    width = right - left
    best: tuple[int, int, float] | None = None  # (crossing, -smaller side, x)
    x = left + width * _GUTTER_RANGE[0]
    while x <= left + width * _GUTTER_RANGE[1]:
        crossing = sum(_crosses(line, x) for line in lines)
        lefts = sum(line.x1 <= x for line in lines)
        rights = len(lines) - crossing - lefts
        key = (crossing, -min(lefts, rights), x)
        # Only a strip with a real column on each side can be a gutter.
        if min(lefts, rights) >= _MIN_COLUMN_LINES and (best is None or key < best):
            best = key
        x += _GUTTER_STEP
    if best is None:
        return None
    crossing, neg_smaller, gutter = best
    if -neg_smaller < _MIN_COLUMN_LINES or crossing > _MAX_CROSSING_SHARE * len(lines):
        return None
    left_col = [line for line in lines if line.x1 <= gutter]
    right_col = [line for line in lines if line.x0 >= gutter]
    if not (_left_aligned(left_col) and _left_aligned(right_col)):
        return None  # e.g. right-aligned dates beside job titles: one column, two tab stops
    # The columns must run side by side, not one above the other.
    overlap = min(_top(left_col), _top(right_col)) - max(_bottom(left_col), _bottom(right_col))
    shorter = min(_top(c) - _bottom(c) for c in (left_col, right_col))
    if overlap <= 0.3 * max(shorter, 1.0):
        return None
    # Centre the gutter in the free strip so text at its edges stays on the right side.
    free_left = max((line.x1 for line in left_col), default=gutter)
    free_right = min((line.x0 for line in right_col), default=gutter)
    return (free_left + free_right) / 2


def _aligned_share(edges: list[float]) -> float:
    """Share of `edges` within ~3 pt of the commonest one."""
    buckets = [round(edge / 3) for edge in edges]
    common = statistics.mode(buckets)
    return sum(abs(b - common) <= 1 for b in buckets) / len(buckets)


def _left_aligned(column: list[_Line]) -> bool:
    """Most lines start at one x, and the ends are no more aligned than the starts (a
    right-aligned run of dates has ragged starts and one end: tab stops, not a column)."""
    starts = _aligned_share([line.x0 for line in column])
    ends = _aligned_share([line.x1 for line in column])
    return starts >= 0.5 and starts >= ends


def _top(column: list[_Line]) -> float:
    return max(line.y1 for line in column)


def _bottom(column: list[_Line]) -> float:
    return min(line.y0 for line in column)


def _bands(lines: list[_Line], gutter: float) -> Iterator[list[list[_Line]]]:
    """Rows of the page grouped into bands separated by lines crossing the gutter; each band
    read as: lines above where both columns begin, left column, right column."""
    ordered = sorted(lines, key=lambda line: (-line.y1, line.x0))
    band: list[_Line] = []
    for line in ordered:
        if _crosses(line, gutter):
            if band:
                yield from _band_rows(band, gutter)
                band = []
            yield [[line]]
        else:
            band.append(line)
    if band:
        yield from _band_rows(band, gutter)


def _band_rows(band: list[_Line], gutter: float) -> Iterator[list[list[_Line]]]:
    left = [line for line in band if line.x1 <= gutter]
    right = [line for line in band if line.x0 >= gutter]
    if not left or not right:
        yield _rows(band)
        return
    both_start = min(_top(left), _top(right))
    preamble = [line for line in band if line.y0 > both_start]
    if preamble:
        yield _rows(preamble)
    for column in (left, right):
        rest = [line for line in column if line.y0 <= both_start]
        if rest:
            yield _rows(rest)


def _rows(lines: Iterable[_Line]) -> list[list[_Line]]:
    """Lines grouped into rows (fragments on one baseline, left to right), top to bottom."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda line: (-line.y1, line.x0)):
        if rows:
            last = rows[-1][0]
            overlap = min(last.y1, line.y1) - max(last.y0, line.y0)
            if overlap > 0.5 * min(last.height, line.height):
                rows[-1].append(line)
                continue
        rows.append([line])
    return [sorted(row, key=lambda line: line.x0) for row in rows]


def _join(rows: list[list[_Line]]) -> str:
    """Rows as lines of text: fragments of one row joined by a tab (a gap a reader sees as a
    column: dates set apart from a title), a blank line where the gap above a row is clearly
    wider than the usual line spacing (a new paragraph or section)."""
    gaps = [above[0].y0 - below[0].y1 for above, below in itertools.pairwise(rows)]
    usual = statistics.median(gaps) if gaps else 0.0
    out: list[str] = []
    for i, row in enumerate(rows):
        if i and gaps[i - 1] > max(usual, 0.0) + 0.5 * min(rows[i - 1][0].height, row[0].height):
            out.append("")
        out.append("\t".join(line.text for line in row))
    return "\n".join(out)
