"""The nutrition table (营养成分表) or explicit content statements, converted to per 100 g/mL."""
from __future__ import annotations

from functools import cache

import regex

from ..models import NutrientValue, NutritionTable, OtherColumn
from ..normalize import normalize
from ..wordscan import word_trie
from ..resources import lexicon
from .numbers import CONFUSABLE_DIGITS, DASH, NUMISH, Reading, read_number

_NUM = r"(?P<num>\d+(?:\.\d+)?)"
_BU = r"(?:g|克|ml|毫升)"
_SV = r"\d+(?:\.\d+)?"
_ABOUT = r"(?:约|≈|~)?[ \t]*"      # 每片（约75g）: a serving's size given as about so much


@cache
def _basis_pattern() -> "regex.Pattern[str]":
    """A column heading that says what the values are per: 每100g, 每份 (113g), 每片（113g）, 113g/份, 份量 113g."""
    pw = word_trie(lexicon("nutrition")["serving"]["portion_words"])
    # 每份（1个，60克）: the count of pieces before the size
    count = rf"(?:\d+[ \t]*(?:{pw})[ \t]*(?:[,、/][ \t]*|(?=约)))?"
    return regex.compile(
        rf"(?:每|per\s*)[ \t]*(?:(?P<hundred>100)\s*(?P<bu>{_BU})|份量?\s*(?:per\s*serving)?\s*\(?\s*(?:{count}{_ABOUT}(?P<sv>{_SV})\s*(?P<su>{_BU}))?|(?P<sv1>{_SV})\s*(?P<su1>{_BU}))"
        rf"|(?P<sv2>{_SV})\s*(?P<su2>{_BU})\s*/\s*份"
        rf"|(?:份量|每份(?:重量|含量)?|食用份量|serving\s*size|per\s*serving)\s*[:(]?\s*(?P<sv3>{_SV})\s*(?P<su3>{_BU})"
        # 每片（113g）, 每支 30g, 每袋 | NRV%: only as a column heading — 每袋净含量 200g, 每袋含4片 and
        # 净含量 400g（每袋200g×2袋）are no column, so a bare size must not run on into ×, / or a bracket
        rf"|每[ \t]*(?:[1-9][ \t]*)?(?:{pw})[ \t]*(?:\([ \t]*{_ABOUT}(?P<sv4>{_SV})[ \t]*(?P<su4>{_BU})(?![A-Za-z])"
        rf"|(?P<sv5>{_SV})[ \t]*(?P<su5>{_BU})(?![A-Za-z])(?![ \t]*[×*xX/)])"
        rf"|(?=\t|[ \t]*(?:NRV|营养素参考值|%|每|\||$)))",
        regex.IGNORECASE | regex.MULTILINE,
    )


@cache
def header_pattern() -> "regex.Pattern[str]":
    """The table's heading: the nutrition field's labels (lexicons/fields.toml), the one list the field reader uses
    too. Chinese ones may be letter-spaced as OCR reads spaced type (营 养 成 分 表), as field labels may."""
    labels = lexicon("fields")["fields"]["nutrition"]["labels"]
    latin = sorted((lab for lab in labels if lab[0].isascii()), key=len, reverse=True)
    han = word_trie([lab for lab in labels if not lab[0].isascii()], "[ \t]{0,6}")
    return regex.compile("|".join([han] + [r"\s*".join(map(regex.escape, lab.split())) for lab in latin]))


def _interleaved(text: str, header, end: int) -> tuple[int, str] | None:
    """Two columns copied out of a PDF line by line, the table's rows one line in two (营养成分表 ⏎ 配料：… ⏎ 项目 每100克
    NRV% ⏎ 椰子油、… ⏎ 能量 835千焦 10%): where the region up to the next label holds no row, the table is its heading, column
    headings and rows wherever they alternate with the other column's lines — up to two lines in a row without one.
    (The table's end, and its region with the other column's lines blanked: same length, so offsets hold.)"""
    row_re, _ = _row_pattern()
    head_end = _line_end(text, header.end())
    if any(row_re.match(ln.strip()) for ln in text[head_end:end].split("\n")):
        return None
    start = header.start()
    out, pos, misses, rows = [text[start:head_end]], head_end, 0, 0
    while pos < len(text) and misses < 2:
        stop = _line_end(text, pos + 1)
        line = text[pos:stop]                      # with its leading newline
        body = line.strip()
        if body and (row_re.match(body) or _column_heading().match(body)):
            out.append(line)
            misses = 0
            rows += bool(row_re.match(body))
        else:
            out.append("".join(ch if ch == "\n" else " " for ch in line))
            misses += 1 if body else 2
        pos = stop
    if rows < 2:
        return None
    region = "".join(out)
    last = len(region.rstrip(" \n"))
    return start + last, region[:last]


@cache
def _lone_unread() -> "regex.Pattern[str]":
    amount = rf"\d[\d.,]*[ \t]*(?:{_unit_spellings()})(?![A-Za-z])"
    return regex.compile(rf"(?<=[^\s\d][ \t]+)\ufffd(?=[ \t]+{amount})|(?<={amount}[ \t]+)\ufffd(?=[ \t]+\d[\d.]*[ \t]*%)",
                         regex.IGNORECASE)


def is_column_heading(line: str) -> bool:
    """A table's column headings' line (项目 每100克 NRV%)."""
    return _column_heading().match(line) is not None


@cache
def _column_heading() -> "regex.Pattern[str]":
    """The column headings' line of a table without its caption (项目 每100克 NRV%): lexicons/fields.toml."""
    first = lexicon("fields")["fields"]["nutrition"]["column_heading_first"]
    return regex.compile(r"(?m)^[ \t|｜]*(?:" + "|".join(map(regex.escape, first))
                         + r")[ \t|｜/]+[^\n]*?(?:每[ \t]*(?:100|份)|NRV|营养素参考值)", regex.IGNORECASE)


