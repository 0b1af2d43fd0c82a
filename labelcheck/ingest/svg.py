"""SVG exports: <text>/<tspan> with font-size, fill, transforms and CSS as designers' tools write them.

User units become millimetres through the root width/height and viewBox (a width in mm, cm, in,
pt or px — px at 96 per inch — over the viewBox width); a transform scales the font size by the
square root of its determinant. <style> rules with class, id or element selectors are honoured;
inline style wins over attributes, as in CSS. Hollow type (fill none, a visible stroke) prints, in its
stroke's colour. A <use> draws what it refers to (a <symbol> through its viewBox); <defs> and <symbol>
content prints only so. Text wholly off the artboard is dropped. Parsed with defusedxml (no network): a DOCTYPE that
declares only plain string entities (Illustrator's Save As: &ns_ai; and its kin) has them written out first; any other
entity is refused.
"""
from __future__ import annotations

import math
import re

from ..errors import InputError
from ..models import LabelDocument
from ..normalize import is_blank
from ..css_colour import css_alpha_zero, css_colour
from .layout import Run, settings, to_document
from .svg_flow import advance as _advance
from .svg_flow import line_height, wrap
from ..colour import delta_e
from .svg_clip import HIDDEN, clip_of, frame_of, ground_colour, intersect, shape_box
from .svg_refs import MAX_USES, href, path_start, use_transform

UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6, "px": 25.4 / 96, "": 25.4 / 96}
_NUM = re.compile(r"^\s*(-?\d*\.?\d+(?:e-?\d+)?)\s*([a-z%]*)\s*$", re.I)
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
MAX_TEXT_ELEMENTS = 20_000
# a text position's attributes: (attribute, the coordinate it sets, relative to the current one?)
_POSITION_ATTRS = (("x", "x", False), ("y", "y", False), ("dx", "x", True), ("dy", "y", True))
MAX_POSITIONS = 10_000        # per-character positions read of one attribute (a text holds no more characters than this)


# CSS's absolute units in px, which SVG takes for user units (SVG 1.1 7.10, CSS Values 4: 1in = 96px = 72pt): inside the
# drawing a length in pt, mm or in is so many user units, whatever the root's width says one unit prints at — as
# browsers and Inkscape draw it (font-size="36pt" beside "48px": one size)
PX_PER_UNIT = {"px": 1.0, "": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "q": 96 / 101.6}


def _user_units(v: tuple[float, str] | None) -> float | None:
    """A length in the document's user units (an absolute unit at CSS's px per unit, a bare number or px as it is);
    the root's scale to millimetres applies after, to every user unit alike."""
    if v is None:
        return None
    return v[0] * PX_PER_UNIT.get(v[1], 1.0)


_VERTICAL_MODES = ("tb", "tb-rl", "tb-lr", "vertical-rl", "vertical-lr", "sideways-rl", "sideways-lr")


def _vertical_mode(style: dict) -> bool:
    """Vertical type (Illustrator's 直排文字, writing-mode: tb): its characters stand one under another."""
    return (style.get("writing-mode") or "").strip().lower() in _VERTICAL_MODES


def _stacked(text: str, cursor: dict, font_units: float) -> dict[str, list[float | None]]:
    """Each character of vertical type one em under the last, in the column the text starts in (the text position
    is the column's top)."""
    n = len(" ".join(text.split()))
    return {"x": [cursor["x"]] * n, "y": [cursor["y"] + i * font_units for i in range(n)]}


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


_KEYWORD_PX = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0, "x-large": 24.0,
               "xx-large": 32.0}        # CSS's absolute-size keywords at the browsers' common 16 px


def _absolute_font_size(value: str, inherited: str | None) -> str:
    """A font size relative to the parent's (80%, 0.8em, 1ex, smaller, larger) made absolute in the parent's unit:
    Illustrator and Figma set a tspan's smaller qualifier so."""
    v = value.strip().lower()
    if v in _KEYWORD_PX:
        return f"{_KEYWORD_PX[v]}px"
    parent = _length(inherited or "16") or (16.0, "")
    m = _NUM.match(v)
    if v in ("larger", "smaller"):
        factor = 1.2 if v == "larger" else 1 / 1.2
    elif m and m.group(2) in ("%", "em", "ex"):
        factor = float(m.group(1)) / {"%": 100.0, "em": 1.0, "ex": 2.0}[m.group(2)]
    else:
        return value
    return f"{parent[0] * factor:g}{parent[1]}"


