"""Word (DOCX) text as a reader sees it, walked straight from the document XML.

python-docx's `paragraph.text` misses text boxes, reads merged cells once per grid column and
knows nothing of formatting, so hidden text would pass. Here the body is walked in document
order: paragraphs, tables row by row and cell by cell (nested tables inside their cell; a
merged cell once), text boxes after the paragraph that anchors them (the `mc:AlternateContent`
fallback copy of a box skipped), and the headers and footers of every section, each once.
Tabs and line breaks are kept as a reader sees them: a tab between dates and a job title is a
column boundary for the history parser. Every run is judged by `docx_visibility` and hidden
runs are counted, not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from docx.document import Document as DocxDocument
from lxml import etree

from app.candidates.parsing.docx_visibility import Styles, apply_rpr, hidden_kind, shading_fill, w
from app.candidates.parsing.visibility import RGB, HiddenTally, parse_hex

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
VML = "urn:schemas-microsoft-com:vml"
_ALTERNATE = f"{{{MC}}}AlternateContent"

# Inline containers whose children are more inline content (links, tracked insertions,
# content controls, smart tags, simple fields).
_SKIP_INLINE = frozenset({w("del"), w("moveFrom"), w("pPr"), w("rPr")})
_RUN_TEXT = {
    w("t"): None,
    w("tab"): "\t",
    w("ptab"): "\t",
    w("noBreakHyphen"): "-",
    w("cr"): "\n",
}
_BOX_HOLDERS = frozenset({w("drawing"), w("pict"), w("object"), _ALTERNATE})
_HEADER_ORDER = {"first": 0, "default": 1, "even": 2}


@dataclass
class DocxText:
    text: str
    hidden: HiddenTally


class _Walker:
    def __init__(self, styles: Styles, page: RGB | None) -> None:
        self.styles = styles
        self.page = page
        self.hidden = HiddenTally()
        self.judge_color = True  # False inside a box or cell whose background is unknown

    # -- blocks ---------------------------------------------------------------------------

    def blocks(self, container: etree._Element, behind: RGB | None) -> list[str]:
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == w("p"):
                lines.extend(self.paragraph(child, behind))
            elif tag == w("tbl"):
                lines.extend(self.table(child, behind))
            elif tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if tag == w("sdt") else child
                if content is not None:
                    lines.extend(self.blocks(content, behind))
        return lines

    def paragraph(self, p: etree._Element, behind: RGB | None) -> list[str]:
        ppr = p.find(w("pPr"))
        style = self.styles.paragraph_style(ppr)
        shading = None if ppr is None else shading_fill(ppr.find(w("shd")))
        behind = shading or self.styles.paragraph_shading(style) or behind
        pieces: list[str] = []
        boxes: list[str] = []
        hidden_before = sum(self.hidden.kinds.values())
        self.inline(p, style, behind, pieces, boxes)
        text = "".join(pieces)
        lines: list[str] = []
        # A paragraph whose every character is hidden leaves no blank line behind.
        if text.strip() or sum(self.hidden.kinds.values()) == hidden_before:
            lines.append(text)
        return lines + boxes

    def inline(
        self,
        el: etree._Element,
        style: str | None,
        behind: RGB | None,
        pieces: list[str],
        boxes: list[str],
    ) -> None:
        for child in el:
            tag = child.tag
            if tag == w("r"):
                self.run(child, style, behind, pieces, boxes)
            elif tag in _SKIP_INLINE or not isinstance(tag, str):
                continue
            elif tag == _ALTERNATE:
                # The same runs written twice for old and new Word: read one branch.
                branch = _branch(child)
                if branch is not None:
                    self.inline(branch, style, behind, pieces, boxes)
            else:
                self.inline(child, style, behind, pieces, boxes)

    def run(
        self,
        r: etree._Element,
        style: str | None,
        behind: RGB | None,
        pieces: list[str],
        boxes: list[str],
    ) -> None:
        rpr = r.find(w("rPr"))
        rstyle = None if rpr is None else rpr.find(w("rStyle"))
        char_style = None if rstyle is None else rstyle.get(w("val"))
        look = apply_rpr(self.styles.run_base(style, char_style), rpr)
        kind = hidden_kind(look, behind or self.page, self.judge_color)
        text: list[str] = []
        for child in r:
            tag = child.tag
            if tag in _RUN_TEXT:
                text.append(_RUN_TEXT[tag] or (child.text or ""))
            elif tag == w("br"):
                text.append("\n")
            elif tag in _BOX_HOLDERS and kind is None:
                boxes.extend(self.text_boxes(child, behind))
            elif tag in _BOX_HOLDERS and kind is not None:
                # A drawing anchored in a hidden run is hidden with it.
                for box, _fill in _boxes(child, self.hidden):
                    for box_text in box.iter(w("t")):
                        self.hidden.add(kind, box_text.text or "")
        joined = "".join(text)
        if kind is None:
            pieces.append(joined)
        else:
            self.hidden.add(kind, joined)

    def table(self, tbl: etree._Element, behind: RGB | None) -> list[str]:
        """A data table keeps its rows as `a | b | c`; a layout table (cells holding several
        paragraphs, as two-column resume templates use) becomes the cells' lines in order."""
        lines: list[str] = []
        styled = self.styles.table_has_fills(tbl.find(w("tblPr")))
        for tr in _children(tbl, w("tr")):
            cells: list[str] = []
            for tc in _children(tr, w("tc")):
                tcpr = tc.find(w("tcPr"))
                merge = None if tcpr is None else tcpr.find(w("vMerge"))
                if merge is not None and (merge.get(w("val")) or "continue") == "continue":
                    continue  # the lower part of a vertically merged cell: read at the top
                fill = None if tcpr is None else shading_fill(tcpr.find(w("shd")))
                text = "\n".join(
                    self.with_color_judged(fill is not None or not styled, tc, fill or behind)
                ).strip("\n")
                if text.strip():
                    cells.append(text)
            if all("\n" not in cell for cell in cells):
                if cells:
                    lines.append(" | ".join(cell.strip() for cell in cells))
            else:
                # A cell of several lines is a block of its own (a sidebar, a column): a blank
                # line keeps its last section from running into the next cell. A one-line cell
                # ("4/2016  5/2022" beside the job) stays next to what it labels.
                for j, cell in enumerate(cells):
                    if j and "\n" in cells[j - 1].strip("\n"):
                        lines.append("")
                    lines.append(cell)
        return lines

    # -- text boxes -----------------------------------------------------------------------

    def text_boxes(self, holder: etree._Element, behind: RGB | None) -> list[str]:
        lines: list[str] = []
        for box, fill in _boxes(holder, self.hidden):
            if fill == "unknown":
                lines.extend(self.with_color_judged(False, box, self.page))
            else:
                lines.extend(self.blocks(box, fill or self.page))
        return lines

    def with_color_judged(
        self, judge: bool, container: etree._Element, behind: RGB | None
    ) -> list[str]:
        outer = self.judge_color
        self.judge_color = outer and judge
        try:
            return self.blocks(container, behind)
        finally:
            self.judge_color = outer