# (儿童青少年…: the sentence GB 28050-2025 4.5 prints under the table ends it; claims may follow on the next lines)
_STOP = regex.compile(r"^\s*(贮存|贮藏|储存|储藏|保存|生产|保质|配料|净含量|地址|电话|执行标准|产品标准|食用方法|致敏|过敏|儿童青少年|"
                      r"Storage|Ingredients|Net\s*W|Best\s*before|Importer|Manufacture|Address|Allergen)", regex.MULTILINE | regex.IGNORECASE)


_SEP = r"(?:[ \t]*/[ \t]*|[ \t]+)"


@cache
def _unit_spellings() -> str:
    """Every spelling of every unit, longest first (an alternation: μgRE before μg, 毫克 before 克)."""
    spellings = {u for values in lexicon("nutrition")["units"].values() for u in values}
    return "|".join(regex.escape(u) for u in sorted(spellings, key=len, reverse=True))


def _unit_pattern(group: str) -> str:
    """A unit, once or written twice in its two spellings — 克/g, 克 g, g/克, 千焦(kJ), kJ/千焦 — read as one
    (GB 28050 Table 1 note a: Chinese, English or both). Only spellings of one unit (lexicons/nutrition.toml
    [units]) pair up: in 千焦 kcal or 克 mg the second is another unit and is left for what follows."""
    alts = []
    for spellings in lexicon("nutrition")["units"].values():
        one = "|".join(regex.escape(u) for u in sorted(spellings, key=len, reverse=True))
        echo = rf"(?:{_SEP}(?:{one})(?![A-Za-z])|[ \t]*\([ \t]*(?:{one})[ \t]*\))"
        alts.append(rf"(?P<{group}>{one})(?![A-Za-z]){echo}?")
    return "(?:" + "|".join(alts) + ")"


def _cell(n: str) -> str:
    """One column's amount: 12.5克/g, 935 kJ/千焦, 17.6克 g, 27.0克(g), 12.5g/100g, and an energy given in both
    units — 1353千焦(323千卡), 323千卡(1353千焦), 1353千焦/323千卡: the other one is kept as alt{n}/altunit{n}.
    A bracket after the amount may hold another unit alone (12.5克(mg)): it is passed over, as before."""
    units = lexicon("nutrition")["units"]
    kj, kcal = ("|".join(map(regex.escape, units[u])) for u in ("kJ", "kcal"))
    other = (rf"\s*\(\s*(?:(?P<alt{n}>\d+(?:\.\d+)?)\s*)?(?:{_unit_pattern(f'altunit{n}')}|(?:{_unit_spellings()})(?![A-Za-z]))\s*\)"
             rf"|(?<=(?:{kj}))[ \t]*/[ \t]*(?P<alt{n}>\d+(?:\.\d+)?)[ \t]*(?P<altunit{n}>{kcal})(?![A-Za-z])"
             rf"|(?<=(?:{kcal}))[ \t]*/[ \t]*(?P<alt{n}>\d+(?:\.\d+)?)[ \t]*(?P<altunit{n}>{kj})(?![A-Za-z])")
    # the first column: a dash, a bare number (the unit in the row name: 蛋白质(g)) or a percentage too
    val, unit = (rf"{NUMISH}|{DASH}", rf"(?:{_unit_pattern('unit')}|(?P<unit>%))?") if not n else (NUMISH, _unit_pattern(f"unit{n}"))
    # the NRV% after the amount, bare or in brackets (a table flattened into one line: 能量892千焦（11%），蛋白质…)
    # (an OCR's letter O for a zero in it, 2O%, read as the amount's are: numbers.CONFUSABLE_DIGITS)
    pct = r"\d(?:\d|[Oo](?![A-Za-z]))*(?:\.\d+)?"
    nrv = rf"(?:\s*(?P<nrv{n}>{pct})\s*%|\s*\(\s*(?P<nrv{n}>{pct})\s*%\s*\))"
    return (rf"(?P<val{n}>{val})\s*{unit}(?:\s*/\s*100\s*(?:g|克|ml))?(?:{other})?{nrv}?")


def _percent(cell: str) -> float:
    """An NRV% as printed, an OCR's O for 0 read as the digit (2O% is 20 %)."""
    return float(cell.translate(CONFUSABLE_DIGITS))