def _matrix(transform: str | None) -> tuple[float, ...]:
    a, b, c, d, e, f = 1.0, 0.0, 0.0, 1.0, 0.0, 0.0
    for kind, args in _TRANSFORM.findall(transform or ""):
        try:
            v = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        except ValueError:
            continue            # a malformed transform is ignored, as browsers do
        if not v:
            continue
        if kind == "matrix" and len(v) == 6:
            m = v
        elif kind == "translate":
            m = [1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0]
        elif kind == "scale":
            m = [v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0]
        elif kind == "rotate" and v:
            r = math.radians(v[0])
            cos, sin = math.cos(r), math.sin(r)
            cx, cy = (v[1], v[2]) if len(v) == 3 else (0.0, 0.0)     # rotate(a cx cy): about that point
            m = [cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy]
        else:
            continue
        a, b, c, d, e, f = (a * m[0] + c * m[1], b * m[0] + d * m[1], a * m[2] + c * m[3], b * m[2] + d * m[3],
                            a * m[4] + c * m[5] + e, b * m[4] + d * m[5] + f)
    return a, b, c, d, e, f


def _compose(p, q):
    a, b, c, d, e, f = p
    a2, b2, c2, d2, e2, f2 = q
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f)


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


def _style(el, rules, root=None) -> dict:
    style: dict = {}
    # presentation attributes (display="none" on an Illustrator hidden layer, opacity="0" from Figma) as well as CSS
    for key in ("font-size", "fill", "font-family", "color", "display", "visibility", "opacity", "fill-opacity", "text-anchor",
                "stroke", "stroke-opacity", "stroke-width", "writing-mode"):
        if el.get(key):
            style[key] = el.get(key)
    classes = (el.get("class") or "").split()
    for sel, decl in rules:
        if (sel.startswith(".") and sel[1:] in classes) or (sel.startswith("#") and sel[1:] == el.get("id")) or sel == _local(el.tag) \
                or (sel == ":root" and el is root):
            style.update(decl)
    style.update(_declarations(el.get("style") or ""))
    return style


INKSCAPE = "{http://www.inkscape.org/namespaces/inkscape}"
# words in a layer's or group's id / label that name a panel of the pack (Illustrator writes ids with
# underscores for spaces, Inkscape a label)
_PANEL_WORDS = (("主展示面", "front"), ("front", "front"), ("正面", "front"), ("back", "back"), ("背面", "back"),
                ("反面", "back"), ("left", "left"), ("right", "right"), ("左侧", "left"), ("右侧", "right"),
                ("side", "side"), ("侧面", "side"), ("top", "top"), ("顶面", "top"), ("bottom", "bottom"), ("底面", "bottom"),
                ("panel", None), ("面板", None))
_DIELINE_WORDS = ("dieline", "die-line", "die_line", "diecut", "die cut", "刀版", "刀模", "刀线", "cutline", "cut line")


# Illustrator writes a character an XML id cannot hold as _xHHHH_ (正面 → _x6B63__x9762_)
_AI_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _labels(el) -> str:
    label = " ".join(filter(None, [el.get("id"), el.get(INKSCAPE + "label"), el.get("data-name"), el.get("data-panel")]))
    if "_x" in label:
        label = _AI_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), label)
    return label.lower()


def _panel(el, inherited: tuple[str, bool]) -> tuple[str, bool]:
    if _local(el.tag) in _TEXT_TAGS:
        return inherited    # a text's own id is its words (Figma: id="生产日期：见包装正面…"), no panel's name
    label = _labels(el)
    if not label:
        return inherited
    for key, name in _PANEL_WORDS:
        if key in label:
            if name is None:          # "panel 3", "Panel_A": the label itself names it
                name = " ".join(label.replace("_", " ").split()[:3])
            return name, True
    return inherited


def _faces_from_folds(runs: list, folds: list[float]) -> None:
    """A dieline's vertical folds cut the pack into faces: a run whose panel the artwork does not name belongs to the
    face its middle stands on, so two faces are never read as one panel because their baselines line up."""
    if not folds:
        return
    for run in runs:
        if run.explicit_panel:
            continue
        k = sum(1 for f in folds if (run.x0 + run.x1) / 2 > f)
        run.panel, run.explicit_panel = f"face {k + 1}", True


def _anchor(runs: list, share: float) -> None:
    """text-anchor middle (share 0.5) or end (1.0): each chunk of runs that follow one another on a baseline was laid
    out from its start, and is moved back by that share of its width. Horizontal text only."""
    chunk: list = []
    for run in [*runs, None]:
        if run is not None and chunk and not run.vertical and abs(run.baseline - chunk[-1].baseline) < 0.2 \
                and abs(run.x0 - chunk[-1].x1) < 0.5:
            chunk.append(run)
            continue
        if chunk and not chunk[0].vertical:
            shift = (chunk[-1].x1 - chunk[0].x0) * share
            for r in chunk:
                r.x0 -= shift
                r.x1 -= shift
        chunk = [run] if run is not None else []


_TEXT_TAGS = frozenset({"text", "tspan", "textPath", "flowRoot", "flowPara", "flowSpan", "flowRegion"})


def _is_dieline(el) -> bool:
    label = _labels(el)
    return any(w in label for w in _DIELINE_WORDS)


