"""CSS colour values as SVG exports write them (CSS Color Module Level 4): #rgb, #rgba, #rrggbb, #rrggbbaa, rgb()/rgba()
with numbers or percentages, commas or spaces, hsl()/hsla(), the named colours (lexicons/css_colours.toml),
currentColor and var(--custom-property, fallback), each read as the #rrggbb it prints in. Alpha is dropped: a
label's ink is opaque, and the colour rules compare hues and lightness, not coverage — except an alpha of zero, which
paints nothing (css_alpha_zero)."""
from __future__ import annotations

import colorsys
import re
from functools import cache

from .resources import lexicon
from .colour import rgb_to_hex

_HEX = re.compile(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})")
_FUNC = re.compile(r"(rgba?|hsla?)\(\s*([^)]*)\)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*(.*))?\)")
_MAX_DEPTH = 8           # var() and currentColor refer on; a loop of them is no colour


@cache
def _named() -> dict[str, str]:
    return dict(lexicon("css_colours")["named"])


def css_colour(value: str | None, style: dict | None = None, _depth: int = 0) -> str | None:
    """The #rrggbb of a CSS colour value, or None (none, transparent, a paint server, a value not understood).
    `style`: the element's computed style, for currentColor (its `color`) and var() (its custom properties)."""
    if not value or _depth > _MAX_DEPTH:
        return None
    v = value.strip().lower()
    style = style or {}
    m = _VAR.fullmatch(v)
    if m:
        found = style.get(m.group(1))           # (declarations are read lower-cased, custom properties too)
        return css_colour(found if found is not None else m.group(2), style, _depth + 1)
    if v == "currentcolor":
        return css_colour(style.get("color"), style, _depth + 1)
    named = _named().get(v)
    if named:
        return named
    m = _HEX.fullmatch(v)
    if m:
        h = m.group(1)
        if len(h) in (3, 4):
            h = "".join(ch * 2 for ch in h[:3])
        return "#" + h[:6]
    m = _FUNC.fullmatch(v)
    if m:
        return _function(m.group(1), m.group(2))
    return None


def css_alpha_zero(value: str | None, style: dict | None = None) -> bool:
    """A colour written with an alpha of zero (#rrggbb00, #rgb0, rgba(…, 0), hsl(… / 0%)): it paints nothing."""
    if not value:
        return False
    v = value.strip().lower()
    m = _VAR.fullmatch(v)
    if m:
        found = (style or {}).get(m.group(1))
        return css_alpha_zero(found if found is not None else m.group(2), None)
    m = _HEX.fullmatch(v)
    if m:
        h = m.group(1)
        return (len(h) == 4 and h[3] == "0") or (len(h) == 8 and h[6:] == "00")
    m = _FUNC.fullmatch(v)
    if m:
        args = m.group(2)
        if "/" in args:
            alpha = args.split("/", 1)[1].strip()
        else:
            parts = [p for p in re.split(r"[\s,]+", args.strip()) if p]
            alpha = parts[3] if len(parts) == 4 else ""
        try:
            return bool(alpha) and float(alpha.rstrip("%")) == 0
        except ValueError:
            return False
    return False


def _function(kind: str, args: str) -> str | None:
    colour = args.split("/")[0]                       # rgb(204 0 0 / 50%): the alpha after a slash
    parts = [p for p in re.split(r"[\s,]+", colour.strip()) if p]
    if len(parts) < 3:
        return None
    try:
        if kind.startswith("rgb"):
            rgb = [_channel(p) for p in parts[:3]]
        else:
            h = float(parts[0].removesuffix("deg")) / 360 % 1.0
            s, light = (_percent(p) for p in parts[1:3])
            rgb = [c * 255 for c in colorsys.hls_to_rgb(h, light, s)]
    except ValueError:
        return None
    return rgb_to_hex(rgb)


def _channel(p: str) -> float:
    return round(float(p[:-1]) * 2.55) if p.endswith("%") else round(float(p))


def _percent(p: str) -> float:
    return float(p.rstrip("%")) / 100