@cache
def _row_pattern() -> tuple["regex.Pattern[str]", dict[str, str]]:
    by_name: dict[str, str] = {}
    for key, row in lexicon("nutrition")["rows"].items():
        for name in row["names"] + row.get("names_en", []) + row.get("names_ja", []) + row.get("names_ocr", []):
            by_name[name.lower()] = key
            by_name[normalize(name, compact=False).text.lower()] = key     # as the layout shadow spells it (質 → 质)
    han = [n for n in by_name if not n[0].isascii()]           # lower-cased: the pattern ignores case
    lat = sorted((n for n in by_name if n[0].isascii()), key=len, reverse=True)
    han_alt = word_trie(han, "[ \t]{0,4}", regex.escape)      # what the alternation longest first finds
    lat_alt = "|".join(r"\s*".join(regex.escape(w) for w in n.split()) for n in lat)
    # (含 before a name: 每100克含能量1676千焦，蛋白质…)
    name = rf"(?:(?:(?<=其中|-|—|含|(?<!\p{{Han}})一)|(?<!\p{{Han}}))(?:{han_alt})(?!\p{{Han}}{{0,1}}醇)|(?<![A-Za-z])(?:{lat_alt})(?![A-Za-z]))"
    # a gloss in another language beside the Chinese name (能量 Energie, 蛋白质 Eiweiß, 脂肪 Matières grasses):
    # known names, or up to three words of Latin script that are no unit
    # (an abbreviated one ends in a point: Carb., Sat. fat)
    foreign = (r"(?<![A-Za-z])(?!(?:kcal|kj|mg|ug|nrv)(?![A-Za-z]))[A-Za-zÀ-ÖØ-öø-ɏß]{3,}\.?(?:[ \t\-][A-Za-zÀ-ÖØ-öø-ɏß]{3,}\.?){0,2}(?![A-Za-z])"
               r"|[\p{Hiragana}\p{Katakana}ー]+\p{Han}?")       # a Japanese gloss: エネルギー, たんぱく質
    gloss = rf"(?:[ \t]*/?[ \t]*(?:(?<![A-Za-z])(?:{lat_alt})(?![A-Za-z])|(?:{han_alt})|{foreign}))?"
    # a bracketed note after the name, as 表1 prints some (维生素B1(硫胺素), 烟酸(烟酰胺)) and labels add (钙(以Ca计)) —
    # not a unit in brackets (蛋白质(g)), which is the column's unit
    note = rf"(?:[ \t]*\((?![ \t]*(?:{_unit_spellings()})[ \t]*\))[^()\n]{{1,14}}\))?"
    pat = regex.compile(
        rf"(?P<name>{name}){note}{gloss}(?:\s*\(\s*{_unit_pattern('hunit')}\s*\))?\s*(?:含量)?\s*(?::|(?P<least>≥|>=|不低于|不少于)|(?P<most>≤|<=|不高于|不超过))?\s*"
        # the value with its unit (once or in both spellings), the same energy in the other unit, the NRV%;
        # then a second column the same way
        rf"{_cell('')}(?:\s*{_cell('2')})?",
        regex.IGNORECASE,
    )
    return pat, by_name


@cache
def _serving_below() -> "regex.Pattern[str]":
    """The serving's size in brackets on the line under the column heading: 每份 | NRV% ⏎ (200克,约10只)."""
    pw = word_trie(lexicon("nutrition")["serving"]["portion_words"])
    return regex.compile(rf"每[ \t]*(?:份|{pw})[^\n]*\n[ \t]*\(\s*(?P<sv>{_SV})\s*(?P<su>{_BU})(?![A-Za-z])")


def _unit(u: str | None) -> str | None:
    """Case variants folded to the form GB 28050 prints (KJ and 千焦 are kept: both are kJ as written)."""
    if u is None:
        return None
    low = u.lower()
    return {"g": "g", "mg": "mg", "ug": "ug", "kcal": "kcal", "kj": u if u in ("kJ", "KJ", "kj", "Kj") else "kJ"}.get(low, u)


@cache
def _families() -> dict[str, str]:
    return {spelling.lower(): unit for unit, spellings in lexicon("nutrition")["units"].items() for spelling in spellings}


def unit_family(unit: str | None) -> str | None:
    """Which unit of lexicons/nutrition.toml [units] a spelling writes (千焦 → kJ, 千卡 → kcal, μgRE → μg); None: none."""
    return _families().get(unit.lower()) if unit else None


def in_unit(value: float, unit: str | None, want: str) -> float | None:
    """An amount in another mass unit (钠 0.4克 → 400 mg); the amount itself when its unit is `want` or unwritten."""
    have = unit_family(unit) if unit else want
    if have == want:
        return value
    if have in _MASS and want in _MASS:
        return value * _MASS[have] / _MASS[want]
    return None


def _canon_of(unit: str | None) -> tuple[str, float] | None:
    """(the unit GB 28050 writes, the factor to it) of a spelling: kcal spellings give kJ × kcal_to_kj; None: no unit."""
    if unit == "%":
        return "%", 1.0
    family = unit_family(unit)
    if family == "kcal":
        return "kJ", float(lexicon("nutrition")["energy"]["kcal_to_kj"])
    return (family, 1.0) if family else None


_MASS = {"g": 1e6, "mg": 1e3, "μg": 1.0}        # in μg


def _to_canonical(key: str, value: float, unit: str | None) -> float | None:
    want = lexicon("nutrition")["rows"][key]["unit"]
    if unit is None:
        return value
    found = _canon_of(unit)
    if found is None:
        return None                 # no unit GB 28050 or the lexicon knows
    canon, factor = found
    v = value * factor
    if key == "moisture" and canon == "%":
        return v
    return in_unit(v, canon, want)


def _row_as_printed(region: str, m) -> str:
    line_end = region.find("\n", m.end())
    return region[m.start():line_end if line_end >= 0 else len(region)].strip()


def _unitless_micronutrient(key: str, unit: str | None) -> bool:
    """A vitamin or mineral is read only with its amount's unit (mg, μg): 维生素D 400IU or a bare number leaves nothing
    to work an NRV% or a rounding from — the row is declared (a claim of it is no undeclared claim), its amount unread."""
    return bool(lexicon("nutrition")["rows"][key].get("micronutrient")) and unit_family(unit) is None


@cache
def _row_specs(edition: str) -> dict[str, dict]:
    out = {}
    for key, row in lexicon("nutrition")["rows"].items():
        own = {k[:-5]: v for k, v in row.items() if k.endswith("_2011")} if edition == "2011" else {}
        out[key] = {**row, **own}
    return out


def row_spec(key: str, edition: str) -> dict:
    """A row's unit, interval, "0" threshold and NRV under one edition (lexicons/nutrition.toml: its `_2011` keys where
    GB 28050-2011 differs)."""
    return _row_specs(edition)[key]


def row_name_zh(key: str) -> str:
    """The row's name as GB 28050 表1 prints it (the key where there is no such row)."""
    row = lexicon("nutrition")["rows"].get(key)
    return row["names"][0] if row else key


def nrvs(key: str) -> tuple[float, ...]:
    """The row's NRVs under either edition (表A.1: 2025's first; 2011's where it differs)."""
    return tuple(dict.fromkeys(v for v in (row_spec(key, "2025").get("nrv"), row_spec(key, "2011").get("nrv")) if v))