def _switch_child(el):
    children = [c for c in el if _local(c.tag) not in ("title", "desc", "metadata")]
    chinese = next((c for c in children if any(lang.strip().lower().startswith("zh")
                                               for lang in (c.get("systemLanguage") or "").split(","))), None)
    if chinese is not None:
        return chinese
    return next((c for c in children if not any(c.get(k) for k in ("systemLanguage", "requiredFeatures",
                                                                    "requiredExtensions"))
                 and _local(c.tag) != "foreignObject"), None)


WHITE_ON_WHITE_DE = 2.0        # a text this close to the colour under it (ΔE2000) cannot be read on the pack


def _hidden(style: dict) -> bool:
    return (style.get("display", "").strip() == "none" or style.get("visibility", "").strip() in ("hidden", "collapse")
            or _opacity(style.get("opacity")) == 0 or (not _filled(style) and _ink_of_stroke(style) is None))


def _filled(style: dict) -> bool:
    fill = style.get("fill", "").strip()
    return fill not in ("none", "transparent") and _opacity(style.get("fill-opacity")) != 0 \
        and not css_alpha_zero(fill, style)


def _ink_of_stroke(style: dict) -> str | None:
    """Hollow (outline) type prints its stroke: the stroke's colour, "" when the stroke prints in a colour that cannot
    be told (a gradient), None when there is no visible stroke (SVG strokes nothing by default)."""
    stroke = style.get("stroke", "").strip()
    width = _length(style.get("stroke-width") or "1")
    if stroke in ("", "none", "transparent") or _opacity(style.get("stroke-opacity")) == 0 or (width and width[0] <= 0) \
            or css_alpha_zero(stroke, style):
        return None
    return css_colour(stroke, style) or ""


def _text_colour(style: dict) -> str | None:
    """The colour the type prints in: its fill (black when none is given, as SVG's initial fill is), else — hollow
    type, fill="none" with a stroke — its stroke."""
    if _filled(style):
        return css_colour(style.get("fill") or style.get("color") or "#000000", style)
    return _ink_of_stroke(style) or None


def _opacity(v) -> float | None:
    try:
        return float(str(v).strip().rstrip("%")) if v is not None else None
    except ValueError:
        return None


def _made_by_illustrator(data: bytes, root) -> bool:
    """Illustrator writes its user units in points (72 to the inch) and calls them px."""
    head = data[:4096]
    return (b"Adobe Illustrator" in head or any("ns.adobe.com/AdobeIllustrator" in (v or "") for v in root.attrib.values())
            or b"xmlns:i=\"http://ns.adobe.com/AdobeIllustrator" in head or b'xmlns:x="http://ns.adobe.com/Extensibility' in head
            # "Export As" writes no comment or namespace, but its own marks: a data-name on the root and .cls-N styles
            or (root.get("data-name") is not None and b".cls-1" in data[:32768]))


def _entities_refused(data: bytes) -> str:
    """Why an SVG with a DTD or entities is refused (they can expand without bound or reach out: never resolved), and
    what to do instead, in one line. Illustrator's Save As with "Preserve Illustrator Editing Capabilities" writes
    them (&ns_ai; and its kin, for its private editing data); its Export As writes plain SVG."""
    head = data[:4096]
    if b"Adobe Illustrator" in head or b"ns.adobe.com/AdobeIllustrator" in head:
        return ("the SVG uses XML entities or DTDs, which are refused (Illustrator's Save As with \"Preserve Illustrator "
                "Editing Capabilities\" writes them): re-export with File ▸ Export ▸ Export As… ▸ SVG, or Save As SVG "
                "with that option unticked")
    return ("the SVG uses XML entities or DTDs, which are refused: export it again as plain SVG, without a DOCTYPE "
            "declaring entities")


_DOCTYPE = re.compile(rb"<!DOCTYPE\s[^\[>]*\[(?P<subset>.*?)\]\s*>", re.S)
_PLAIN_ENTITY = re.compile(rb'\s*<!ENTITY\s+(?P<name>[A-Za-z_][\w.-]*)\s+(?P<q>["\'])(?P<value>[^&%<"\']{0,200})(?P=q)\s*>\s*')
_MAX_ENTITY_USES = 10_000


def plain_entities_expanded(data: bytes) -> bytes:
    """An SVG whose DOCTYPE declares only plain string entities — each a short literal that refers to nothing, as
    Illustrator's Save As writes its namespaces (<!ENTITY ns_ai "http://ns.adobe.com/…">) — with them written out and
    the DOCTYPE dropped: nothing can expand past the literals or reach out. Anything else comes back as it was, for
    the parser to refuse (an entity built of entities, a parameter entity, an external one)."""
    head = data[:65536]
    m = _DOCTYPE.search(head)
    if m is None:
        return data
    subset = m.group("subset")
    entities: dict[bytes, bytes] = {}
    pos = 0
    while pos < len(subset):
        e = _PLAIN_ENTITY.match(subset, pos)
        if e is None:
            if subset[pos:].strip():
                return data              # a declaration that is not a plain literal
            break
        entities[e.group("name")] = e.group("value")
        pos = e.end()
    body = data[:m.start()] + data[m.end():]
    uses = 0

    def value(ref: re.Match) -> bytes:
        nonlocal uses
        if ref.group(1) not in entities:
            return ref.group(0)           # &amp; and the like: the parser's own
        uses += 1
        return entities[ref.group(1)]
    out = re.sub(rb"&([A-Za-z_][\w.-]*);", value, body)
    return out if uses <= _MAX_ENTITY_USES else data


