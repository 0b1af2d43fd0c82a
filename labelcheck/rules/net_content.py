"""Net content marking and character heights (定量包装商品计量监督管理办法 附表; GB 7718-2011 4.1.5, 3.9)."""
from __future__ import annotations

from typing import Iterator

import regex

from ..context import Context
from ..models import Evidence, Finding
from ..resources import pattern, thresholds
from .base import Rule, register

_QTY = regex.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>kg|KG|Kg|千克|公斤|g|G|克|mL|ml|ML|毫升|L|l|升|斤|两|磅|盎司|oz|lb)(?![a-zA-Z])")
_MASS = {"g": 1, "G": 1, "克": 1, "kg": 1000, "KG": 1000, "Kg": 1000, "千克": 1000}
_VOLUME = {"mL": 1, "ml": 1, "ML": 1, "毫升": 1, "L": 1000, "l": 1000, "升": 1000}
_NON_LEGAL = {"斤", "两", "磅", "盎司", "oz", "lb", "公斤"}


def _quantity(ctx: Context):
    fv = ctx.field("net_content")
    if not fv or not fv.value:
        return None
    m = _QTY.search(fv.value)
    return fv, m


def base_quantity(num: float, unit: str) -> float | None:
    """The quantity in g or mL."""
    if unit in _MASS:
        return num * _MASS[unit]
    if unit in _VOLUME:
        return num * _VOLUME[unit]
    return None


@register
class NetContentUnit(Rule):
    """The net content is not a number with a legal unit (g/克, kg/千克, mL/毫升, L/升).

    Why: 定量包装商品计量监督管理办法 附表1 and GB 7718-2011 4.1.5.1/4.1.5.3: "净含量" + number + legal unit
    of measurement; 斤, 两, 磅, 公斤 are not legal units on a label.
    Fails: 净含量：半斤; 净含量：1公斤
    Passes: 净含量：250克; 净含量：1 kg
    """
    id, severity, standard, clause = "LC580", "error", "net-content", "附表1"

    def check(self, ctx: Context) -> Iterator[Finding]:
        got = _quantity(ctx)
        if not got:
            return
        fv, m = got
        from ..extract.fields import is_reference
        ev = ctx.evidence_layout(fv.start, fv.end)
        if m is None:
            if not is_reference(fv.value) and not pattern(r"\d").search(fv.value):
                yield self.finding(f"净含量“{fv.value}”未由数字和法定计量单位组成", message_en="net content lacks a number and legal unit", evidence=ev)
            return
        if m.group("unit") in _NON_LEGAL:
            yield self.finding(f"净含量使用了非法定计量单位“{m.group('unit')}”，应使用g/克、kg/千克、mL/毫升或L/升",
                               message_en=f"{m.group('unit')} is not a legal unit", evidence=ev)


@register
class NetContentUnitStep(Rule):
    """The net content uses g below 1000 / kg from 1000 the wrong way round (1000g, 1500克, 0.5kg).

    Why: 定量包装商品计量监督管理办法 附表1 (GB 7718-2011 表2): Qn < 1000 g → g(克); Qn ≥ 1000 g → kg(千克);
    likewise mL/L.
    Fails: 净含量：1000g; 净含量：0.5kg
    Passes: 净含量：1kg; 净含量：500g
    """
    id, severity, standard, clause = "LC581", "error", "net-content", "附表1"

    def check(self, ctx: Context) -> Iterator[Finding]:
        got = _quantity(ctx)
        if not got or got[1] is None:
            return
        fv, m = got
        num, unit = float(m.group("num")), m.group("unit")
        q = base_quantity(num, unit)
        if q is None:
            return
        small = unit in ("g", "G", "克", "mL", "ml", "ML", "毫升")
        if small and q >= 1000:
            big = "kg" if unit in _MASS else "L"
            yield self.finding(f"净含量{m.group(0)}不小于1000，应以{big}标示（{q / 1000:g} {big}）",
                               message_en=f"{m.group(0)} should be written in {big}", evidence=ctx.evidence_layout(fv.start, fv.end),
                               suggestions=[f"净含量：{q / 1000:g}{big}"])
        elif not small and q < 1000:
            little = "g" if unit in _MASS else "mL"
            yield self.finding(f"净含量{m.group(0)}小于1000 {little}，应以{little}标示（{q:g} {little}）",
                               message_en=f"{m.group(0)} should be written in {little}", evidence=ctx.evidence_layout(fv.start, fv.end),
                               suggestions=[f"净含量：{q:g}{little}"])


