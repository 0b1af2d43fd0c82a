"""SVG exports: <text>/<tspan> with font-size, fill, transforms and CSS as designers' tools write them.

User units become millimetres through the root width/height and viewBox (a width in mm, cm, in,
pt or px — px at 96 per inch — over the viewBox width); a transform scales the font size by the
square root of its determinant. <style> rules with class, id or element selectors are honoured;
inline style wins over attributes, as in CSS. Parsed with defusedxml (no entities, no network).
"""
from __future__ import annotations

import math
import re

from ..errors import InputError
from ..models import LabelDocument
from .layout import Run, to_document

UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6, "px": 25.4 / 96, "": 25.4 / 96}
_NUM = re.compile(r"^\s*(-?\d*\.?\d+(?:e-?\d+)?)\s*([a-z%]*)\s*$", re.I)
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
_NAMED = {"black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
          "gray": "#808080", "grey": "#808080", "yellow": "#ffff00", "orange": "#ffa500", "brown": "#a52a2a"}
MAX_TEXT_ELEMENTS = 20_000


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _length(value: str | None, font_px: float = 16.0) -> tuple[float, str] | None:
    if not value:
        return None
    m = _NUM.match(value)
    if not m:
        return None
    unit = m.group(2).lower()
    if unit == "em":
        return float(m.group(1)) * font_px, ""
    return float(m.group(1)), unit


def _matrix(transform: str | None) -> tuple[float, ...]:
    a, b, c, d, e, f = 1.0, 0.0, 0.0, 1.0, 0.0, 0.0
    for kind, args in _TRANSFORM.findall(transform or ""):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if kind == "matrix" and len(v) == 6:
            m = v
        elif kind == "translate":
            m = [1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0]
        elif kind == "scale":
            m = [v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0]
        elif kind == "rotate" and v:
            r = math.radians(v[0])
            m = [math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0, 0]
        else:
            continue
        a, b, c, d, e, f = (a * m[0] + c * m[1], b * m[0] + d * m[1], a * m[2] + c * m[3], b * m[2] + d * m[3],
                            a * m[4] + c * m[5] + e, b * m[4] + d * m[5] + f)
    return a, b, c, d, e, f


def _compose(p, q):
    a, b, c, d, e, f = p
    a2, b2, c2, d2, e2, f2 = q
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _colour(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().lower()
    if v in _NAMED:
        return _NAMED[v]
    if re.fullmatch(r"#[0-9a-f]{6}", v):
        return v
    if re.fullmatch(r"#[0-9a-f]{3}", v):
        return "#" + "".join(ch * 2 for ch in v[1:])
    m = re.fullmatch(r"rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)", v)
    if m:
        return "#" + "".join(f"{min(255, int(x)):02x}" for x in m.groups())
    return None


def _css_rules(root) -> list[tuple[str, dict]]:
    rules = []
    for el in root.iter():
        if _local(el.tag) == "style" and el.text:
            css = re.sub(r"/\*.*?\*/", "", el.text, flags=re.S)
            for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
                decl = _declarations(body)
                for sel in selectors.split(","):
                    rules.append((sel.strip(), decl))
    return rules


def _declarations(body: str) -> dict:
    out = {}
    for part in body.split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip().lower()] = v.strip()
    return out


def _style(el, rules) -> dict:
    style: dict = {}
    for key in ("font-size", "fill", "font-family", "color"):
        if el.get(key):
            style[key] = el.get(key)
    classes = (el.get("class") or "").split()
    for sel, decl in rules:
        if (sel.startswith(".") and sel[1:] in classes) or (sel.startswith("#") and sel[1:] == el.get("id")) or sel == _local(el.tag):
            style.update(decl)
    style.update(_declarations(el.get("style") or ""))
    return style


def _panel(el, inherited: str) -> str:
    label = " ".join(filter(None, [el.get("id"), el.get("{http://www.inkscape.org/namespaces/inkscape}label"), el.get("data-panel")])).lower()
    for key, name in (("front", "front"), ("正面", "front"), ("back", "back"), ("背面", "back"), ("side", "side")):
        if key in label:
            return name
    return inherited