def parse_svg(data: bytes, source: str) -> LabelDocument:
    from defusedxml import ElementTree as ET
    from defusedxml.common import DefusedXmlException
    data = plain_entities_expanded(data)
    try:
        root = ET.fromstring(data)
    except DefusedXmlException:
        raise InputError(source, _entities_refused(data)) from None
    except ET.ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        raise InputError(source, f"malformed SVG/XML: {exc}".split(": line")[0], f"line {line}" if line else None) from None
    if _local(root.tag) != "svg":
        raise InputError(source, "not an SVG document (root element is not <svg>)")
    try:
        vb = [float(x) for x in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if x] if root.get("viewBox") else None
    except ValueError:
        vb = None
    if vb is not None and (len(vb) != 4 or vb[2] <= 0 or vb[3] <= 0):
        vb = None
    illustrator = _made_by_illustrator(data, root)
    px = UNIT_MM["pt"] if illustrator else UNIT_MM["px"]      # Illustrator's "px" is the point
    width, height = _length(root.get("width")), _length(root.get("height"))
    unit_mm = lambda u: px if u in ("", "px") else UNIT_MM.get(u)   # noqa: E731
    mm_per_unit = px
    # only a size in mm, cm, in, pt or pc (or Illustrator's points) fixes how big the artwork prints; a size in px or
    # none leaves it to the tool's px-per-inch, taken as CSS's 96 — an assumption the report says
    absolute = any(v and v[1] in ("mm", "cm", "in", "pt", "pc") and v[0] > 0 for v in (width, height))
    if width and unit_mm(width[1]) and width[0] > 0:
        width_mm = width[0] * unit_mm(width[1])
        mm_per_unit = width_mm / vb[2] if vb else unit_mm(width[1])
    elif height and unit_mm(height[1]) and height[0] > 0:
        mm_per_unit = height[0] * unit_mm(height[1]) / vb[3] if vb else unit_mm(height[1])
    rules = _css_rules(root)
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    runs: list[Run] = []
    count = 0
    shapes = 0
    dieline: list[float] = []
    folds: list[float] = []

    uses = 0
    hidden_text = [0]             # text elements in hidden layers
    paints: list = []             # (box in root units, fill colour or "" when not known) of the shapes drawn so far
    expanding: list = []          # the groups and <use> targets being drawn, innermost last

    def walk(el, ctm, style, panel, role, in_dieline=False):
        nonlocal count, shapes, uses
        tag = _local(el.tag)
        if tag in ("defs", "style", "title", "desc", "metadata", "clipPath", "mask", "symbol"):
            return
        ctm = _compose(ctm, _matrix(el.get("transform")))
        own = _style(el, rules, root)
        if own.get("display", "").strip() == "none" or _opacity(own.get("opacity")) == 0:
            # a hidden layer or a group at opacity 0 hides all it holds, whatever the children say
            hidden_text[0] += sum(1 for e in el.iter() if _local(e.tag) == "text")
            return
        # what a clip-path, a mask or a nested <svg>'s viewport leaves of what it holds
        window = clip_of(el, own, ctm, ids, _matrix, lambda e: _style(e, rules, root))
        if tag == "svg" and el is not root:
            window = intersect(window, frame_of(el, ctm))
            ctm = _compose(ctm, use_transform(el, el))      # its viewBox fitted into its viewport
        if window is not None:
            window = intersect(style.get("_window"), window)
            if window == HIDDEN:
                return
        inherited_size = style.get("font-size")
        style = {**style, **own}
        if window is not None:
            style["_window"] = window
        if "font-size" in own:
            style["font-size"] = _absolute_font_size(own["font-size"], inherited_size)
        panel = _panel(el, panel)
        in_dieline = in_dieline or _is_dieline(el)
        role = el.get("data-role") or ("name" if "name" in (el.get("class") or "").split() else role)
        if tag == "use":
            # an instance (Illustrator's symbols, a badge reused): what it refers to prints here, a <symbol>'s
            # content through the symbol's viewBox; a use that refers to a group holding it prints nothing
            target = ids.get(href(el))
            if target is None or target in expanding:
                return
            uses += 1
            if uses > MAX_USES:
                raise InputError(source, f"more than {MAX_USES} <use> instances")
            expanding.append(target)
            inner = _compose(ctm, use_transform(el, target))
            for child in (list(target) if _local(target.tag) in ("symbol", "svg") else [target]):
                walk(child, inner, style, panel, role, in_dieline)
            expanding.pop()
            return
        if tag == "switch":
            # a <switch> draws one child: the first whose conditions hold — for a Chinese label, the one set for Chinese
            # (systemLanguage="zh…"), else the first without conditions (Illustrator's foreignObject fallback is none)
            chosen = _switch_child(el)
            if chosen is not None:
                walk(chosen, ctm, {**style, **own}, panel, role, in_dieline)
            return
        if tag == "image":
            box = frame_of(el, ctm)
            if box:
                paints.append((box, ""))          # a picture: the ground's colour is not known
            return
        if tag in ("path", "rect", "polygon", "polyline", "line"):
            shapes += 1
            shape_style = {**style, **own}
            if tag != "line" and not in_dieline and _filled(shape_style) and not _hidden(shape_style):
                box = shape_box(el, ctm)
                if box:
                    fill = (shape_style.get("fill") or "#000000").strip()
                    paints.append((box, css_colour(fill, shape_style) or ""))
            if in_dieline:
                _extent(el, ctm, dieline)
                fold = _vertical_fold(el, ctm)
                if fold is not None:
                    folds.append(fold)
            return
        if tag == "flowRoot":
            # Inkscape 0.92's flowed text: paragraphs wrapped in the first rectangle of its flowRegion
            rect = next((r for r in el.iter() if _local(r.tag) == "rect"), None)
            try:
                x0 = float(rect.get("x") or 0) if rect is not None else 0.0
                y = float(rect.get("y") or 0) if rect is not None else 0.0
                frame = float(rect.get("width") or 0) if rect is not None else 0.0
            except ValueError:
                x0 = y = frame = 0.0
            for para in el:
                if _local(para.tag) not in ("flowPara", "flowDiv"):
                    continue
                count += 1
                pstyle = {**style, **_style(para, rules)}
                size = (_length(pstyle.get("font-size") or "16") or (16.0, ""))[0]
                text = " ".join("".join(para.itertext()).split())
                for line in wrap(text, size, frame):
                    y += line_height(pstyle, size)
                    if line.strip():
                        pstyle["_cursor"] = {"x": x0, "y": y}
                        emit(line, ctm, pstyle, panel, role)
            return
        if tag in ("text", "tspan", "textPath"):
            count += 1
            if count > MAX_TEXT_ELEMENTS:
                raise InputError(source, f"more than {MAX_TEXT_ELEMENTS} text elements")
            if tag == "text":
                style["_cursor"] = {"x": 0.0, "y": 0.0}     # the text position, shared by the tspans that follow
            cursor = style.setdefault("_cursor", {"x": 0.0, "y": 0.0})
            font_units = (_length(style.get("font-size") or "16") or (16.0, ""))[0]
            per_char: dict[str, list[float | None]] = {}
            for attr, key, relative in _POSITION_ATTRS:
                raw = [p for p in re.split(r"[\s,]+", (el.get(attr) or "").strip()) if p]
                values = [_user_units(_length(p, font_units)) for p in raw[:MAX_POSITIONS]]
                if values and values[0] is not None:
                    cursor[key] = cursor[key] + values[0] if relative else values[0]
                if len(values) > 1:
                    per_char[attr] = values        # a position for each character (Illustrator's kerning, a stacked column)
            if tag == "textPath":
                path_start(ids.get(href(el)), cursor)
            first = len(runs)
            if el.text and el.text.strip():
                if _vertical_mode(style) and not per_char:
                    per_char = _stacked(el.text, cursor, font_units)
                if per_char:
                    emit_placed(el.text, per_char, ctm, style, panel, role)
                else:
                    emit(el.text, ctm, style, panel, role)
            for child in el:
                walk(child, ctm, style, panel, role, in_dieline)
                if child.tail and child.tail.strip():
                    emit(child.tail, ctm, style, panel, role)
            if tag == "text" and (style.get("text-anchor") or "").strip() in ("middle", "end"):
                _anchor(runs[first:], 0.5 if style["text-anchor"].strip() == "middle" else 1.0)
            return
        expanding.append(el)
        for child in el:
            walk(child, ctm, style, panel, role, in_dieline)
        expanding.pop()

    def emit_placed(text, per_char, ctm, style, panel, role):
        """Text whose x, y, dx or dy list a position for each character: each character where its own values put it
        (the first's are the cursor's already), the rest of the text after the last listed one, as SVG lays it out."""
        text = " ".join(text.split())
        listed = max(len(v) for v in per_char.values())
        cursor = style["_cursor"]
        for i, ch in enumerate(text[:listed]):
            if i:
                for attr, key, relative in _POSITION_ATTRS:
                    values = per_char.get(attr)
                    v = values[i] if values is not None and i < len(values) else None
                    if v is not None:
                        cursor[key] = cursor[key] + v if relative else v
            if not ch.isspace():            # a space prints nothing: the gap to the next character's place shows it
                emit(ch, ctm, style, panel, role)
        if text[listed:].strip():
            emit(text[listed:], ctm, style, panel, role)

    def emit(text, ctm, style, panel, role):
        if _hidden(style):
            return
        size = _length(style.get("font-size") or "16")
        if size is None:
            size = (16.0, "")
        size_units = _user_units(size)
        if size_units <= 0:
            return
        # a glyph's height follows the transform's vertical axis, its advance the horizontal one: a condensed face
        # (长体, matrix(0.9 0 0 1)) is as tall as the same size set plain, only narrower
        scale = math.hypot(ctm[2], ctm[3]) or 1.0
        squeeze = (math.hypot(ctm[0], ctm[1]) or 1.0) / scale
        size_mm = size_units * scale * mm_per_unit
        if not size_mm < 10_000:        # ten metres high (or inf/nan): off any pack, ignored like off-page text
            return
        cursor = style["_cursor"]
        x, y = cursor["x"], cursor["y"]
        px, py = ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]
        text = " ".join(text.split())
        advance = _advance(text, size_mm)
        colour = _text_colour(style)
        ground = ground_colour(paints, px, py - 0.35 * size_units * scale)
        if colour and ground and delta_e(colour, ground) < WHITE_ON_WHITE_DE:
            cursor["x"] = x + advance / (mm_per_unit * scale)
            return          # set in the colour of the box drawn under it (white on a white panel): nothing to read
        window = style.get("_window")
        if window is not None and abs(ctm[1]) <= abs(ctm[0]) and not abs(ctm[2]) > abs(ctm[3]):
            # a clipped run keeps the characters whose middle the window shows (a clip that leaves 牛排 of 乳基蛋白牛排)
            middle = py - 0.35 * size_units * scale
            unit = mm_per_unit * scale
            shown = [window[1] <= middle <= window[3] and window[0] <= px + (_advance(text[:i], size_mm) + _advance(
                text[i], size_mm) / 2) * squeeze * scale / unit <= window[2] for i in range(len(text))]
            if not all(shown):
                k = 0
                while k < len(text):
                    if not shown[k]:
                        k += 1
                        continue
                    j = k
                    while j < len(text) and shown[j]:
                        j += 1
                    style["_cursor"] = {"x": x + _advance(text[:k], size_mm) / unit, "y": y}
                    emit(text[k:j], ctm, {**style, "_window": None}, panel, role)
                    k = j
                style["_cursor"] = cursor
                cursor["x"] = x + advance / unit
                return
        width = advance * squeeze
        ox, oy = (vb[0], vb[1]) if vb else (0.0, 0.0)
        if abs(ctm[1]) > abs(ctm[0]):     # turned text: where its box lies, for _on_page (x0/x1 are along its line)
            corners = [(ctm[0] * cx + ctm[2] * cy + ctm[4], ctm[1] * cx + ctm[3] * cy + ctm[5])
                       for cx in (x, x + advance / (mm_per_unit * scale)) for cy in (y, y - size_units)]
            box = tuple(v * mm_per_unit for v in (min(c[0] for c in corners) - ox, min(c[1] for c in corners) - oy,
                                                  max(c[0] for c in corners) - ox, max(c[1] for c in corners) - oy))
        else:
            box = None
        runs.append(Run(text=text, size_mm=size_mm, color=_text_colour(style),
                        x0=(px - ox) * mm_per_unit, x1=(px - ox) * mm_per_unit + width, baseline=(py - oy) * mm_per_unit, page=1,
                        panel=panel[0], explicit_panel=panel[1], role=role if role == "name" else None,
                        vertical=abs(ctm[1]) > abs(ctm[0]), font=(style.get("font-family") or "").strip("'\" ") or None,
                        extra={**({"box": box, "reads": "up" if ctm[1] < 0 else "down"} if box else {}),
                               **({} if _filled(style) else {"hollow": True})}))
        cursor["x"] = x + advance / (mm_per_unit * scale)

    walk(root, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), {}, ("front", False), None)
    boards = _artboards(root, mm_per_unit, vb)
    if len(boards) > 1:
        # Inkscape 1.2+ pages (artboards): each is a panel; a run belongs to the board it starts on
        for r in runs:
            if r.explicit_panel:
                continue
            k = next((i for i, (label, x0, y0, x1, y1) in enumerate(boards) if x0 <= r.x0 < x1 and y0 <= r.baseline <= y1), None)
            if k is not None:
                r.panel, r.explicit_panel = boards[k][0], True
    artboard = (vb[2] * mm_per_unit, vb[3] * mm_per_unit) if vb else (
        (width[0] * unit_mm(width[1]), height[0] * unit_mm(height[1])) if width and height and unit_mm(width[1]) and unit_mm(height[1]) else None)
    # text wholly off the artboard (Inkscape drafts parked beside the page) does not print; Inkscape's extra pages lie
    # outside the viewBox, so each of them counts as the page too
    sheets = ([(0.0, 0.0, *artboard)] if artboard else []) + ([(x0, y0, x1, y1) for _l, x0, y0, x1, y1 in boards] if artboard else [])
    kept = [r for r in runs if not sheets or _on_page(r, sheets)]
    off_page = len(runs) - len(kept)
    runs = _without_copies(kept)
    notes = {"generator": "Adobe Illustrator" if illustrator else None, "mm_per_user_unit": round(mm_per_unit, 6),
             "scale_assumed": not (illustrator or absolute)}
    if off_page:
        notes["off_page_runs"] = off_page
    if dieline:
        ox, oy = (vb[0], vb[1]) if vb else (0.0, 0.0)
        notes["dieline_mm"] = [(dieline[0] - ox) * mm_per_unit, (dieline[1] - oy) * mm_per_unit,
                               (dieline[2] - ox) * mm_per_unit, (dieline[3] - oy) * mm_per_unit]
        inner = [(x - ox) * mm_per_unit for x in folds]
        notes["folds_mm"] = sorted({round(x, 2) for x in inner if notes["dieline_mm"][0] + 1 < x < notes["dieline_mm"][2] - 1})
        runs = _inside_dieline(runs, notes)
        _faces_from_folds(runs, notes["folds_mm"])
    finite = [r for r in runs if all(math.isfinite(v) for v in (r.x0, r.x1, r.baseline, r.size_mm))]
    if runs and not finite:
        raise InputError(source, "the SVG's text positions or sizes are not finite numbers (nan, 1e999): nothing can be read")
    runs = finite                     # a run placed at nan or infinity (x="nan", a 1e999 scale) is nowhere on the pack
    if runs and all(is_blank(r.text) for r in runs):
        raise InputError(source, "the SVG's text holds only spaces and invisible characters: nothing can be read")
    if not runs:
        if count:
            raise InputError(source, f"the SVG's {count} text element(s) have no visible size or fill: nothing can be read")
        if hidden_text[0]:
            notes["hidden_text"] = hidden_text[0]      # all the text is in hidden layers: LC801 says so
        elif shapes == 0:
            raise InputError(source, "the SVG holds neither text nor shapes: there is nothing to check")
        # outlined text (paths only): say so in the report rather than refuse or stay silent
        doc = LabelDocument(text="")
        doc.source = source
        doc._pages = [artboard or (210.0, 297.0)]
        doc._artwork_notes = {**notes, "no_live_text": True, "shapes": shapes, "panels": []}
        doc._artwork = ("svg", data)
        return doc
    pages = [artboard] if artboard else None
    page = (pages or [(max(r.x1 for r in runs) + 5, max(r.baseline for r in runs) + 5)])[0]
    _in_reading_frame(runs, *page)
    doc = to_document(runs, source, [page], notes=notes)
    from .package import package_from_artwork
    if len(boards) > 1 and not dieline:
        package_from_artwork(doc, "svg artboards", [[x0, y0, x1, y1] for _l, x0, y0, x1, y1 in boards])
    else:
        package_from_artwork(doc, "svg dieline" if dieline else ("svg artboard" if artboard else None),
                             _dieline_box(notes) or ([0, 0, *artboard] if artboard else None))
    doc._artwork = ("svg", data)
    return doc