def _nrv_matches(key: str, value: float, unit: str | None, nrv: float) -> bool:
    """Does the NRV% fit the amount (by either edition's NRV: a label may follow either until 2027-03-16)?"""
    canon = _to_canonical(key, value, unit)
    return canon is not None and any(abs(canon / ref * 100 - nrv) <= 1.5 for ref in nrvs(key))


def _in_kj(key: str, m: "regex.Match[str]", n: str) -> tuple[str, str | None]:
    """A column's amount as written and its unit; an energy given in kcal with the kJ beside it (323千卡(1353千焦),
    323 kcal/1353 kJ) is read in kJ, the unit GB 28050 asks for and the one its NRV% is worked from."""
    raw, unit = m.group(f"val{n}"), _unit(m.group(f"unit{n}"))
    alt, alt_unit = m.group(f"alt{n}"), _unit(m.group(f"altunit{n}"))
    if key == "energy" and alt and _canon_of(unit) == _canon_of("kcal") and _canon_of(alt_unit) == ("kJ", 1.0):
        return alt, alt_unit
    return raw, unit


NRV_COLUMN = regex.compile(r"NRV|营养素参考值", regex.IGNORECASE)      # an NRV% column's heading
# (注：每份为60克, 每份食用量：50克, 净含量：200克（4份，每份50克）: the size of the serving, wherever the panel gives it)
_SERVING_NOTE = regex.compile(rf"每份(?:食品)?(?:食用量|净含量|重量|质量|含量)?[ \t]*(?:为|是|重|约|[:：])?[ \t]*{_ABOUT}(?P<sv>{_SV})[ \t]*(?P<su>{_BU})(?![A-Za-z])",
                              regex.IGNORECASE)

# a table whose columns are parted by slashes, heading and rows alike (项目/每100克/NRV%): not 能量/Energy or 千焦/kJ, a
# name or unit in two languages, which the heading of such a table does not have
_SLASH_HEADING = regex.compile(r"(?:^|\n)[ \t]*项目[ \t]*/[ \t]*(?:每|NRV|营养素参考值|含量)", regex.IGNORECASE)
_SLASH_CELL = regex.compile(r"(?<=[\p{Han}A-Za-z%)）\d])[ \t]*/[ \t]*(?=[<≤＜—\-]?[ \t]*\d)|(?<=项目)/")

# (丨 is the character OCR reads a ruled line as; underscores and middle dots are the leaders some tables draw)
_COLUMN_RULES = str.maketrans({c: " " for c in "|¦│┃║丨_·・"})


# a letter OCR put for a digit right after the amount read (1B.5g, 5B0mg, 62Omg, 176lkJ): the amount was cut short
_DIGIT_LOOKALIKES = frozenset("BSZbszOolI")


def _cut_short(region: str, m) -> bool:
    """The amount read stops at a letter that stands for a digit, with no space between: it is not the whole number."""
    return region[m.end("val"):m.end("val") + 1] in _DIGIT_LOOKALIKES


_PACK_SPEC = regex.compile(r"\s*[*×xX＊]\s*\d")      # 500g*2袋: a pack's size and count


def _implausible(key: str, value: float | None, unit: str | None, m) -> bool:
    """An amount no food has (more than 100 g in 100 g: 125g, a decimal point lost), or one whose own NRV% fits it
    only with its decimal point back (脂肪 45g 8%: 4.5 g is 8 %): a point lost to the scan, not a value to judge."""
    if value is None:
        return False
    canon = _canon_of(unit)
    if canon and canon[0] == "g" and key != "energy" and value * canon[1] > 100:
        return True
    if unit == "%" and key != "moisture" and not m.group("nrv") and regex.search(r"\.\d{2,}", m.group("val") or ""):
        return True         # 碳水化合物 14.05%: 14.0 g and 5 % run together, the unit lost between them
    nrv = m.group("nrv")
    if nrv and key != "energy" and value >= 10:
        stated = _percent(nrv)
        if not _nrv_matches(key, value, unit, stated) and (
                _nrv_matches(key, value / 10, unit, stated) or _nrv_matches(key, value / 100, unit, stated)):
            return True
    return False


_COLUMN_GAP = regex.compile(r"[ \t]{3,}")     # full-width spaces fold to spaces: a two-column back panel's gutter


def _right_column(text: str, header) -> tuple[int, int, str] | None:
    """A back panel's two columns pasted line by line (配料：…　　　　项目　每100克　NRV%): the table is the right
    column — the part of each line after its first wide gap, from the heading's line on while lines have one. The
    region comes back with the left column blanked (same length, so offsets hold); None where the heading is not
    set after such a gap."""
    ls = text.rfind("\n", 0, header.start()) + 1
    before = text[ls:header.start()]
    if not before.strip() or not _COLUMN_GAP.search(before[-3:]):
        return None
    out = [" " * len(before) + text[header.start():_line_end(text, ls)]]       # the heading's line: its column
    pos = _line_end(text, ls) + 1
    while pos < len(text):
        line = text[pos:_line_end(text, pos)]
        gap = _COLUMN_GAP.search(line)
        if gap is None or not line[gap.end():].strip():
            break
        out.append(" " * gap.end() + line[gap.end():])
        pos += len(line) + 1
    if len(out) < 3:
        return None
    return ls, ls + sum(len(x) + 1 for x in out) - 1, "\n".join(out)


@cache
def _serving_nrv() -> "regex.Pattern[str]":
    """The NRV% column headed as the serving's: NRV%（每份）, 营养素参考值%(每片), NRV% per serving."""
    pw = word_trie(lexicon("nutrition")["serving"]["portion_words"])
    return regex.compile(rf"(?:NRV|营养素参考值)[ \t]*%?[ \t]*[(/][ \t]*(?:每[ \t]*(?:份|{pw})|per[ \t]*serving)", regex.IGNORECASE)