def _attr(el: etree._Element | None, name: str) -> str | None:
    if el is None:
        return None
    value = el.get(w(name))
    return None if value is None else str(value)


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls that wrap rows or cells."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _children(content, tag)


def _shape_hidden(el: etree._Element) -> bool:
    """A drawing marked hidden, or a VML shape styled invisible."""
    if el.tag == f"{{{WP}}}docPr":
        return (el.get("hidden") or "").lower() in {"1", "true"}
    style = (el.get("style") or "").replace(" ", "").lower()
    return "visibility:hidden" in style or "display:none" in style


def _branch(alternate: etree._Element) -> etree._Element | None:
    for tag in (f"{{{MC}}}Choice", f"{{{MC}}}Fallback"):
        branch = alternate.find(tag)
        if branch is not None:
            return branch
    return None


BoxFill = RGB | Literal["unknown"] | None  # None: transparent, the page shows through


def _boxes(el: etree._Element, hidden: HiddenTally) -> Iterator[tuple[etree._Element, BoxFill]]:
    """The outermost `w:txbxContent` under `el` with the fill of the shape holding it, taking
    one branch of each `mc:AlternateContent` (Word writes every box twice: DrawingML and a
    VML fallback). The text of a shape marked hidden is counted, not read."""
    if el.tag == _ALTERNATE:
        branches = [c for c in el if c.tag in (f"{{{MC}}}Choice", f"{{{MC}}}Fallback")]
        for branch in branches:
            found = list(_boxes_in(branch, hidden, None))
            if found:
                yield from found
                return
        return
    yield from _boxes_in(el, hidden, None)


