"""GB 28050 nutrition labelling, both editions: the table's rows, units, rounding, NRV%, energy,
the 2025 sentence, and nutrient claims against Table C.1 (records: rules/records/gb28050.toml).
Row names, units, intervals, NRVs and energy factors are lexicons/nutrition.toml; claims lexicons/claims.toml."""
from __future__ import annotations

import math
from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..models import Evidence, Finding
from ..normalize import normalize
from ..resources import lexicon, pattern
from ..classes import by_protein_source
from ..extract.nutrition import NRV_COLUMN, in_unit, nrvs, row_name_zh, row_spec, unit_family
from .base import procedure
from .engine import listing_note
from .records import RuleRecord



@cache
def _nut() -> dict:
    return lexicon("nutrition")


def _table(ctx: Context):
    return ctx.nutrition if ctx.nutrition and ctx.nutrition.has_header else None


def _row_ev(ctx: Context, row):
    return ctx.evidence_layout(row.start, row.end)


@procedure("LC601")
def nutrition_table_missing(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label or (ctx.nutrition and not ctx.nutrition.limits_only):
        return
    from .exemptions import nutrition_exemption     # h15: GB 28050 chapter 7 per edition (LC710 says which)
    if nutrition_exemption(ctx):
        return
    yield from rule.by_edition(ctx, **listing_note(ctx))


@procedure("LC602")
def core_nutrient_missing(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    t = _table(ctx)
    if not t or not ctx.is_complete_label:
        return
    core = _nut()["core"]
    for key in core["edition_2025"]:
        if key in t.rows or key in t.unreadable:
            continue
        editions = None if key in core["edition_2011"] else ("2025",)
        if key in t.undeclared:
            raw = t.undeclared[key]
            ev = ctx.evidence_found(raw, t.start)
            yield from rule.by_edition(ctx, editions=editions, variant="dash", row=row_name_zh(key), key=key,
                                       raw=" ".join(ev.text.split()) if ev else raw, evidence=ev)
            continue
        yield from rule.by_edition(ctx, editions=editions, row=row_name_zh(key), key=key)


def _per_edition(ctx: Context, rule: RuleRecord, fault) -> Iterator[Finding]:
    """The finding `fault(edition)` gives under the edition in force; under 2011, where only the 2025 figures (an NRV, a
    threshold the 2025 edition changed) find a fault, the 2025 warning of what will be asked from its date."""
    now = fault(ctx.edition)
    if now is not None:
        yield from rule.by_edition(ctx, **now)
    elif ctx.edition == "2011" and (later := fault("2025")) is not None:
        yield from rule.by_edition(ctx, editions=("2025",), **later)


@procedure("LC603")
def nutrient_unit(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    t = _table(ctx)
    if not t:
        return
    rows = _nut()["rows"]
    for key, row in t.rows.items():
        want = rows[key]["unit"]
        if row.unit and key != "moisture" and unit_family(row.unit) != want:
            yield from rule.by_edition(ctx, label=row.label, key=key, want=want, unit=row.unit, evidence=_row_ev(ctx, row))
        o = row.other
        if o is not None and o.unit and key != "moisture" and unit_family(o.unit) != want:
            # the table's other column (每份 beside 每100克): its amounts are the table's too
            yield from rule.by_edition(ctx, label=f"{row.label}（{_column_name(o)}）", key=key, want=want, unit=o.unit,
                                       evidence=_row_ev(ctx, row))


def _column_name(o) -> str:
    return "每份" if o.per_serving else "每100克"


@procedure("LC604")
def nutrient_rounding(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    t = _table(ctx)
    if not t:
        return
    rows = _nut()["rows"]
    for key, row in t.rows.items():
        if "interval" not in rows[key] or (row.unit and unit_family(row.unit) != rows[key]["unit"]):
            continue                  # 钠 0.52克, 能量 200千卡: in another unit than the table's (LC603), whose interval it is not

        def fault(edition: str, row=row, key=key) -> dict | None:
            s = row_spec(key, edition)
            interval, zero, v = s["interval"], s["zero"], row.value
            steps = v / interval
            if abs(steps - round(steps)) > 1e-6:
                return dict(label=row.label, key=key, value=v, interval=interval, evidence=_row_ev(ctx, row))
            # (the "0" threshold is per 100 g/mL: a row judged per serving is held to it by its per-100 figure — 2011 表1
            # note b, 2025 6.5 "当使用“每份”标示营养成分含量时，也依此进行判断" — and one of a serving of unknown size not at all)
            per100 = row.per100 if row.per100 is not None else (None if t.basis == "serving" else v)
            if row.bound == "most" and v == 0:
                # <0.5克: at or under the threshold, written as a bound — the standard asks for "0" itself
                return dict(variant="below", label=row.label, key=key, raw=_bound_as_printed(row), evidence=_row_ev(ctx, row))
            if per100 is not None and 0 < per100 <= zero:
                return dict(variant="zero", label=row.label, key=key, value=v, zero=zero, evidence=_row_ev(ctx, row))
            return None
        yield from _per_edition(ctx, rule, fault)


def _bound_as_printed(row) -> str:
    """The amount as the row prints it (<0.5克), from the row's text after its name."""
    m = regex.search(r"[<＜≤][^\s%]*", row.raw)
    return m.group(0) if m else row.raw


def _expected_nrv(row, key: str, nrv: float) -> int | None:
    value = in_unit(row.value, row.unit, _nut()["rows"][key]["unit"])
    return None if value is None else math.floor(value / nrv * 100 + 0.5)


@procedure("LC605")
def nrv_percent(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    t = _table(ctx)
    if not t:
        return
    tol = _nut()["nrv_tolerance"]["points"]
    for key, row in t.rows.items():
        if row.nrv_percent is None or not nrvs(key):
            continue

        def fault(edition: str, row=row, key=key) -> dict | None:
            if row_spec(key, edition).get("nrv") is None:
                # 胆固醇 15% under the 2025 edition, which gives it no NRV: "不做NRV%计算" (A.3.2) — a warning: the figure
                # misleads little, and 0% says nothing wrong at all
                return None if not row.nrv_percent else dict(variant="no_nrv", severity="warning", label=row.label,
                                                            key=key, declared=row.nrv_percent, evidence=_row_ev(ctx, row))
            return _nrv_off(ctx, row, row, key, edition, row.label, tol)
        now = fault(ctx.edition)
        if now is not None and ctx.edition == "2011" and fault("2025") is None:
            # worked from the 2025 NRV (锌 11 mg, 维生素D 10 μg): right for a label that follows GB 28050-2025 as a
            # whole, which it may before that edition's date — not an error of the figure
            yield from rule.by_edition(ctx, variant="newer_nrv", severity="warning",
                                       nrv_2025=row_spec(key, "2025")["nrv"], nrv_2011=row_spec(key, "2011")["nrv"],
                                       nrv_unit=_nut()["rows"][key]["unit"], **now)
            continue
        yield from _per_edition(ctx, rule, fault)
    for key, row in t.rows.items():
        o = row.other
        if o is None or o.nrv_percent is None or not nrvs(key):
            continue

        def other_fault(edition: str, row=row, key=key, o=o) -> dict | None:
            return _nrv_off(ctx, row, o, key, edition, f"{row.label}（{_column_name(o)}）", tol)
        yield from _per_edition(ctx, rule, other_fault)


def _nrv_off(ctx: Context, row, column, key: str, edition: str, label: str, tol: float) -> dict | None:
    """LC605's finding for one column of a row (the row's own, or its other: `column` holds value, unit and
    nrv_percent), where its NRV% is off the amount's by more than the tolerance under the edition's NRV; else None."""
    nrv = row_spec(key, edition).get("nrv")
    expected = None if nrv is None else _expected_nrv(column, key, nrv)
    if expected is None or abs(column.nrv_percent - expected) <= tol:
        return None
    return dict(label=label, key=key, declared=column.nrv_percent, value=column.value, unit=column.unit,
                expected=expected, evidence=_row_ev(ctx, row))


@procedure("LC616")
def columns_disagree(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    """GB 28050 3.1 / 2025 3.1 (真实、客观): a table's per-serving column and its per-100 column give one food's content —
    a row whose two figures, the serving's worked to 100 g by its stated size, differ beyond their rounding is said (a
    warning: which of the two is wrong cannot be told)."""
    t = _table(ctx)
    if not t:
        return
    share = rule.params["relative"]
    rows = _nut()["rows"]
    for key, row in t.rows.items():
        o = row.other
        if o is None or row.per100 is None or o.per100 is None or "interval" not in rows[key] \
                or row.value == 0 or o.value == 0:
            continue        # a 0 is the "0" threshold's reading (2025 6.5), not an amount to compare
        a, b = row.per100, o.per100
        slack = max(share * max(a, b), 2 * rows[key]["interval"] * (100.0 / t.serving_size if t.serving_size else 1))
        if abs(a - b) <= slack:
            continue
        serving, hundred = (o, row) if o.per_serving else (row, o)
        yield from rule.by_edition(ctx, label=row.label, key=key, serving=f"{serving.value:g}{serving.unit}",
                                   size=f"{t.serving_size:g}", worked=f"{serving.per100:.1f}",
                                   hundred=f"{hundred.value:g}{hundred.unit}", evidence=_row_ev(ctx, row))


@procedure("LC613")
def nrv_percent_missing(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    """GB 28050 4.1: the core rows' NRV% are mandatory. Only a table that shows no NRV% anywhere — no % sign in its
    region, no NRV column — is judged: a column the reader could not pair with its rows is no omission."""
    t = _table(ctx)
    if not t or not ctx.is_complete_label or ctx.layout is None:
        return
    core = [key for key in _nut()["core"]["edition_2011"] if key in t.rows]
    if len(core) < 3:
        return
    if any(row.nrv_percent is not None for row in t.rows.values()):
        yield from _row_nrv_missing(ctx, rule, t)
        return
    region = ctx.layout.text[t.start:t.end]
    if "%" in region or NRV_COLUMN.search(region):
        return
    from .exemptions import nutrition_exemption, package_area
    if nutrition_exemption(ctx):
        return                 # a pack that owes no table may show one in words without NRV% (2011 B.2.5, 2025 B 示例6)
    largest, total = package_area(ctx)
    from .net_content import declared_quantity
    quantity = declared_quantity(ctx)
    if largest is None and total is None and (quantity is None or quantity < rule.params["net_content_sure"]):
        # the pack's area unknown and its content small: it may be one of the small packs that may leave NRV% out
        yield from rule.by_edition(ctx, variant="maybe_small", severity="warning")
        return
    yield from rule.by_edition(ctx)


def _row_nrv_missing(ctx: Context, rule: RuleRecord, t) -> Iterator[Finding]:
    """A table with its NRV% column, and a mandatory row with an NRV left blank on its line (—饱和脂肪 4.2克, under the
    2025 edition's 4.1): only where the row's line shows no percentage at all, so a column the reader did not pair is no
    omission. 糖 has no NRV (2025 B.5 leaves its cell blank)."""
    text = ctx.layout.text
    core = _nut()["core"]
    for key in core["edition_2025"]:
        row = t.rows.get(key)
        if row is None or row.nrv_percent is not None or not row_spec(key, "2025").get("nrv"):
            continue
        line_end = text.find("\n", row.end)
        rest = text[row.end:line_end if line_end >= 0 else len(text)]
        if "%" in text[row.start:row.end] or "%" in rest or any(c.isdigit() for c in rest):
            continue
        editions = None if key in core["edition_2011"] else ("2025",)
        yield from rule.by_edition(ctx, editions=editions, variant="row", row=row_name_zh(key), key=key,
                                   evidence=_row_ev(ctx, row))


@procedure("LC614")
def nutrition_basis_unstated(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    """GB 28050-2011 6.1 / 2025 3.4: the amounts are per 100 g or mL or per serving, and a serving's size is stated. A
    table of rows that says neither (项目 含量 NRV%) is read as per 100 g — a warning that it does not say so; a 每份
    table with no size anywhere is an error: no per-100 figure, no claim, no composition limit can be judged."""
    t = _table(ctx)
    if not t or len(t.rows) < 2:
        return
    if not t.basis_stated:
        yield from rule.by_edition(ctx, variant="no_basis", severity="warning")
    elif t.basis == "serving" and t.serving_size is None:
        # 每份 names no amount at all; 每袋, 每片 name a unit whose size the net content or the pack may give: a warning
        region = ctx.layout.text[t.start:t.end]
        yield from rule.by_edition(ctx, **({} if "每份" in region else {"severity": "warning"}))


@procedure("LC606")
def energy_mismatch(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    t = _table(ctx)
    if not t or not all(k in t.rows for k in ("energy", "protein", "fat", "carbohydrate")):
        return
    if ctx.edition == "2025":
        return          # h15: 2025 2.3 computes energy from the declared values — LC750 (energy.py) judges it
    e = rule.params
    energy = t.rows["energy"]
    unit = unit_family(energy.unit) if energy.unit else "kJ"
    if unit not in ("kJ", "kcal"):
        return
    declared = energy.value * (_nut()["energy"]["kcal_to_kj"] if unit == "kcal" else 1)
    f = e["factors"]
    computed = sum(f[k] * t.rows[k].value for k in ("protein", "fat", "carbohydrate"))
    if "fibre" in t.rows:
        computed += f["fibre"] * t.rows["fibre"].value
    gap = abs(declared - computed)
    if gap > e["tolerance_kj"] and gap > e["tolerance_ratio"] * max(computed, 1):
        yield from rule.by_edition(ctx, declared=declared, computed=computed, gap=gap,
                                   evidence=_row_ev(ctx, energy))


@procedure("LC607")
def children_sentence_missing(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    t = _table(ctx)
    if not t or not ctx.is_complete_label:
        return
    sentence = _nut()["children_sentence"]["text"]
    text = ctx.layout.text
    found = [m for m in _children_sentence().finditer(text)]
    if not found:
        yield from rule.by_edition(ctx, sentence=sentence)
    elif all(m.end() <= t.start for m in found):
        # above the table in the reading order: 4.5 asks for it below — a warning, since text order is not always where
        # the artwork sets it
        m = found[0]
        yield from rule.by_edition(ctx, variant="above", severity="warning", sentence=sentence,
                                   evidence=ctx.evidence_layout(m.start(), m.end()))


@cache
def _children_sentence() -> "regex.Pattern[str]":
    """The sentence as printed: over two lines (儿童青少年应避免 ⏎ 过量摄入盐油糖), spaced, with 顿号 or quotation marks between
    its words (盐、油、糖, “盐油糖”) — the same wording."""
    sentence = _nut()["children_sentence"]["text"]
    gap = r"[\s、，,·“”\"'‘’「」『』]*"
    return regex.compile(gap.join(map(regex.escape, sentence)))


@cache
def _claim_patterns():
    out = []
    for c in lexicon("claims")["claims"]:
        out.append((c, regex.compile(c["pattern"])))
    # 表C.1 vitamins and minerals: each claim shape for each micronutrient row, by its names
    not_before = lexicon("claims")["micronutrient_not_before"]
    for key, row in _nut()["rows"].items():
        if not row.get("micronutrient"):
            continue
        # (维生素B1 is no claim of 维生素B12; 铁观音 none of 铁)
        names = "|".join(regex.escape(n) + (f"(?!{'|'.join(map(regex.escape, not_before[n]))})" if n in not_before else "")
                         for n in sorted(row["names"], key=len, reverse=True)) + ")(?!\\d"
        for shape in lexicon("claims")["micronutrient_claims"]:
            claim = {**shape, "id": f"{shape['id']}_{key}", "nutrient": key,
                     "label": shape["label"].format(name=row["names"][0])}
            out.append((claim, regex.compile(shape["pattern"].replace("{names}", names), regex.IGNORECASE)))
    return out


def _claim_zone(ctx: Context) -> list[tuple[int, int]]:
    """Where claims may be: everywhere but the ingredient list and the nutrition table itself."""
    skip = []
    if ctx.ingredients_field:
        skip.append((ctx.ingredients_field.start, ctx.ingredients_field.end))
    if ctx.nutrition and ctx.nutrition.has_header:
        skip.extend(_table_lines(ctx.layout.text, ctx.nutrition.start, ctx.nutrition.end))
    # how to cook it (食用方法：热锅少油煎至两面金黄) says nothing of the food's own content
    skip.extend((fv.start, fv.end) for fv in ctx.fields.get("usage", []))
    # who made it, where, under what brand (西安高铁新城, 某某低脂食品有限公司, 品牌：富硒源) claims nothing of the food
    skip.extend((fv.start, fv.end) for name in ("producer", "address", "contact", "origin")
                for fv in ctx.fields.get(name, []))
    skip.extend(m.span() for m in _brand_lines().finditer(ctx.layout.text))
    text = ctx.layout.text
    return skip + _function_sentences(text)


def _table_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The nutrition table's own lines: its heading and every line with a figure. A line of words alone below the rows
    (低脂 · 无防腐剂, GB 28050-2025 示例7 sets claims beside the table) is the pack's claim, not the table's."""
    out, pos = [], start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        line = text[pos:stop]
        if pos == start or any(c.isdigit() for c in line):
            out.append((pos, stop))
        pos = stop + 1
    return out


@cache
def _brand_lines() -> "regex.Pattern[str]":
    """A line that gives the brand (品牌：富硒源, 商标：…): fields.toml's brand labels at a line start, with the rest of the
    line (the brand is no field of the label items, so the field reader does not keep it)."""
    labels = sorted(lexicon("fields")["fields"]["brand"]["labels"], key=len, reverse=True)
    return regex.compile(r"(?m)^[ \t]*(?:" + "|".join(map(regex.escape, labels)) + r")[ \t]*[:：][^\n]*", regex.IGNORECASE)


def _content_claim_zone(ctx: Context) -> list[tuple[int, int]]:
    """Where content claims are not read: the claim zone's exclusions and the comparisons (比…少油50%: LC612's)."""
    return _claim_zone(ctx) + [m.span() for m in _comparisons(ctx)]


def _comparisons(ctx: Context) -> list:
    """Every match of every comparative shape in the label (read once: LC610 leaves them out, LC612 judges them)."""
    cached = ctx.hints.get("_comparisons")
    if cached is None:
        text = ctx.layout.text
        cached = ctx.hints["_comparisons"] = [m for pattern in _comparative() for m in pattern.finditer(text)]
    return cached


def _function_sentences(text: str) -> list[tuple[int, int]]:
    skip = []
    for sentence in lexicon("claims")["function_claims"]["sentences"]:
        at = text.find(sentence)
        while at >= 0:
            skip.append((at, at + len(sentence)))
            at = text.find(sentence, at + 1)
    return skip


@procedure("LC610")
def nutrient_claim_unmet(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    skip = _content_claim_zone(ctx)
    text = ctx.layout.text
    per_ml = bool(ctx.nutrition and ctx.nutrition.basis == "100ml")
    seen = set()
    for claim, claim_re in _claim_patterns():
        for m in claim_re.finditer(text):
            if any(a <= m.start() < b for a, b in skip) or claim["id"] in seen:
                continue
            seen.add(claim["id"])
            ev = ctx.evidence_layout(m.start(), m.end())
            value = ctx.nutrition.per100(claim["nutrient"]) if ctx.nutrition else None
            said = dict(claim=m.group(0), label=claim["label"], evidence=ev)
            if value is None:
                # a row read per portion of unknown size (每片, 每份) is declared: only its per-100 g figure is unknown
                declared = ctx.nutrition and (claim["nutrient"] in ctx.nutrition.rows
                                              or claim["nutrient"] in ctx.nutrition.unreadable)
                if ctx.nutrition and ctx.nutrition.has_header and not declared:
                    # 富硒/富锌 before a food word describes a raw material (精选恩施富硒大豆, 富锌玉米) as much as this food:
                    # a warning; 富含钙, 高钙, 含有维生素D claim it of the food
                    raw_material = "nrv_pct" in claim and _RAW_MATERIAL_WORD.match(text, m.start(), m.end() + 1)
                    yield from rule.by_edition(ctx, variant="undeclared", nutrient=row_name_zh(claim["nutrient"]),
                                               **({"severity": "warning"} if raw_material else {}), **said)
                continue
            if "nrv_pct" in claim:
                yield from _micronutrient_claim(ctx, rule, claim, value, per_ml, said)
                continue
            lo = claim.get("min_ml" if per_ml and "min_ml" in claim else "min")
            hi = claim.get("max_ml" if per_ml and "max_ml" in claim else "max")
            unit = "mL" if per_ml else "g"
            energy = ctx.nutrition.per100("energy")
            per_energy = claim.get("min_per_420kj") is not None and energy and value * 420 / energy >= claim["min_per_420kj"]
            if lo is not None and value < lo - 1e-9 and not per_energy:      # C.1 also allows the per-420 kJ route
                k = claim.get("min_per_420kj")
                yield from rule.by_edition(ctx, variant="below", need=lo, unit=unit, value=value,
                                           per_energy_zh=f"（或≥{k:g}/420 kJ）" if k else "",
                                           per_energy_en=f" (or ≥ {k:g} per 420 kJ)" if k else "", **said)
            if hi is not None and value > hi + 1e-9:
                yield from rule.by_edition(ctx, variant="above", need=hi, unit=unit, value=value, **said)
            elif claim.get("also"):
                yield from _condition_unmet(ctx, rule, lexicon("claims")["conditions"][claim["also"]], per_ml, said)


_RAW_MATERIAL_WORD = regex.compile(r"富(?!含)\p{Han}+\p{Han}")       # 富 + the element, a word running on


def _micronutrient_claim(ctx: Context, rule: RuleRecord, claim: dict, value: float, per_ml: bool,
                         said: dict) -> Iterator[Finding]:
    """表C.1 高/富含 or 来源/含有 a vitamin or mineral: a share of its NRV (each edition's) per 100 g or 100 mL, or per
    420 kJ."""
    key = claim["nutrient"]
    pct = claim["nrv_pct_ml" if per_ml else "nrv_pct"]
    energy = ctx.nutrition.per100("energy")
    unit = _nut()["rows"][key]["unit"]

    def fault(edition: str) -> dict | None:
        nrv = row_spec(key, edition)["nrv"]
        need = pct / 100 * nrv
        if value >= need - 1e-9 or (energy and value * 420 / energy >= claim["nrv_pct_per_420kj"] / 100 * nrv - 1e-9):
            return None
        return dict(variant="below_nrv", need=round(need, 2), pct=pct, pct_420=claim["nrv_pct_per_420kj"],
                    nutrient_unit=unit, unit="mL" if per_ml else "g", value=value, have=value / nrv * 100, **said)
    yield from _per_edition(ctx, rule, fault)


@cache
def _comparative() -> tuple["regex.Pattern[str]", ...]:
    """The shapes of a comparative claim: 比普通香肠脂肪减少20%, 脂肪含量降低了20%, 减盐20%, 蛋白质是…的1.2倍."""
    c = lexicon("claims")["comparative"]
    alt = lambda words: "|".join(sorted(map(regex.escape, words), key=len, reverse=True))  # noqa: E731
    nut, verb, compare = alt(c["nutrients"]), alt(c["verbs"]), alt(c["compare_words"])
    long_verb, prefix = alt([v for v in c["verbs"] if len(v) > 1]), alt(c["prefix_verbs"])
    # a range (减少20%-30%) states no one figure: not judged
    pct = r"(?:约)?\s*(?P<pct>\d+(?:\.\d+)?)\s*%(?!\s*[-~～至到]\s*\d)"
    clause = r"[^，,。；;!！\n]"          # within one clause: the layout shadow writes a comma as ,
    return (regex.compile(rf"(?:{compare}){clause}{{0,15}}?(?P<nut>{nut})(?:含量)?的?(?P<verb>{verb})了?{pct}"),
            regex.compile(rf"(?P<nut>{nut})(?:含量)?(?:{compare}){clause}{{1,15}}?(?P<verb>{verb})了?{pct}"),
            regex.compile(rf"(?P<nut>{nut})(?:含量)?(?P<verb>{long_verb})了?{pct}"),
            regex.compile(rf"(?P<verb>{prefix})(?P<nut>{nut}){pct}"),
            regex.compile(rf"(?P<nut>{nut})(?:含量)?(?:是|为){clause}{{1,15}}?的\s*(?P<times>\d+(?:\.\d+)?)\s*倍"))


@procedure("LC612")
def comparative_claim_too_small(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    skip = _claim_zone(ctx)
    need = rule.params["min"]
    seen: list[tuple[int, int]] = []
    for m in _comparisons(ctx):
        if any(a <= m.start() < b for a, b in skip) or any(m.start() < e and s < m.end() for s, e in seen):
            continue                      # one claim, however many of the shapes read it
        seen.append(m.span())
        found = m.groupdict()             # each shape holds a percentage or a multiple
        value = float(found["pct"]) if found.get("pct") else (float(found["times"]) - 1) * 100
        if value <= 0 or value >= need - 1e-9:
            continue
        yield from rule.by_edition(ctx, claim=m.group(0), value=round(value, 1), min=need,
                                   evidence=ctx.evidence_layout(m.start(), m.end()))


def _condition_unmet(ctx: Context, rule: RuleRecord, cond: dict, per_ml: bool, said: dict) -> Iterator[Finding]:
    """A claim met on its own nutrient that C.1 makes meet another claim's conditions too (无胆固醇: 低饱和脂肪)."""
    value = ctx.nutrition.per100(cond["nutrient"])
    if value is None:
        return                              # not declared (the 2011 table need not): nothing to weigh
    if ctx.edition == "2011" and cond.get("plus_2011"):
        value += ctx.nutrition.per100(cond["plus_2011"]) or 0.0     # 2011 C.1 note: 饱和脂肪及反式脂肪的总和
    hi = cond["max_ml" if per_ml else "max"]
    energy = ctx.nutrition.per100("energy")
    share = value * cond["kj_per_g"] / energy * 100 if energy else None
    if value > hi + 1e-9 or (share is not None and share > cond["max_energy_share"] + 1e-9):
        yield from rule.by_edition(ctx, variant="condition", condition=cond["label"], nutrient=row_name_zh(cond["nutrient"]),
                                   value=value, need=hi, unit="mL" if per_ml else "g", share=share or 0.0,
                                   max_share=cond["max_energy_share"], **said)


def _dairy_food(ctx: Context) -> bool:
    """A dairy food of class other: its first protein ingredient is dairy, or, with no list, its name is a milk
    powder's (a plant-made powder is class plant_milk_powder, so an other's 奶粉 is a dairy one)."""
    if ctx.product_class != "other":
        return False
    if ctx.ingredients:       # the class its first protein ingredient points to, as classify read it
        return ctx.classification.ingredient_class == by_protein_source("dairy_protein")
    return bool(ctx.name and ctx.name.matches("milk_powder"))


@procedure("LC611")
def dairy_only_claim(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.product_class in rule.params["dairy_classes"] or _dairy_food(ctx):
        return
    skip = _claim_zone(ctx)
    for claim in lexicon("claims")["dairy_only_claims"]:
        for m in pattern(claim["pattern"]).finditer(ctx.layout.text):
            if not any(a <= m.start() < b for a, b in skip):
                yield from rule.by_edition(ctx, claim=m.group(0), why=claim["why"], evidence=ctx.evidence_layout(m.start(), m.end()))
                break


@procedure("LC615")
def claim_taller_than_name(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    """GB 28050-2025 6.6: a nutrition claim's characters no taller than the name's tallest. Judged on artwork: a span
    that holds a content claim (lexicons/claims.toml) and is set taller than every character of the displayed name."""
    if not ctx.spans:
        return
    from .typography import name_layout
    layout = name_layout(ctx)
    if layout is None:
        return
    tallest = max((h for h in layout.heights if h), default=None)
    if tallest is None:
        return
    named = set(layout.span_of)
    slack = 1 + lexicon("thresholds")["typography"]["claim_height_tolerance"]
    said = set()
    for i, span in enumerate(ctx.spans):
        height = span.height_px if layout.unit == "px" else span.height_mm
        if i in named or height is None or height <= tallest * slack:
            continue
        shadow = normalize(span.text, compact=False).text
        claim = next((m.group(0) for _, rx in _claim_patterns() if (m := rx.search(shadow))), None)
        if claim is None or claim in said:
            continue
        said.add(claim)
        yield from rule.by_edition(ctx, claim=claim, height=height, name_height=tallest, unit=layout.unit,
                                   evidence=Evidence(text=span.text, start=0, end=len(span.text), source="spans",
                                                     spans=[i]))