_REFERS_ELSEWHERE = regex.compile(r"[^\d\n]*(?:见|参见|参照|详见|请参阅)[^\d\n]*$")


_SIZE_GROUPS = ("", 1, 2, 3, 4, 5)       # the basis pattern's sv/su group pairs


def _heading_size(region: str, basis_re) -> tuple[str | None, str | None]:
    """(size, unit) of the first heading that gives a serving's size (每份(25克), 每片 30g, 113g/份), or (None, None)."""
    for b in basis_re.finditer(region):
        if b.group("hundred"):
            continue
        for i in _SIZE_GROUPS:
            if b.group(f"sv{i}"):
                return b.group(f"sv{i}"), b.group(f"su{i}")
    return None, None


def _set_serving(table: NutritionTable, size: str, unit: str) -> None:
    table.serving_size = float(size)
    table.serving_unit = "ml" if unit.lower() in ("ml", "毫升") else "g"


def _nrv_heading_between(region: str, basis_re) -> bool:
    """每份(50g) | NRV% | 每100克: the NRV% heading set between the serving's heading and the per-100 one, on
    their line."""
    serving = hundred = None
    for b in basis_re.finditer(region):
        if b.group("hundred"):
            hundred = b
            break
        serving = b                  # the last before it: a heading above may give the serving's size (每份6粒约120g)
    if serving is None or hundred is None:
        return False
    nrv = NRV_COLUMN.search(region, serving.end(), hundred.start())
    return nrv is not None and "\n" not in region[serving.start():hundred.start()]


def _line_end(text: str, pos: int) -> int:
    le = text.find("\n", pos)
    return len(text) if le < 0 else le


_OWN_HEADING = regex.compile(r"营[ \t]*养[ \t]*成[ \t]*[分份]")


_LEADERS = regex.compile(r"[-—–.·…_]{3,}(?=[ \t]*\d)")
_HUNDRED = regex.compile(r"(?:[1lI][ \t]*[0Oo][ \t]*[0Oo][ \t]*|每百)(?:g|克|ml|毫升)(?![A-Za-z])", regex.IGNORECASE)