def _boxes_in(
    el: etree._Element, hidden: HiddenTally, fill: BoxFill
) -> Iterator[tuple[etree._Element, BoxFill]]:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if _shape_hidden(child):
            # docPr sits beside the graphic it names: the whole parent drawing is hidden.
            owner = el if child.tag == f"{{{WP}}}docPr" else child
            for text in owner.iter(w("t")):
                hidden.add("hidden_shape", text.text or "")
            return
        if child.tag == w("txbxContent"):
            yield child, fill
        elif child.tag == _ALTERNATE:
            yield from _boxes(child, hidden)
        elif child.tag == f"{{{WPS}}}wsp":
            yield from _boxes_in(child, hidden, _drawing_fill(child))
        elif child.tag.startswith(f"{{{VML}}}"):
            yield from _boxes_in(child, hidden, _vml_fill(child, fill))
        else:
            yield from _boxes_in(child, hidden, fill)


def _drawing_fill(shape: etree._Element) -> BoxFill:
    props = shape.find(f"{{{WPS}}}spPr")
    if props is not None:
        if props.find(f"{{{A}}}noFill") is not None:
            return None
        solid = props.find(f"{{{A}}}solidFill")
        if solid is not None:
            rgb = solid.find(f"{{{A}}}srgbClr")
            color = None if rgb is None else parse_hex(rgb.get("val"))
            return color if color is not None else "unknown"
        if any(props.find(f"{{{A}}}{tag}") is not None for tag in ("gradFill", "blipFill")):
            return "unknown"
    # No fill of its own: the shape style's fill, a theme colour we do not resolve.
    ref = shape.find(f"{{{WPS}}}style/{{{A}}}fillRef")
    return None if ref is None or ref.get("idx") in (None, "0") else "unknown"


def _vml_fill(shape: etree._Element, inherited: BoxFill) -> BoxFill:
    if shape.tag not in (f"{{{VML}}}shape", f"{{{VML}}}rect", f"{{{VML}}}roundrect"):
        return inherited
    if (shape.get("filled") or "").lower() in {"f", "false"}:
        return None
    value = shape.get("fillcolor")
    if value is None:
        return None
    return parse_hex(value.split()[0]) or "unknown"


def _header_footer_parts(document: DocxDocument, kind: str) -> list[etree._Element]:
    """Each distinct header (or footer) part referenced by any section, once."""
    body = document.element.body
    sect_prs = [*body.iter(w("sectPr"))]
    refs: list[tuple[int, str]] = []
    for sect_pr in sect_prs:
        for ref in sect_pr.iterfind(w(f"{kind}Reference")):
            rid = ref.get(f"{{{R}}}id")
            if rid:
                refs.append((_HEADER_ORDER.get(str(ref.get(w("type"))), 1), str(rid)))
    parts: list[etree._Element] = []
    seen: set[str] = set()
    related = document.part.related_parts
    for _, rid in sorted(refs, key=lambda ref: ref[0]):
        part = related.get(rid)
        element = getattr(part, "element", None)
        name = str(getattr(part, "partname", rid))
        if element is not None and name not in seen:
            seen.add(name)
            parts.append(element)
    return parts


def docx_text(document: DocxDocument) -> DocxText:
    styles = Styles(document.styles.element)
    background = document.element.find(w("background"))
    page = parse_hex(_attr(background, "color"))
    walker = _Walker(styles, page)
    lines: list[str] = []
    seen: set[str] = set()

    def add_once(part_lines: list[str]) -> None:
        # Several sections often carry identical copies of the same header.
        text = "\n".join(part_lines).strip()
        if text and text not in seen:
            seen.add(text)
            lines.extend(part_lines)

    for header in _header_footer_parts(document, "header"):
        add_once(walker.blocks(header, page))
    lines.extend(walker.blocks(document.element.body, page))
    for footer in _header_footer_parts(document, "footer"):
        add_once(walker.blocks(footer, page))
    return DocxText("\n".join(lines), walker.hidden)
