"""A pdfminer layout device that drops every glyph a reader cannot see, before layout.

pdfminer's `LTChar` carries its colour, size and position but not the text render mode, so the
mode is captured from the text state as each string is drawn. A glyph is hidden when it is
drawn invisibly (render mode 3, or 7: clip only), in a colour too close to what lies beneath it
(the topmost filled shape under it, else white paper), under ~4 pt tall after the text matrix
(so a 12 pt font scaled by 0.1 is tiny too), outside the visible page (media box clipped to
crop box), fully transparent, or covered by an opaque rectangle painted after it. Filled
shapes are remembered so white text on a dark sidebar stays visible.
"""

from __future__ import annotations

from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTCurve, LTRect
from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFStackT, PDFTextState
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import dict_value, resolve1
from pdfminer.psparser import PSLiteral, literal_name
from pdfminer.utils import Matrix, Rect, apply_matrix_rect

from app.candidates.parsing.visibility import (
    MIN_VISIBLE_POINTS,
    RGB,
    WHITE,
    HiddenKind,
    HiddenTally,
    invisible_on,
)

_INVISIBLE_MODES = frozenset({3, 7})
_STROKE_ONLY_MODES = frozenset({1, 5})
_MAX_FILLS = 500  # fills remembered per page; a page of 10,000 hatch lines is not a CV
_MIN_VISIBLE_ALPHA = 0.1  # fill opacity (`/ca` in an ExtGState) below which text is unseen
_MIN_COVER_ALPHA = 0.9  # a fill at least this opaque hides what was drawn beneath it


def color_to_rgb(value: Any) -> RGB | None:
    """A PDF colour (gray, RGB or CMYK components, 0..1) as RGB; None for patterns."""
    if isinstance(value, (int, float)):
        comps: list[float] = [float(value)]
    elif isinstance(value, (list, tuple)) and all(isinstance(c, (int, float)) for c in value):
        comps = [float(c) for c in value]
    else:
        return None
    comps = [min(1.0, max(0.0, c)) for c in comps]
    if len(comps) == 1:
        return (comps[0], comps[0], comps[0])
    if len(comps) == 3:
        return (comps[0], comps[1], comps[2])
    if len(comps) == 4:
        c, m, y, k = comps
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _inside(point: tuple[float, float], box: Rect) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


class VisibleTextDevice(PDFPageAggregator):
    """`PDFPageAggregator` that keeps only visible glyphs and tallies the rest."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden = HiddenTally()
        self._render_mode = 0
        self._visible_box: Rect = (0.0, 0.0, 0.0, 0.0)
        self._fills: list[tuple[Rect, RGB]] = []
        self.fill_alpha = 1.0  # kept current by `VisibleTextInterpreter`

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        super().begin_page(page, ctm)
        media = apply_matrix_rect(ctm, page.mediabox)
        crop = apply_matrix_rect(ctm, page.cropbox)
        lo_x, hi_x = sorted((media[0], media[2]))
        lo_y, hi_y = sorted((media[1], media[3]))
        c_lo_x, c_hi_x = sorted((crop[0], crop[2]))
        c_lo_y, c_hi_y = sorted((crop[1], crop[3]))
        self._visible_box = (
            max(lo_x, c_lo_x),
            max(lo_y, c_lo_y),
            min(hi_x, c_hi_x),
            min(hi_y, c_hi_y),
        )
        self._fills = []

    def render_string(
        self,
        textstate: PDFTextState,
        seq: Any,
        ncs: Any,
        graphicstate: PDFGraphicState,
    ) -> None:
        self._render_mode = int(textstate.render or 0)
        super().render_string(textstate, seq, ncs, graphicstate)

    def paint_path(
        self, gstate: PDFGraphicState, stroke: bool, fill: bool, evenodd: bool, path: Any
    ) -> None:
        before = len(self.cur_item._objs)
        super().paint_path(gstate, stroke, fill, evenodd, path)
        if not fill or len(self._fills) >= _MAX_FILLS:
            return
        for shape in self.cur_item._objs[before:]:
            color = color_to_rgb(getattr(shape, "non_stroking_color", None))
            if isinstance(shape, LTCurve) and color is not None:
                self._fills.append((shape.bbox, color))
                if isinstance(shape, LTRect) and self.fill_alpha >= _MIN_COVER_ALPHA:
                    self._cover(shape.bbox)

    def _cover(self, box: Rect) -> None:
        """An opaque rectangle painted over glyphs drawn earlier hides them (the "white box
        over the keywords" trick): they are dropped as covered."""
        kept = []
        for item in self.cur_item._objs:
            if isinstance(item, LTChar) and _inside(
                ((item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2), box
            ):
                self.hidden.add("covered", item.get_text())
            else:
                kept.append(item)
        if len(kept) != len(self.cur_item._objs):
            self.cur_item._objs = kept

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: PDFGraphicState,
    ) -> float:
        adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        char = self.cur_item._objs[-1]
        if isinstance(char, LTChar):
            kind = self._hidden_kind(char, graphicstate)
            if kind is not None:
                self.cur_item._objs.pop()
                self.hidden.add(kind, char.get_text())
        return adv

    def _hidden_kind(self, char: LTChar, state: PDFGraphicState) -> HiddenKind | None:
        if self._render_mode in _INVISIBLE_MODES:
            return "invisible_mode"
        if self.fill_alpha < _MIN_VISIBLE_ALPHA:
            return "transparent"
        centre = ((char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2)
        if not _inside(centre, self._visible_box):
            return "offpage"
        if char.size < MIN_VISIBLE_POINTS:
            return "tiny"
        raw = state.scolor if self._render_mode in _STROKE_ONLY_MODES else state.ncolor
        if isinstance(raw, PSLiteral):
            return None
        color = color_to_rgb(raw)
        if color is not None and invisible_on(color, self._background(centre)):
            return "color"
        return None

    def _background(self, point: tuple[float, float]) -> RGB:
        for box, color in reversed(self._fills):
            if _inside(point, box):
                return color
        return WHITE


class VisibleTextInterpreter(PDFPageInterpreter):
    """pdfminer ignores the `gs` operator; we read the fill opacity (`/ca`) from it, since
    text drawn fully transparent is as invisible as text in render mode 3, and keep it
    with the graphics state across `q`/`Q`."""

    device: VisibleTextDevice

    def init_state(self, ctm: Matrix) -> None:
        super().init_state(ctm)
        self._saved_alpha: list[float] = []
        self.device.fill_alpha = 1.0

    def do_q(self) -> None:
        super().do_q()
        self._saved_alpha.append(self.device.fill_alpha)

    def do_Q(self) -> None:
        super().do_Q()
        if self._saved_alpha:
            self.device.fill_alpha = self._saved_alpha.pop()

    def do_gs(self, name: PDFStackT) -> None:
        try:
            states = dict_value(dict_value(self.resources).get("ExtGState"))
            state = dict_value(states.get(literal_name(name)))
            alpha = resolve1(state.get("ca"))
        except (AttributeError, KeyError, TypeError, ValueError):
            return
        if isinstance(alpha, (int, float)):
            self.device.fill_alpha = float(alpha)