def _in_reading_frame(runs: list, page_w: float, page_h: float) -> None:
    """Turned text (a carton's side set up or down the page) placed as the PDF reader places it: along its line
    from where it starts, its lines following one another across — so that one text element is one line, not
    one character of a row of them (Illustrator's matrix(0 -1 1 0 x y), one <text> a line)."""
    for r in runs:
        reads = r.extra.get("reads") if r.vertical else None
        if reads is None:
            continue
        length, x, y = r.x1 - r.x0, r.x0, r.baseline
        if reads == "up":           # the next line stands to the right
            r.x0, r.baseline = page_h - y, x
        else:                       # reads downward: the next line to the left
            r.x0, r.baseline = y, page_w - x
        r.x1 = r.x0 + length


def _without_copies(runs: list) -> list:
    """One run for each piece of text the pack shows: a halo or outline copy (hollow type under the filled word) or a
    drop shadow (a <use> of the title a little offset) stands where the word stands and prints nothing new. Of copies
    of one text at one place (within half its size), the filled one drawn last — the one on top — is kept."""
    kept: list = []
    by_text: dict[str, list[int]] = {}          # the kept runs of each text (a pack repeats few words: short lists)
    for r in runs:
        same = by_text.setdefault(r.text, [])
        twin = next((k for k in same if kept[k].vertical == r.vertical and abs(kept[k].size_mm - r.size_mm) <= 0.2 * r.size_mm
                     and abs(kept[k].x0 - r.x0) <= 0.5 * r.size_mm and abs(kept[k].baseline - r.baseline) <= 0.5 * r.size_mm),
                    None)
        if twin is None:
            same.append(len(kept))
            kept.append(r)
        elif not r.extra.get("hollow") or kept[twin].extra.get("hollow"):
            kept[twin] = r           # drawn later, on top (a hollow copy never replaces a filled one)
    return kept


