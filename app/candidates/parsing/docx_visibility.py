"""Which runs of a Word document a reader can see: run properties resolved through Word's
inheritance chain (document defaults, paragraph style and its `basedOn` ancestors, character
style and its ancestors, direct formatting), then judged against what lies behind the text.

Résumé "keyword stuffing" hides text in all of these places, so all of them are resolved:
a white font set in a character style is as invisible as one set on the run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from app.candidates.parsing.visibility import (
    HIGHLIGHTS,
    MIN_VISIBLE_POINTS,
    RGB,
    WHITE,
    HiddenKind,
    invisible_on,
    parse_hex,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OFF = frozenset({"0", "false", "off", "none"})
_MAX_STYLE_DEPTH = 20  # `basedOn` chains are short; a cycle in a hostile file must not hang us


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: etree._Element) -> str | None:
    value = el.get(w("val"))
    return None if value is None else str(value)


@dataclass(frozen=True)
class RunLook:
    """The resolved properties that decide visibility; None = not set anywhere."""

    vanish: bool = False
    web_hidden: bool = False
    color: RGB | None = None  # None = "auto": Word picks black or white for contrast
    half_points: int | None = None
    background: RGB | None = None  # run-level highlight or shading


def _toggle(el: etree._Element) -> bool:
    return (_val(el) or "1").lower() not in _OFF


def _shading_fill(shd: etree._Element | None) -> RGB | None:
    """The colour a `w:shd` paints: its fill, or its pattern colour for solid shading."""
    if shd is None:
        return None
    if (shd.get(w("val")) or "") == "solid":
        return parse_hex(shd.get(w("color")))
    return parse_hex(shd.get(w("fill")))


shading_fill = _shading_fill


def apply_rpr(look: RunLook, rpr: etree._Element | None) -> RunLook:
    """`look` with the properties set in one `w:rPr` element laid over it."""
    if rpr is None:
        return look
    changes: dict[str, object] = {}
    for child in rpr:
        tag = child.tag
        if tag == w("vanish"):
            changes["vanish"] = _toggle(child)
        elif tag == w("webHidden"):
            changes["web_hidden"] = _toggle(child)
        elif tag == w("color"):
            changes["color"] = parse_hex(_val(child))
        elif tag == w("sz"):
            try:
                changes["half_points"] = int(float(_val(child) or ""))
            except ValueError:
                continue
        elif tag == w("highlight"):
            name = _val(child) or "none"
            changes["background"] = HIGHLIGHTS.get(name)
        elif tag == w("shd"):
            fill = _shading_fill(child)
            if fill is not None:
                changes["background"] = fill
    return replace(look, **changes) if changes else look  # type: ignore[arg-type]


class Styles:
    """The document's style sheet, resolved on demand and cached per style id."""

    def __init__(self, styles: etree._Element | None) -> None:
        self._by_id: dict[str, etree._Element] = {}
        self._default_paragraph: str | None = None
        self._defaults = RunLook()
        self._run_cache: dict[tuple[str | None, str | None], RunLook] = {}
        self._shd_cache: dict[str | None, RGB | None] = {}
        if styles is None:
            return
        for style in styles.iterfind(w("style")):
            sid = style.get(w("styleId"))
            if sid is None:
                continue
            self._by_id[str(sid)] = style
            is_default = (style.get(w("default")) or "").lower() in {"1", "true", "on"}
            if style.get(w("type")) == "paragraph" and is_default:
                self._default_paragraph = str(sid)
        defaults = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self._defaults = apply_rpr(RunLook(), defaults)

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and its `basedOn` ancestors, root first."""
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < _MAX_STYLE_DEPTH:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                break
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = None if based is None else _val(based)
        return chain[::-1]

    def paragraph_style(self, ppr: etree._Element | None) -> str | None:
        pstyle = None if ppr is None else ppr.find(w("pStyle"))
        return self._default_paragraph if pstyle is None else _val(pstyle)

    def run_base(self, paragraph_style: str | None, character_style: str | None) -> RunLook:
        """Defaults, then the paragraph style chain, then the character style chain."""
        key = (paragraph_style, character_style)
        cached = self._run_cache.get(key)
        if cached is not None:
            return cached
        look = self._defaults
        for style in self._chain(paragraph_style):
            look = apply_rpr(look, style.find(w("rPr")))
        paragraph_vanish = look.vanish
        character_vanish: bool | None = None
        for style in self._chain(character_style):
            rpr = style.find(w("rPr"))
            look = apply_rpr(look, rpr)
            toggle = None if rpr is None else rpr.find(w("vanish"))
            if toggle is not None:
                character_vanish = _toggle(toggle)
        if character_vanish is not None:
            # `vanish` is a toggle property (ECMA-376 17.7.3): "on" in the character style
            # flips what the paragraph style set, so hidden + hidden shows the text.
            look = replace(look, vanish=paragraph_vanish != character_vanish)
        self._run_cache[key] = look
        return look

    def table_has_fills(self, tbl_pr: etree._Element | None) -> bool:
        """Whether the table's style paints cell backgrounds (banded rows, a dark header
        row). We do not resolve conditional table formatting, so colour is not judged in
        such a table's cells unless the cell sets its own shading."""
        style = None if tbl_pr is None else tbl_pr.find(w("tblStyle"))
        for element in self._chain(None if style is None else _val(style)):
            for shd in element.iter(w("shd")):
                fill = _shading_fill(shd)
                if fill is not None and fill != (1.0, 1.0, 1.0):
                    return True
                if (shd.get(w("themeFill")) or "") not in {"", "background1"}:
                    return True
        return False

    def paragraph_shading(self, paragraph_style: str | None) -> RGB | None:
        if paragraph_style not in self._shd_cache:
            fill = None
            for style in self._chain(paragraph_style):
                fill = _shading_fill(style.find(f"{w('pPr')}/{w('shd')}")) or fill
            self._shd_cache[paragraph_style] = fill
        return self._shd_cache[paragraph_style]


def hidden_kind(look: RunLook, behind: RGB | None, judge_color: bool = True) -> HiddenKind | None:
    """Why a run with `look`, on a paragraph/cell/page background `behind`, is unseen.
    `judge_color` is False where the background is not known (a shape filled with a theme
    colour, a table whose style shades its cells): better to keep a white heading on a dark
    box than to drop it."""
    if look.vanish:
        return "vanish"
    if look.web_hidden:
        return "web_hidden"
    if look.half_points is not None and look.half_points < 2 * MIN_VISIBLE_POINTS:
        return "tiny"
    if look.color is not None and (judge_color or look.background is not None):
        background = look.background or behind or WHITE
        if invisible_on(look.color, background):
            return "color"
    return None