def _required_height(q: float) -> float:
    for upper, height in thresholds()["net_content_height"]["steps"]:
        if q <= upper:
            return height
    return 6.0


@register
class NetContentHeight(Rule):
    """The net content characters are shorter than the minimum for the quantity.

    Why: 定量包装商品计量监督管理办法 附表2 (and GB 7718-2011 4.1.5.4 表3): Qn ≤ 50 g → 2 mm; ≤ 200 g → 3 mm;
    ≤ 1000 g → 4 mm; more → 6 mm. Checked when the artwork gives character heights.
    Fails: 净含量：200克 set at 2.2 mm
    Passes: 净含量：200克 set at 3.2 mm
    """
    id, severity, standard, clause = "LC582", "error", "net-content", "附表2"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for i, span in enumerate(ctx.spans):
            if "净含量" not in span.text and "淨含量" not in span.text or span.height_mm is None:
                continue
            m = _QTY.search(span.text)
            q = base_quantity(float(m.group("num")), m.group("unit")) if m else None
            if q is None:
                continue
            need = _required_height(q)
            if span.height_mm < need - 1e-9:
                yield self.finding(f"净含量字符高度{span.height_mm:.1f} mm，低于{q:g}对应的最小高度{need:g} mm",
                                   message_en=f"net content set at {span.height_mm:.1f} mm, minimum {need:g} mm",
                                   evidence=Evidence(text=span.text, start=0, end=len(span.text), source="spans", spans=[i]))


@register
class MandatoryTextHeight(Rule):
    """Mandatory text is set below 1.8 mm on a pack whose largest surface exceeds 35 cm².

    Why: GB 7718-2011 3.9: "最大表面面积大于35cm²时…强制标示内容的文字、符号、数字的高度不得小于1.8mm". The 2025
    text drops the rule, so from 2027-03-16 this is not checked. Needs the package area and span heights.
    Fails: 配料 text at 1.5 mm on a 180 cm² pack
    Passes: the same at 2.0 mm; any size on a 30 cm² pack
    """
    id, severity, standard, clause = "LC583", "error", "gb-7718", "3.9 (2011)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.edition != "2011" or not ctx.doc or not ctx.doc.package or not ctx.doc.package.largest_surface_cm2:
            return
        t = thresholds()["typography"]
        if ctx.doc.package.largest_surface_cm2 <= t["min_text_surface_cm2"]:
            return
        # only mandatory content counts: the name, labelled fields and the nutrition table (artwork also
        # carries slogans and disclaimers in small type, which 3.9 does not govern)
        held = [ctx.layout.orig_text(fv.label_start, fv.end) for vs in ctx.fields.values() for fv in vs] if ctx.layout else []
        if ctx.nutrition and ctx.layout:
            held.append(ctx.layout.orig_text(ctx.nutrition.start, ctx.nutrition.end))
        small = [(i, s) for i, s in enumerate(ctx.spans) if s.height_mm is not None and s.height_mm < t["min_text_height_mm"] - 1e-9
                 and pattern(r"\p{Han}").search(s.text) and s.role not in ("decoration", "brand")
                 and (s.role == "name" or any(s.text.strip() and s.text.strip() in h for h in held))]
        if small:
            i, s = small[0]
            more = f"等{len(small)}处" if len(small) > 1 else ""
            yield self.finding(f"最大表面面积{ctx.doc.package.largest_surface_cm2:g} cm²，“{s.text[:20]}”{more}文字高度{s.height_mm:.1f} mm，小于1.8 mm",
                               message_en=f"{len(small)} run(s) of text below 1.8 mm on a pack over 35 cm²", edition="2011",
                               evidence=Evidence(text=s.text, start=0, end=len(s.text), source="spans", spans=[j for j, _ in small]))