def _inside_dieline(runs: list, notes: dict) -> list:
    """The runs on the pack: text wholly outside the dieline (a printer's slug or job ticket beside it on the artboard:
    文件名, 校对, 色标) is cut away with the sheet. Kept as it is when most of the text would go — the outline found is
    then not the whole pack's (lexicons/artwork.toml [dieline])."""
    cfg = settings()["dieline"]
    bleed = cfg["bleed_mm"]
    x0, y0, x1, y1 = notes["dieline_mm"]
    box = [(x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed)]
    kept = [r for r in runs if _on_page(r, box)]
    if len(kept) == len(runs) or len(kept) < cfg["min_kept_share"] * len(runs):
        return runs
    notes["off_dieline_runs"] = len(runs) - len(kept)
    return kept


def _on_page(run: Run, sheets: list[tuple[float, float, float, float]]) -> bool:
    """Whether any part of the run's box lies on one of the sheets (x0, y0, x1, y1 in mm): text partly on the page prints."""
    x0, y0, x1, y1 = run.extra.get("box") or (run.x0, run.baseline - run.size_mm, run.x1, run.baseline)
    return any(x1 > a and x0 < c and y1 > b and y0 < d for a, b, c, d in sheets)


def _artboards(root, mm_per_unit: float, vb) -> list[tuple[str, float, float, float, float]]:
    """Inkscape's pages (<inkscape:page> in the namedview): label and box in mm."""
    ox, oy = (vb[0], vb[1]) if vb else (0.0, 0.0)
    out = []
    for el in root.iter():
        if el.tag == INKSCAPE + "page":
            try:
                x, y = float(el.get("x") or 0), float(el.get("y") or 0)
                w, h = float(el.get("width") or 0), float(el.get("height") or 0)
            except ValueError:
                continue
            if w > 0 and h > 0:
                label = (el.get(INKSCAPE + "label") or f"artboard {len(out) + 1}").strip()
                named = next((n for k, n in _PANEL_WORDS if n and k in label.lower()), None)
                # Inkscape writes page boxes in user units of the document
                out.append((named or label, (x - ox) * mm_per_unit, (y - oy) * mm_per_unit,
                            (x - ox + w) * mm_per_unit, (y - oy + h) * mm_per_unit))
    return out