def parse_nutrition(text: str) -> NutritionTable | None:
    """Read the table from the layout shadow; None when nothing nutritional is declared."""
    headers = list(header_pattern().finditer(text))
    # the table's own heading starts its line; a mention in prose (含糖量见营养成分表) is no heading
    at_line_start = [h for h in headers if not text[text.rfind("\n", 0, h.start()) + 1:h.start()].strip(" \t【[〔（(")]
    # an import's Chinese table (营养成分表 on the sticker) before the original's Nutrition Facts, wherever each stands:
    # the Chinese label carries the mandatory items (GB 7718-2011 4.1; 2025 8.1.2)
    chinese = [h for h in at_line_start if not h.group(0).lstrip()[:1].isascii()]
    # …and of Chinese headings, GB 28050's own 营养成分表 before another market's 营養標籤 (Hong Kong's, left on an
    # import's pack above the sticker): the sticker's table is the one the standard asks for
    own = [h for h in chinese if _OWN_HEADING.search(h.group(0))]
    chinese = own or chinese
    # a mention inside a sentence stands for a heading only where values follow it on its line (…营养成分表 每100g 能量…),
    # never where it refers elsewhere (营养成分等信息见随货产品说明书)
    inline = [h for h in headers if not _REFERS_ELSEWHERE.match(text, h.end(), _line_end(text, h.end()))]
    header = (chinese or at_line_start or inline or [None])[0]
    if header is None and (header := _column_heading().search(text)):
        at_line_start = [header]           # a table without its caption: its column headings' line heads it
    if header:
        start = header.start()
        stop = _STOP.search(text, header.end())
        end = stop.start() if stop else len(text)
    else:
        start, end = 0, len(text)
    column = _right_column(text, header) if header and header not in at_line_start else None
    if column:
        start, end, region = column
    elif header and (woven := _interleaved(text, header, end)):
        end, region = woven
    else:
        region = text[start:end]
    # a table drawn with rules (项目|每100克|NRV%, │ box drawing): the rules are column gaps; same length, same offsets
    region = region.translate(_COLUMN_RULES)
    # leaders between a row's name and its amount (钠 ------ 450mg, 能量……818千焦): a gap, not a dash for "no amount"
    region = _LEADERS.sub(lambda m: " " * len(m.group(0)), region)
    # a photo's mark for ink it could not read (U+FFFD), alone in the gap between cells that were all read — a row's
    # name and its amount with a unit (钠 � 560毫克 28%), or that amount and its NRV% (脂肪 10.0克 � 17%) — is a gap
    # (the photo step still says the table was not all read); where it may stand for the amount itself (蛋白质 � 43%),
    # it stays, and the row is unreadable
    if "\ufffd" in region:
        region = _lone_unread().sub(" ", region)
    if _SLASH_HEADING.search(region):
        # 项目/每100克/营养素参考值% ⏎ 能量/785千焦/9%: slashes are the column rules (one character for one: offsets hold)
        region = _SLASH_CELL.sub(" ", region)
    table = NutritionTable(has_header=bool(header), start=start, end=end)
    basis_re = _basis_pattern()
    basis = basis_re.search(region)
    # (…/100克, 营养成分/100克：…, an OCR's 每1OOg or 每 1 0 0 克: a hundred written any way says per 100)
    table.basis_stated = basis is not None or _HUNDRED.search(region) is not None
    hundred_first = True     # False: a per-serving column comes first and a per-100 one after it
    if basis:
        if basis.group("hundred"):
            table.basis = "100ml" if basis.group("bu").lower() in ("ml", "毫升") else "100g"
        else:
            table.basis = "serving"
            size, unit = _heading_size(region, basis_re)
            if not size:
                # under the heading (每份 ⏎ (200克)), or in a note (注：每份为60克（1个）)
                below = _serving_below().search(region) or _SERVING_NOTE.search(region) \
                    or _SERVING_NOTE.search(text, end, min(len(text), end + 200)) or _SERVING_NOTE.search(text)
                if below:
                    size, unit = below.group("sv"), below.group("su")
            if size:
                _set_serving(table, size, unit)
            # a per-serving column first and a per-100 column after it: the second column is per 100
            hundred_first = not any(b.group("hundred") for b in basis_re.finditer(region))
    if table.serving_size is None and table.basis != "serving":
        # 项目 每100克 每份(25克) NRV%(每份): the serving's size, for the report, where the values are per 100 g
        size, unit = _heading_size(region, basis_re)
        if size:
            _set_serving(table, size, unit)
    row_re, by_name = _row_pattern()
    zero = {k: r.get("zero") for k, r in lexicon("nutrition")["rows"].items()}
    serving_nrv = bool(header) and _serving_nrv().search(region) is not None
    # 每份 | NRV% | 每100克, or NRV%（每份） after both: the NRV% column is the serving's
    nrv_of_serving = not hundred_first and (serving_nrv or _nrv_heading_between(region, basis_re))
    per_100_rows = 0          # rows read from the per-100 column of a table whose per-serving column comes first
    # a table of a per-100 and a per-serving column (GB 28050-2025 B 示例2): each row's other column is kept and checked
    bases = [bool(b.group("hundred")) for b in basis_re.finditer(region)] if header else []
    two_bases = True in bases and False in bases
    for m in row_re.finditer(region):
        label = regex.sub(r"\s+", " ", m.group("name")).strip()
        key = by_name[label.replace(" ", "").lower()] if label.replace(" ", "").lower() in by_name else by_name[label.lower()]
        label = label.replace(" ", "") if not label[0].isascii() else label
        if key in table.rows or key in table.unreadable:
            continue
        raw1, unit = _in_kj(key, m, "")
        unit = unit or _unit(m.group("hunit"))
        if not header and unit is None:
            continue            # outside a table only explicit "蛋白质 8.2 g"-style statements count
        reading = read_number(raw1)
        if reading.dash and header:
            # 钠 — —: a dash declares no amount (GB 28050 asks for the amount; "—" stands only in an NRV% column, 2025
            # B.5): the row is there, its content is not — never a 0 a claim could rest on
            table.undeclared[key] = _row_as_printed(region, m)
            continue
        bare_nrv = None
        if reading.value is None and m.group("unit") == "%" and m.group("hunit") and key != "moisture":
            # 钠(mg) 120 6%: the amount (its unit in the row name) and a one-digit NRV% — where the NRV% fits the
            # amount; read_number alone cannot tell 120 6 from a 1206 split by the scan
            pieces = raw1.split()
            if len(pieces) == 2 and regex.fullmatch(r"\d{1,3}(?:\.\d)?", pieces[1]):
                first = read_number(pieces[0])
                if first.value is not None and not first.below \
                        and _nrv_matches(key, first.value, _unit(m.group("hunit")), float(pieces[1])):
                    reading = Reading(first.value, raw1, columns=(float(pieces[1]),), repaired=first.repaired)
        if reading.value is None and m.group("unit") is None and m.group("hunit") and header \
                and NRV_COLUMN.search(region):
            # 能量(kJ) 758 9 under 项目 每100g NRV%: the unit in the row name, the NRV% printed without % (2025 B.5)
            pieces = raw1.split()
            if len(pieces) == 2 and regex.fullmatch(r"\d{1,3}", pieces[1]):
                first = read_number(pieces[0])
                if first.value is not None:
                    reading, bare_nrv = first, float(pieces[1])
        elif m.group("hunit") and reading.columns and header and NRV_COLUMN.search(region):
            # 蛋白质(g) 15.2 25: the amount, then its NRV% without %; 蛋白质(g) 12.0 20 13.6 23 (每100克 NRV% 每份 NRV%):
            # the first NRV% is this amount's, the last the serving's
            bare_nrv = reading.columns[0] if len(reading.columns) >= 3 else reading.columns[-1]
        use_second = False
        per_serving = None          # (the per-100 figure) where the row is judged per serving
        if table.basis == "serving" and not hundred_first and m.group("val2"):
            use_second = True      # 每份 | 每100克: read the per-100 column
        if not header and (_implausible(key, reading.value, unit, m) or _PACK_SPEC.match(region, m.end())):
            continue            # outside a table, 0胆固醇 500g*2袋 is a title's claim and its pack size, not a row
        if reading.value is None or (reading.below and zero.get(key) is not None and reading.value > zero[key]) \
                or _cut_short(region, m) or _implausible(key, reading.value, unit, m):
            # the row as printed (钠 5B0mg 25%), not only as far as it was read
            line_end = region.find("\n", m.end())
            table.unreadable[key] = region[m.start():line_end if line_end >= 0 else len(region)].strip()
            continue
        # "<0.5 g" at or under the "0" threshold means 0 (GB 28050 Table 1); a moisture's "≤4.0%" is the most the
        # product holds, as _declared_moisture reads it (the dry-basis protein is then the least it can be)
        value = 0.0 if reading.below and key != "moisture" else reading.value
        nrv = _percent(m.group("nrv")) if m.group("nrv") else None
        if unit == "%" and key != "moisture" and reading.columns and nrv is None:
            # 蛋白质(g) 12.5 21%: one space apart, the amount and the NRV% ran together as one run of numbers;
            # the % is the last number's, and the unit is the one in the row name
            nrv, unit = reading.columns[-1], _unit(m.group("hunit"))
        elif nrv is None and bare_nrv is not None:
            nrv = bare_nrv
        if unit == "%" and key != "moisture" and nrv is None and m.group("val2") and _unit(m.group("unit2")) != "%":
            # 项目 | NRV% | 每100克: the NRV% column first, the amount after it
            nrv = value
            raw1, unit = _in_kj(key, m, "2")
            reading = read_number(raw1)
            value = 0.0 if reading.below else reading.value
            if value is None:
                continue
        elif m.group("val2") and serving_nrv and not use_second and nrv is None and m.group("nrv2") \
                and table.basis != "serving" and (second := read_number(_in_kj(key, m, "2")[0])).value is not None:
            # 项目 | 每100克 | 每份（113克） | NRV%（每份）: the NRV% the heading gives to the serving is that amount's (GB
            # 28050-2011 B.2.3 示例3): the row is judged per serving, its per-100 figure kept for claims
            per_serving = (_to_canonical(key, value, unit),)
            value, unit, nrv = second.value, _in_kj(key, m, "2")[1], _percent(m.group("nrv2"))
        elif m.group("val2"):
            raw2, unit2 = _in_kj(key, m, "2")
            second = read_number(raw2)
            nrv2 = _percent(m.group("nrv2")) if m.group("nrv2") else None
            nrv_any = nrv if nrv is not None else nrv2
            other, other_unit = (second.value, unit2) if not use_second else (value, unit)
            # which column an NRV% belongs to is not written down: keep it only where it fits the value read
            if use_second and second.value is not None:
                value, unit = second.value, unit2
            if use_second and other is not None and nrv_any is not None and nrv_of_serving:
                per_serving = (_to_canonical(key, value, unit),)        # judged per serving, as below
                value, unit = other, other_unit
            elif nrv_any is not None and not _nrv_matches(key, value, unit, nrv_any):
                if other is not None and _nrv_matches(key, other, other_unit, nrv_any):
                    if use_second:
                        # 每份 | NRV% | 每100克 (or the NRV% last): the NRV% is the serving's, and right — the row is
                        # judged per serving, as the label prints it, its per-100 figure kept for claims
                        per_serving = (_to_canonical(key, value, unit),)
                        value, unit = other, other_unit
                    else:
                        nrv_any = None      # it is the other column's, and right
            nrv = nrv_any
        if _unitless_micronutrient(key, unit):
            table.unreadable[key] = _row_as_printed(region, m)       # declared, its amount not read (LC010)
            continue
        canon = _to_canonical(key, value, unit)
        per100 = canon if per_serving is None else per_serving[0]
        if canon is not None and table.basis == "serving" and not use_second:
            per100 = canon * 100.0 / table.serving_size if table.serving_size else None
        table.rows[key] = NutrientValue(
            key=key, label=label, value=value, unit=unit or "", raw=m.group(0),
            nrv_percent=nrv, per100=per100, start=start + m.start(), end=start + m.end(),
            bound="least" if m.group("least") else "most" if m.group("most") or reading.below else None,
            other=_other_column(key, m, value, unit, hundred_first, table) if m.group("val2") and two_bases else None,
            # (a letter read as a digit — 8l8 kJ, 16.O g — not a decimal comma or a spaced-out number)
            letters_read=reading.repaired and _LETTER_IN_NUMBER.search(raw1) is not None,
        )
        if use_second and per_serving is None:
            per_100_rows += 1
    if per_100_rows and per_100_rows == len(table.rows):
        # 每份 | 每100克 | NRV%: every value was read from the per-100 column (its NRV% fits it), so that is the
        # table's basis; the serving's size stays for the report
        hundred = next((b for b in basis_re.finditer(region) if b.group("hundred")), None)
        if hundred is not None:
            table.basis = "100ml" if (hundred.group("bu") or "").lower() in ("ml", "毫升") else "100g"
    _point_or_thousands(table)
    if header:
        _sideways(region, start, table, by_name)
        _names_without_values(region, table, by_name)
    if not table.rows and not table.unreadable:
        return None if not header else table
    if "moisture" not in table.rows and "moisture" not in table.unreadable:
        _declared_moisture(text, table)
    return table