def parse_svg(data: bytes, source: str) -> LabelDocument:
    from defusedxml import ElementTree as ET
    from defusedxml.common import DefusedXmlException
    try:
        root = ET.fromstring(data)
    except DefusedXmlException:
        raise InputError(source, "the SVG uses XML entities or DTDs, which are refused") from None
    except ET.ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        raise InputError(source, f"malformed SVG/XML: {exc}".split(": line")[0], f"line {line}" if line else None) from None
    if _local(root.tag) != "svg":
        raise InputError(source, "not an SVG document (root element is not <svg>)")
    vb = [float(x) for x in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if x] if root.get("viewBox") else None
    width = _length(root.get("width"))
    mm_per_unit = UNIT_MM[""]
    if width and width[1] in UNIT_MM and width[1] != "%":
        width_mm = width[0] * UNIT_MM[width[1]]
        mm_per_unit = width_mm / vb[2] if vb and vb[2] else UNIT_MM[width[1]]
    elif vb and vb[2]:
        mm_per_unit = UNIT_MM[""]
    rules = _css_rules(root)
    runs: list[Run] = []
    count = 0

    def walk(el, ctm, style, panel, role):
        nonlocal count
        tag = _local(el.tag)
        if tag in ("defs", "style", "title", "desc", "metadata", "clipPath", "mask", "symbol"):
            return
        ctm = _compose(ctm, _matrix(el.get("transform")))
        style = {**style, **_style(el, rules)}
        panel = _panel(el, panel)
        role = el.get("data-role") or ("name" if "name" in (el.get("class") or "").split() else role)
        if tag in ("text", "tspan", "textPath"):
            count += 1
            if count > MAX_TEXT_ELEMENTS:
                raise InputError(source, f"more than {MAX_TEXT_ELEMENTS} text elements")
            if tag == "text":
                style["_cursor"] = {"x": 0.0, "y": 0.0}     # the text position, shared by the tspans that follow
            cursor = style.setdefault("_cursor", {"x": 0.0, "y": 0.0})
            font_units = (_length(style.get("font-size") or "16") or (16.0, ""))[0]
            for attr, key, relative in (("x", "x", False), ("y", "y", False), ("dx", "x", True), ("dy", "y", True)):
                raw = (el.get(attr) or "").split()
                v = _length(raw[0], font_units) if raw else None
                if v is not None:
                    units = v[0] * (UNIT_MM[v[1]] / UNIT_MM[""] if v[1] in UNIT_MM and v[1] not in ("", "px") else 1)
                    cursor[key] = cursor[key] + units if relative else units
            if el.text and el.text.strip():
                emit(el.text, ctm, style, panel, role)
            for child in el:
                walk(child, ctm, style, panel, role)
                if child.tail and child.tail.strip():
                    emit(child.tail, ctm, style, panel, role)
            return
        for child in el:
            walk(child, ctm, style, panel, role)

    def emit(text, ctm, style, panel, role):
        size = _length(style.get("font-size") or "16")
        if size is None:
            size = (16.0, "")
        size_units = size[0] * (UNIT_MM[size[1]] / mm_per_unit if size[1] in UNIT_MM and size[1] not in ("", "px") else 1)
        scale = math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])) or 1.0
        size_mm = size_units * scale * mm_per_unit
        cursor = style["_cursor"]
        x, y = cursor["x"], cursor["y"]
        px, py = ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]
        text = " ".join(text.split())
        width = len(text) * size_mm
        runs.append(Run(text=text, size_mm=size_mm, color=_colour(style.get("fill") or style.get("color") or "#000000"),
                        x0=px * mm_per_unit, x1=px * mm_per_unit + width, baseline=py * mm_per_unit, page=1,
                        panel=panel, role=role if role == "name" else None, vertical=abs(ctm[1]) > abs(ctm[0])))
        cursor["x"] = x + width / (mm_per_unit * scale)

    walk(root, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), {}, "front", None)
    if not runs:
        raise InputError(source, "the SVG has no live text (outlined text cannot be read); export with text kept as text")
    pages = [((vb[2] if vb else 210) * mm_per_unit, (vb[3] if vb else 297) * mm_per_unit)]
    doc = to_document(runs, source, pages)
    doc._artwork = ("svg", data)
    return doc