def _vertical_fold(el, ctm) -> float | None:
    """The x of a vertical fold or cut line of the dieline (a path "M x,y V y2" or a <line>), in user units."""
    tag = _local(el.tag)
    x = None
    if tag == "line" and el.get("x1") == el.get("x2") and el.get("x1"):
        x, y = float(_length(el.get("x1"))[0]), float((_length(el.get("y1")) or (0.0, ""))[0])
    elif tag == "path":
        m = re.fullmatch(r"\s*M\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*V\s*(-?[\d.]+)\s*", el.get("d") or "")
        if m:
            x, y = float(m.group(1)), float(m.group(2))
    if x is None:
        return None
    return ctm[0] * x + ctm[2] * y + ctm[4]


def _dieline_box(notes: dict):
    return notes.get("dieline_mm")


def _extent(el, ctm, box: list[float]) -> None:
    """Grow `box` (x0, y0, x1, y1 in user units) by the points of a dieline shape."""
    tag = _local(el.tag)
    pts: list[tuple[float, float]] = []
    try:
        if tag == "rect":
            x, y = float(el.get("x") or 0), float(el.get("y") or 0)
            w, h = float(el.get("width") or 0), float(el.get("height") or 0)
            pts = [(x, y), (x + w, y + h), (x + w, y), (x, y + h)]
        elif tag in ("polygon", "polyline"):
            nums = [float(v) for v in re.split(r"[\s,]+", (el.get("points") or "").strip()) if v]
            pts = list(zip(nums[::2], nums[1::2]))
        elif tag == "path":
            d = el.get("d") or ""
            if re.search(r"[a-z]", d.replace("e", "")):      # relative commands: the extent needs a path walk
                return
            nums = [float(v) for v in re.findall(r"-?\d*\.?\d+(?:e-?\d+)?", d)]
            pts = list(zip(nums[::2], nums[1::2]))
    except ValueError:
        return
    for x, y in pts:
        px, py = ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]
        if not box:
            box.extend([px, py, px, py])
        else:
            box[0], box[1], box[2], box[3] = min(box[0], px), min(box[1], py), max(box[2], px), max(box[3], py)