_LETTER_IN_NUMBER = regex.compile(r"[OolI]")


def _other_column(key: str, m, value: float | None, unit: str | None, hundred_first: bool,
                  table: NutritionTable) -> OtherColumn | None:
    """The column of a two-column row (每100克 | 每份) the row's own value was not taken from: its amount, unit, NRV% and
    per-100 figure, for the rules that check it too (GB 28050-2025 B 示例2 makes both columns the table)."""
    raw1, unit1 = _in_kj(key, m, "")
    raw2, unit2 = _in_kj(key, m, "2")
    first, second = read_number(raw1), read_number(raw2)
    if first.columns or second.columns or len(raw2.split()) > 1:
        return None         # numbers run together (852千焦 10 963千焦 with a bare NRV%): which is which cannot be told
    unit1 = unit1 or _unit(m.group("hunit"))
    columns = [(first.value, unit1, m.group("nrv")), (second.value, unit2, m.group("nrv2"))]
    chosen = next((i for i, (v, u, _) in enumerate(columns) if v == value and (u or None) == (unit or None)), None)
    if chosen is None or None in (first.value, second.value):
        return None
    v, u, n = columns[1 - chosen]
    per_serving_column = (1 - chosen == 0) != hundred_first
    canon = _to_canonical(key, v, u)
    per100 = canon if not per_serving_column else (canon * 100.0 / table.serving_size
                                                   if canon is not None and table.serving_size else None)
    # an NRV% of its own only where the row gives one per column (每100克 NRV% 每份 NRV%): a single NRV% is the row's
    both = bool(m.group("nrv") and m.group("nrv2"))
    return OtherColumn(value=v, unit=u or "", nrv_percent=_percent(n) if n and both else None, per100=per100,
                       per_serving=per_serving_column)


_DECIMAL_COMMA = regex.compile(r"\d,\d{1,2}(?!\d)")
_POINT_AND_THREE = regex.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])")


