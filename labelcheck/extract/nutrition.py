"""The nutrition table (营养成分表) or explicit content statements, converted to per 100 g/mL."""
from __future__ import annotations

from functools import cache

import regex

from ..models import NutrientValue, NutritionTable
from ..resources import lexicon, pattern

_NUM = r"(?P<num>\d+(?:\.\d+)?)"
_UNIT = r"(?P<unit>kJ|KJ|kj|Kj|千焦|kcal|Kcal|KCAL|千卡|大卡|mg|毫克|μg|微克|ug|g|克|%)"
_BASIS = regex.compile(
    r"(?:每|per\s*)(?:(?P<hundred>100)\s*(?P<bu>g|克|ml|mL|毫升|ML)|份\s*\(?\s*(?:(?P<sv>\d+(?:\.\d+)?)\s*(?P<su>g|克|ml|mL|毫升))?|(?P<sv1>\d+(?:\.\d+)?)\s*(?P<su1>g|克|ml|mL|毫升))"
    r"|(?P<sv2>\d+(?:\.\d+)?)\s*(?P<su2>g|克|ml|mL|毫升)\s*/\s*份"
    r"|(?:份量|每份(?:重量|含量)?|食用份量)\s*[:(]?\s*(?P<sv3>\d+(?:\.\d+)?)\s*(?P<su3>g|克|ml|mL|毫升)",
    regex.IGNORECASE,
)
_STOP = regex.compile(r"^\s*(贮存|贮藏|储存|保存|生产|保质|配料|净含量|地址|电话|执行标准|产品标准|食用方法|致敏|过敏)", regex.MULTILINE)


@cache
def _row_pattern() -> tuple["regex.Pattern[str]", dict[str, str]]:
    by_name: dict[str, str] = {}
    for key, row in lexicon("nutrition")["rows"].items():
        for name in row["names"]:
            by_name[name] = key
    alts = "|".join("[ \t]{0,4}".join(regex.escape(ch) for ch in n) for n in sorted(by_name, key=len, reverse=True))
    pat = regex.compile(
        rf"(?:(?<=其中|-|—)|(?<!\p{{Han}}))(?P<name>{alts})(?!\p{{Han}}{{0,1}}醇)"
        rf"(?:\s*\((?:g|克|mg|毫克|kJ|千焦)\))?\s*(?:含量)?\s*(?::|≥|>=|不低于|不少于|≤|<=)?\s*"
        rf"{_NUM}\s*{_UNIT}?(?:\s*/\s*100\s*(?:g|克|ml|mL))?"
        rf"(?:\s*(?P<nrv>\d+(?:\.\d+)?)\s*%)?"
    )
    return pat, by_name


_CANON = {"kJ": ("kJ", 1.0), "KJ": ("kJ", 1.0), "kj": ("kJ", 1.0), "Kj": ("kJ", 1.0), "千焦": ("kJ", 1.0),
          "kcal": ("kJ", 4.184), "Kcal": ("kJ", 4.184), "KCAL": ("kJ", 4.184), "千卡": ("kJ", 4.184), "大卡": ("kJ", 4.184),
          "g": ("g", 1.0), "克": ("g", 1.0), "mg": ("mg", 1.0), "毫克": ("mg", 1.0),
          "μg": ("μg", 1.0), "微克": ("μg", 1.0), "ug": ("μg", 1.0), "%": ("%", 1.0)}


def _to_canonical(key: str, value: float, unit: str | None) -> float | None:
    want = lexicon("nutrition")["rows"][key]["unit"]
    if unit is None:
        return value
    canon, factor = _CANON.get(unit, (unit, 1.0))
    v = value * factor
    if canon == want or (key == "moisture" and canon == "%"):
        return v
    if canon == "g" and want == "mg":
        return v * 1000
    if canon == "mg" and want == "g":
        return v / 1000
    return None


def parse_nutrition(text: str) -> NutritionTable | None:
    """Read the table from the layout shadow; None when nothing nutritional is declared."""
    header = pattern(r"营养成分表|营养成分|营养标签|营养信息|Nutrition\s*Information").search(text)
    if header:
        start = header.start()
        stop = _STOP.search(text, header.end())
        end = stop.start() if stop else len(text)
    else:
        start, end = 0, len(text)
    region = text[start:end]
    table = NutritionTable(has_header=bool(header), start=start, end=end)
    basis = _BASIS.search(region)
    if basis:
        if basis.group("hundred"):
            table.basis = "100ml" if basis.group("bu").lower() in ("ml", "毫升") else "100g"
        else:
            table.basis = "serving"
            size = unit = None
            for b in _BASIS.finditer(region):
                size = b.group("sv") or b.group("sv1") or b.group("sv2") or b.group("sv3")
                unit = b.group("su") or b.group("su1") or b.group("su2") or b.group("su3")
                if size:
                    break
            if size:
                table.serving_size = float(size)
                table.serving_unit = "ml" if unit.lower() in ("ml", "毫升") else "g"
    row_re, by_name = _row_pattern()
    for m in row_re.finditer(region):
        label = m.group("name").replace(" ", "").replace("\t", "")
        key = by_name[label]
        if key in table.rows:
            continue
        unit = m.group("unit")
        if not header and unit is None:
            continue            # outside a table only explicit "蛋白质 8.2 g"-style statements count
        value = float(m.group("num"))
        canon = _to_canonical(key, value, unit)
        per100 = canon
        if canon is not None and table.basis == "serving":
            per100 = canon * 100.0 / table.serving_size if table.serving_size else None
        table.rows[key] = NutrientValue(
            key=key, label=label, value=value, unit=unit or "", raw=m.group(0),
            nrv_percent=float(m.group("nrv")) if m.group("nrv") else None,
            per100=per100, start=start + m.start(), end=start + m.end(),
        )
    if not table.rows:
        return None if not header else table
    return table