def _point_or_thousands(table: NutritionTable) -> None:
    """A table that writes its decimals with a comma (16,5 g, as European co-packers print) may write its thousands
    with a point (能量 1.130 kJ): there a point and three digits is 1130 as much as 1.13. Such a row cannot be read
    (LC010 says so) rather than be judged on a guess (numbers.py: never a confident wrong number)."""
    if not any(_DECIMAL_COMMA.search(r.raw) for r in table.rows.values()):
        return
    for key, row in list(table.rows.items()):
        if _POINT_AND_THREE.search(row.raw):
            del table.rows[key]
            table.unreadable[key] = row.raw.strip()


# 水分：3.0%, 产品质量指标：水分 6.0%, 水分≤4.0%: a moisture the label states outside its table (a stated maximum read
# as the value: the most the product holds). Read only where the table has no 水分 row.
_MOISTURE_STATEMENT = regex.compile(r"(?:水分|含水量)[ \t]*[:：]?[ \t]*(?:≤|<=|<|不超过|不高于)?[ \t]*(?P<v>\d+(?:\.\d+)?)[ \t]*%")


def _declared_moisture(text: str, table: NutritionTable) -> None:
    m = _MOISTURE_STATEMENT.search(text)
    if m is None:
        return
    value = float(m.group("v"))
    if not 0 <= value < 100:
        return
    table.rows["moisture"] = NutrientValue(key="moisture", label="水分", value=value, unit="g", raw=m.group(0),
                                           nrv_percent=None, per100=value, start=m.start(), end=m.end())


@cache
def _cell_pattern() -> "regex.Pattern[str]":
    """One cell of a sideways table: an amount and its unit (any spelling of lexicons/nutrition.toml [units])."""
    return regex.compile(rf"^(?P<val>{NUMISH})\s*(?P<unit>{_unit_spellings()})?$", regex.IGNORECASE)
_PCT_CELL = regex.compile(r"^(?P<p>\d+(?:\.\d+)?)\s*%$")


def _sideways(region: str, start: int, table: NutritionTable, by_name: dict[str, str]) -> None:
    """A table laid sideways (GB 28050-2011 B.2.4 allows it on a wide pack): a line of row names across
    (项目 能量 蛋白质 脂肪 …), the amounts in the line under it cell for cell (每100g 827kJ 16.5g …) and, if given, the
    NRV% in the next (NRV% 10% 28% …). Read where every cell lines up; where not, its rows are unreadable (LC010),
    not missing (LC602)."""
    lines = region.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for i, line in enumerate(lines):
        if regex.search(r"\d", line):
            continue
        cells = [(m.group(0), m.start()) for m in regex.finditer(r"\S+", line)]
        keys = [by_name.get(c.lower()) for c, _ in cells]
        named = [(k, c) for k, (c, _) in zip(keys, cells) if k]
        if len(named) < 3:
            continue
        values = [(m.group(0), m.start()) for m in regex.finditer(r"\S+", lines[i + 1])] if i + 1 < len(lines) else []
        if len(values) == len(named) + 1:
            values = values[1:]     # 每100g / Per 100 g heads the row
        # the first cell may be 项目; every other must be a row's name, and the amounts line up with them
        if any(k is None for k in keys[1:]) or len(values) != len(named):
            for key, label in named:
                if key not in table.rows and key not in table.unreadable:
                    table.unreadable[key] = f"{label}：表格横排，数值未按行读取"
            continue
        nrvs: list = [None] * len(named)
        if i + 2 < len(lines):
            pcts = [m.group(0) for m in regex.finditer(r"\S+", lines[i + 2])]
            if len(pcts) == len(named) + 1:
                pcts = pcts[1:]
            if len(pcts) == len(named) and all(_PCT_CELL.match(p) for p in pcts):
                nrvs = [float(_PCT_CELL.match(p).group("p")) for p in pcts]
        for (key, label), (cell, at), nrv in zip(named, values, nrvs):
            m = _cell_pattern().match(cell)
            reading = read_number(m.group("val")) if m else None
            if key in table.rows or key in table.unreadable:
                continue
            if reading is None or reading.value is None or m.group("unit") is None:
                table.unreadable[key] = f"{label} {cell}"
                continue
            unit = _unit(m.group("unit"))
            if _unitless_micronutrient(key, unit):
                table.unreadable[key] = f"{label} {cell}"
                continue
            value = reading.value
            canon = _to_canonical(key, value, unit)
            per100 = canon if table.basis != "serving" else (
                canon * 100.0 / table.serving_size if canon is not None and table.serving_size else None)
            cell_start = start + offsets[i + 1] + at
            table.rows[key] = NutrientValue(key=key, label=label, value=value, unit=unit or "", raw=f"{label} {cell}",
                                            nrv_percent=nrv, per100=per100, start=cell_start, end=cell_start + len(cell))


def _names_without_values(region: str, table: NutritionTable, by_name: dict[str, str]) -> None:
    """A table read column by column (a scan's OCR, a PDF copied column-wise): its row names stand on lines of their
    own, several in a row, and the amounts come later in another run. Which amount is whose is not read: each such
    row is unreadable (LC010), not missing (LC602)."""
    run: list[tuple[str, str]] = []
    for line in region.splitlines() + [""]:
        if not regex.search(r"\d", line) and sum(1 for c in line.split() if c.lower() in by_name) >= 3:
            continue                # names across one line: a sideways table, _sideways's
        key = by_name.get(regex.sub(r"\s+", "", line).lower())
        if key is not None and not regex.search(r"\d", line):
            run.append((key, line.strip()))
            continue
        if len(run) >= 3:
            for k, printed in run:
                if k not in table.rows and k not in table.unreadable:
                    table.unreadable[k] = f"{printed}：表格按列排列，数值与项目无法对应"
        run = []
