"""Artwork runs (PDF characters, SVG text) → a label document: panels, columns and lines in reading
order, the brand and the displayed name told apart, spans with height, colour, panel and box kept.

Panels: a PDF page or an SVG layer/group the designer named is a panel; within a PDF page or unnamed
SVG text, blocks of text separated by a wide gap (a dieline's faces laid side by side) are panels too —
a named panel is never cut so. A narrower gap separates columns — unless most lines of the two blocks
share baselines, as a table's columns do.
A line is assembled within one column of one panel only, so two panels whose text happens to sit on
one baseline are never read as one line. The principal display panel is the one carrying the name.

Brand versus name: a line is the brand when it carries ®/™/商标, is the value of a 品牌 field, is on
the configured brand list, or is a short logo-sized line without any name word, away from the
name. The displayed name is the largest line that holds a name word (乳基蛋白, 植物肉, 牛肉饼 …),
with a qualifier line set just above or below it; failing any, the largest line that is no brand.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from functools import cache

import regex

from ..annotate import find_terms
from ..extract.terms import category_words
from ..models import LabelDocument, Span
from ..normalize import normalize
from ..resources import lexicon

NAME_HINT_CATS = ("dairy_qualifier", "plant_qualifier", "plant_meat", "soy_word", "animal_meat", "plant_milk_powder_name", "milk_powder",
                  "traditional_soy")
_TRADEMARK = regex.compile(r"[®™℠]|\(R\)|（R）|\bTM\b|商标|注册商标")
_BRAND_FIELD = regex.compile(r"^\s*品\s*牌\s*[:：]\s*(?P<brand>\S.*?)\s*$")
_HAN = regex.compile(r"\p{Han}")


@cache
def settings() -> dict:
    return lexicon("artwork")


@dataclass
class Run:
    """A piece of text in one size and colour on one baseline (coordinates in mm, y down)."""

    text: str
    size_mm: float
    color: str | None
    x0: float
    x1: float
    baseline: float
    page: int
    panel: str
    role: str | None = None
    vertical: bool = False
    explicit_panel: bool = False      # the panel was named by the artwork (a page, a layer), not found by gaps
    column: int = 0
    font: str | None = None
    extra: dict = field(default_factory=dict)


def known_brands() -> list[str]:
    """Brands the lexicon lists (lexicons/titles.toml, each with its source) and the user configured."""
    try:
        listed = [b for b in lexicon("titles").get("brands", []) if isinstance(b, str)]
    except Exception:                                 # noqa: BLE001
        listed = []
    return listed + configured_brands()


def configured_brands() -> list[str]:
    """Brand names the user configured (labelcheck.config when present), else none."""
    try:
        from .. import config as _config            # added by the configuration work; optional here
        getter = getattr(_config, "brands", None) or getattr(_config, "brand_allowlist", None)
        if callable(getter):
            return [b for b in getter() if isinstance(b, str) and b.strip()]
        current = getattr(_config, "current", None) or getattr(_config, "settings", None)
        cfg = current() if callable(current) else current
        brands = getattr(cfg, "brands", None) if cfg is not None else None
        return [b for b in (brands or []) if isinstance(b, str) and b.strip()]
    except Exception:                                 # noqa: BLE001 — no configuration: no allowlist
        return []


# ---------------------------------------------------------------- vertical (stacked) CJK text

_STACK_MARKS = set("，、。：；！？·・ー—…")
_STACK_MIN = 3                 # characters in a column before it is read as one
_STACK_COLUMN = 1001           # stacked columns read apart from the block's lines and from turned text (1000)


def _stack_candidate(r: Run) -> bool:
    t = r.text
    return not r.vertical and len(t) == 1 and r.size_mm > 0 and (_HAN.match(t) is not None or t in _STACK_MARKS)


def mark_stacked(runs: list[Run], pages: list[tuple[float, float]] | None = None) -> None:
    """Vertical CJK text (CSS writing-mode: vertical-rl printed to PDF): upright characters set one under another, in
    columns read right to left. Each such character is turned into the reading frame of turned text (along its column
    top to bottom, the columns following one another leftward), marked `vertical` and kept apart in its panel, so a
    column reads as one line ("大豆植物肉", then "汉堡饼") — not each character as a line, nor across as rows — and
    takes no part in cutting the page into panels.

    Found conservatively, so that horizontal text and tables never are. A column: at least three single characters
    (Han, or a CJK mark between them) of one size with the same left and right edges, one steady step of about an em
    (0.9 to 1.25) apart down the page. And nothing on any of its characters' rows reads across instead: nothing
    beside a character closer than the gap above it plus a quarter em (a paragraph's or a table's neighbours), and
    within eight ems nothing but the next column of such characters, at most an em away (the second column of a
    vertical name). A grid's justified labels (配　料 over 地　址) have their other character in line with them."""
    cands = [r for r in runs if _stack_candidate(r)]
    if len(cands) < _STACK_MIN:
        return
    import bisect
    # chains: candidates of one page with (nearly) one left edge, then of one size and right edge, one steady step
    # apart down the page
    cands.sort(key=lambda r: (r.page, r.x0))
    groups: list[list[Run]] = []
    for r in cands:
        h = groups[-1][-1] if groups else None
        if h is not None and h.page == r.page and r.x0 - h.x0 <= 0.1 * r.size_mm:
            groups[-1].append(r)
        else:
            groups.append([r])
    chains: list[tuple[list[Run], float]] = []
    for g in groups:
        g.sort(key=lambda r: r.baseline)
        chain: list[Run] = []
        step = 0.0
        for r in g + [None]:
            if r is not None and chain:
                h = chain[-1]
                d = r.baseline - h.baseline
                if (abs(h.size_mm - r.size_mm) <= 0.05 * h.size_mm and abs(h.x1 - r.x1) <= 0.15 * h.size_mm
                        and 0.9 * h.size_mm <= d <= 1.25 * h.size_mm and (len(chain) == 1 or abs(d - step) <= 0.1 * step)):
                    step = d if len(chain) == 1 else step
                    chain.append(r)
                    continue
            if len(chain) >= 2:
                chains.append((chain, step))
            chain, step = ([r] if r is not None else []), 0.0
    if not any(len(c) >= _STACK_MIN for c, _ in chains):
        return
    column_of = {id(m): k for k, (c, _) in enumerate(chains) for m in c}
    # every printing run of a page, by baseline, for the neighbour test
    by_page: dict[int, list[Run]] = {}
    for r in runs:
        if r.text.strip() and not r.vertical:
            by_page.setdefault(r.page, []).append(r)
    for rs in by_page.values():
        rs.sort(key=lambda r: r.baseline)
    keys = {p: [r.baseline for r in rs] for p, rs in by_page.items()}

    def alone(m: Run, k: int, step: float) -> bool:
        size = m.size_mm
        rs, ks = by_page[m.page], keys[m.page]
        for r in rs[bisect.bisect_left(ks, m.baseline - 0.6 * size):bisect.bisect_right(ks, m.baseline + 0.6 * size)]:
            if r is m or abs(r.baseline - m.baseline) > 0.5 * min(r.size_mm, size):
                continue
            gap = max(r.x0 - m.x1, m.x0 - r.x1)
            if gap < (step - size) + 0.25 * size:
                return False                 # reads across: a line's or a cell's neighbour
            if gap < 8 * size and not (gap <= size and column_of.get(id(r), k) != k):
                return False                 # in line with it: a row of a grid
        return True

    for k, (chain, step) in enumerate(chains):
        if len(chain) < _STACK_MIN or sum(1 for c in chain if _HAN.match(c.text)) < _STACK_MIN \
                or not all(alone(c, k, step) for c in chain):
            continue
        for c in chain:
            c.extra["stacked"] = (c.x0, c.baseline - c.size_mm, c.x1, c.baseline)     # the page box, for the span
    # turned only once every column is found (the test above reads the page as it stands)
    for chain, _ in chains:
        if "stacked" not in chain[0].extra:
            continue
        page = chain[0].page
        width = pages[page - 1][0] if pages and 0 < page <= len(pages) else max(r.x1 for r in runs if r.page == page)
        start = chain[0].extra["stacked"][1]
        for i, c in enumerate(chain):
            c.x0 = start + i * c.size_mm          # along the column the characters abut: a column's tracking is no gap
            c.x1 = c.x0 + c.size_mm
            c.baseline = width - c.extra["stacked"][2]
            c.vertical = True


# ---------------------------------------------------------------- panels and columns

def _clusters(runs: list[Run], gap: float, page_width: float) -> list[list[Run]]:
    """Runs split where the horizontal projection of the (not page-wide) runs has a gap wider than `gap`."""
    narrow = [r for r in runs if (r.x1 - r.x0) <= settings()["layout"]["wide_run_share"] * page_width] or runs
    spans = sorted((r.x0, r.x1) for r in narrow)
    blocks: list[list[float]] = []
    for x0, x1 in spans:
        if blocks and x0 - blocks[-1][1] <= gap:
            blocks[-1][1] = max(blocks[-1][1], x1)
        else:
            blocks.append([x0, x1])
    if len(blocks) <= 1:
        return [runs]
    out: list[list[Run]] = [[] for _ in blocks]
    for r in runs:
        mid = r.x0 + min(r.x1 - r.x0, 2 * r.size_mm) / 2      # where the run starts, for a run bridging blocks
        k = min(range(len(blocks)), key=lambda i: 0 if blocks[i][0] <= mid <= blocks[i][1] else
                min(abs(mid - blocks[i][0]), abs(mid - blocks[i][1])))
        out[k].append(r)
    return [c for c in out if c]


def _baseline_share(a: list[Run], b: list[Run], tol: float | None = None) -> float:
    """The share of the smaller block's baselines that the other block shares (a table's columns: most), baselines
    agreeing within `tol` of the smaller size (the layout's baseline tolerance unless given)."""
    tol = settings()["layout"]["baseline_tolerance"] if tol is None else tol

    def lines(block):       # one entry per baseline, not per character
        out: list[tuple[float, float]] = []
        for r in sorted(block, key=lambda r: r.baseline):
            if not out or abs(out[-1][0] - r.baseline) > tol * min(out[-1][1], r.size_mm):
                out.append((r.baseline, r.size_mm))
        return out
    la, lb = lines(a), lines(b)
    small, big = (la, lb) if len(la) <= len(lb) else (lb, la)
    hits = sum(1 for y, s in small if any(abs(y - y2) <= tol * min(s, s2) for y2, s2 in big))
    return hits / max(1, len(small))


def _split(runs: list[Run], page_width: float, gap_mm: float, gap_em: float, keep_tables: bool,
           force_factor: float) -> list[list[Run]]:
    sizes = [r.size_mm for r in runs] or [3.0]
    gap = max(gap_mm, gap_em * statistics.median(sizes))
    parts = _clusters(runs, gap, page_width)
    if not keep_tables or len(parts) == 1:
        return parts
    # neighbours whose lines share baselines are one table, read row by row — unless the gap is huge
    merged = [parts[0]]
    for p in parts[1:]:
        prev = merged[-1]
        gap_here = min(r.x0 for r in p) - max(r.x1 for r in prev)
        if _baseline_share(prev, p) >= settings()["layout"]["table_baseline_share"] and gap_here < force_factor * gap:
            prev.extend(p)
        else:
            merged.append(p)
    return merged


_GUTTER_EM = 1.5             # a clear strip this wide (character heights) may part two blocks of one column
_ROW_SHARE = 0.8             # ... unless nearly all the smaller block's lines share the other's baselines closely
_ROW_TOL = 0.15              # (within this share of the type's height): a table's columns


def _gutters(col: list[Run], page_width: float) -> list[list[Run]]:
    """A column cut again at narrower clear gutters: a nutrition table set a few millimetres beside the field grid
    (a 3 mm CSS gap, 1.2 em of 7 pt type) is no part of its lines. Below the column gap, two blocks stay one when
    nearly all the smaller block's lines stand on the other's baselines, as a table's columns do (the item, amount
    and NRV% columns), within a tighter tolerance than the layout's; a grid whose lines meet the table's rows only
    by chance (half of them, within a third of the type's height) is read apart."""
    if len(col) < 2:
        return [col]
    gap = _GUTTER_EM * statistics.median(r.size_mm for r in col)
    parts = _clusters(col, gap, page_width)
    if len(parts) == 1:
        return [col]
    parts.sort(key=lambda b: min(r.x0 for r in b))
    merged = [parts[0]]
    for p in parts[1:]:
        prev = merged[-1]
        if _baseline_share(prev, p, _ROW_TOL) >= _ROW_SHARE:
            prev.extend(p)
        else:
            merged.append(p)
    return merged


_COLUMNS_PER_BLOCK = 100      # column numbers a block may use (rotated text reads apart, in column 1000)


def assign_panels(runs: list[Run], pages: list[tuple[float, float]] | None) -> list[dict]:
    """Give every run its panel and column; return the panels (name, page, box in mm)."""
    lay = settings()["layout"]
    groups: dict[tuple[int, str], list[Run]] = {}
    for r in runs:
        groups.setdefault((r.page, r.panel), []).append(r)
    panels = []
    for (page, name), members in groups.items():
        width = (pages[page - 1][0] if pages and 0 < page <= len(pages) else
                 max(r.x1 for r in members) - min(r.x0 for r in members)) or 1.0
        horizontal = [r for r in members if not r.vertical]
        # a panel the artwork names (a layer 正面, an artboard, a dieline's face) keeps its name however far apart its
        # text stands (the name top left, the net content bottom right); its blocks are still read apart (an ingredient
        # column beside the table is no table's column) — only unnamed text becomes "panel k"
        explicit = any(r.explicit_panel for r in members)
        blocks = _split(horizontal, width, lay["panel_gap_mm"], lay["panel_gap_em"], True, 2.0) if horizontal else []
        for k, block in enumerate(sorted(blocks, key=lambda b: min(r.x0 for r in b))):
            pname = name if len(blocks) == 1 or explicit else f"panel {k + 1}"
            for r in block:
                r.panel = pname
            columns = _split(block, width, lay["column_gap_mm"], lay["column_gap_em"], True, 1e9)
            columns = [part for col in columns for part in _gutters(col, width)]
            for c, col in enumerate(sorted(columns, key=lambda b: min(r.x0 for r in b))):
                for r in col:
                    r.column = k * _COLUMNS_PER_BLOCK + c     # a named panel's blocks: columns apart
            if not explicit or k == 0:
                panels.append({"name": pname, "page": page, "bbox": _box(horizontal if explicit else block)})
        for r in members:
            if r.vertical:
                r.column = 1000          # rotated text reads on its own
            if "stacked" in r.extra:
                r.column = _STACK_COLUMN  # a vertical column of upright characters: on its own too, in the panel it stands in
                if len(blocks) > 1 and not explicit:
                    left, _, right, _ = r.extra["stacked"]
                    near = min(blocks, key=lambda b: max(0.0, min(x.x0 for x in b) - right, left - max(x.x1 for x in b)))
                    r.panel = near[0].panel
        if not blocks and members:
            panels.append({"name": name, "page": page, "bbox": _box(members)})
    return panels


def _box(runs: list[Run]) -> list[float]:
    return [round(min(r.x0 for r in runs) - 1, 2), round(min(r.baseline - r.size_mm for r in runs) - 1, 2),
            round(max(r.x1 for r in runs) + 1, 2), round(max(r.baseline for r in runs) + 1, 2)]


# ---------------------------------------------------------------- lines

def merge_runs(runs: list[Run], panel_order: dict[tuple[int, str], int] | None = None) -> list[list[Run]]:
    """Group runs into lines (one page, panel, column and baseline) in reading order, and join
    neighbours of one style."""
    lay = settings()["layout"]
    lines: list[list[Run]] = []
    for row in _rows(runs, panel_order or {}):
        lines.append([row[0]])
        for r in row[1:]:
            last = lines[-1][-1]
            gap = last.x0 - r.x1 if _flipped(r) else r.x0 - last.x1
            same_style = abs(last.size_mm - r.size_mm) < 0.05 and last.color == r.color and last.role == r.role
            if same_style and gap < lay["join_gap_em"] * r.size_mm:
                last.text += (" " if gap > 0.3 * r.size_mm and not last.text.endswith(" ") else "") + r.text
                last.x0, last.x1 = min(last.x0, r.x0), max(last.x1, r.x1)
                if "stacked" in last.extra and "stacked" in r.extra:
                    a, b = last.extra["stacked"], r.extra["stacked"]
                    last.extra["stacked"] = (min(a[0], b[0]), a[1], max(a[2], b[2]), max(a[3], b[3]))
            else:
                if gap > lay["join_gap_em"] * r.size_mm and not last.text.endswith((" ", "\t")):
                    r.extra["sep"] = " "     # a table's cells: a space between them in the text
                lines[-1].append(r)
    return lines


def _rows(runs: list[Run], order: dict[tuple[int, str], int]) -> list[list[Run]]:
    """Runs on one baseline of one block (page, panel, column), each row ordered by x. A row's baselines may differ
    by a fraction of the type's height: figures set in a Latin face sit a little higher or lower than the words
    beside them (Figma's table cells, a PDF's number column 0.2 mm up). Ordering by x only within a row is what
    keeps a left cell on a slightly lower baseline from being read after the cells to its right."""
    tol = settings()["layout"]["baseline_tolerance"]
    block = lambda r: (r.page, order.get((r.page, r.panel), 0), r.panel, r.column, r.vertical, _flipped(r))   # noqa: E731
    # text turned 180° (PDF: extra "flipped") reads right to left, its lines one after another up the page
    rows: list[list[Run]] = []
    for r in sorted(runs, key=lambda r: (block(r),) + ((-r.baseline, -r.x1) if _flipped(r) else (r.baseline, r.x0))):
        last = rows[-1][-1] if rows else None
        if last is not None and block(last) == block(r) and \
                abs(r.baseline - last.baseline) <= tol * min(last.size_mm, r.size_mm):
            rows[-1].append(r)
        else:
            rows.append([r])
    return [sorted(row, key=lambda r: -r.x1) if _flipped(row[0]) else sorted(row, key=lambda r: r.x0) for row in rows]


def _flipped(r: Run) -> bool:
    return bool(r.extra.get("flipped"))


def _line_text(line: list[Run]) -> str:
    return "".join(r.extra.get("sep", "") + r.text for r in line)


# ---------------------------------------------------------------- brand and name

def _has_name_words(text: str) -> bool:
    return any(m.has(*NAME_HINT_CATS) for m in find_terms(normalize(text).text))


def _names_a_food(text: str) -> bool:
    """A name word of two characters or more (牛肉饼, 植物肉), not only a lone one (the 肉 of 肉香四溢)."""
    return any(m.has(*NAME_HINT_CATS) and m.end - m.start >= 2 for m in find_terms(normalize(text).text))


def _flavour_line(text: str) -> bool:
    """A line whose only name words are meat words naming a taste (西冷牛排风味, 香辣牛肉味 · 熟制品): no qualifier, and
    each meat word followed by a flavour marker (X味, X风味: GB 7718-2011 4.1.2.1)."""
    shadow = normalize(text).text
    words = [m for m in find_terms(shadow) if m.has(*NAME_HINT_CATS)]
    if not words or not all(m.has("animal_meat") for m in words):
        return False
    starts = {m.start for m in words}
    # (西冷|牛排|风味: a run of meat words, the marker after the last)
    return all(m.end in starts or shadow.startswith(category_words("flavour_marker"), m.end) for m in words)


def mark_brands(lines: list[list[Run]], brands: list[str]) -> None:
    field_brands = []
    for line in lines:
        m = _BRAND_FIELD.match(_line_text(line))
        if m:
            field_brands.append(normalize(m.group("brand")).text)
    known = [normalize(b).text.lower() for b in brands if b.strip()] + [b.lower() for b in field_brands]
    for line in lines:
        if _BRAND_FIELD.match(_line_text(line)):
            continue
        for r in line:
            if r.role == "name":
                continue
            t = normalize(r.text).text.lower()
            exact = any(b and t == b for b in known)
            # a run that also holds a name word (齐善素肉, 别样肉客®植物牛肉饼) stays for the name finder
            marked = (_TRADEMARK.search(r.text) or any(b and t.startswith(b) and len(t) <= len(b) + 2 for b in known))
            if exact or (marked and not _has_name_words(r.text)):
                r.role = "brand"


def _same_setting(r: Run, anchor: Run) -> bool:
    """A short line set in the name's own size and colour straight beside it (五香 ⏎ 牛肉干 stacked): the name's first or
    last words, though they hold no name word of their own."""
    lay = settings()["layout"]
    return (len(r.text.strip()) <= lay["stacked_name_max_chars"] and r.color == anchor.color
            and abs(r.size_mm - anchor.size_mm) <= lay["stacked_name_size_tolerance"] * anchor.size_mm
            and not _looks_like_field(r.text))


def mark_name(lines: list[list[Run]]) -> None:
    """The displayed name: the largest line that holds a name word (else the largest line that is not a
    brand), with qualifier lines set just above or below it; a logo-sized line away from it is the brand."""
    lay = settings()["layout"]
    if any(r.role == "name" for line in lines for r in line):
        return
    fronts = [line for line in lines if any(r.panel == "front" for r in line)]
    pool = fronts if any(any(r.role != "brand" and r.text.strip() for r in line) for line in fronts) else lines
    candidates = [(max(r.size_mm for r in line), i) for i, line in enumerate(lines)
                  if line in pool and any(r.role != "brand" and r.text.strip() for r in line) and (not lines[i][0].vertical or "stacked" in lines[i][0].extra)]
    if not candidates:
        return
    named = [(s, i) for s, i in candidates if _has_name_words("".join(r.text for r in lines[i] if r.role != "brand"))]
    # a line set with ® or ™ (肉食主义®; a superscript mark is joined to its word: _marks_attached) is a brand's, even
    # where its words hold a name word: another line with name words is the name
    unmarked = [(s, i) for s, i in named if not _TRADEMARK.search(_line_text(lines[i]))]
    named = unmarked or named
    # a slogan that holds a name word (植物新食尚，美味新选择 — a sentence; 肉香四溢 — only the lone 肉 of an idiom) set
    # larger than the name is no name while a line that names a food more fully is there
    fuller = [(s, i) for s, i in named if not _SENTENCE_MARK.search(_line_text(lines[i]))
              and _names_a_food(_line_text(lines[i]))]
    named = fuller or named
    # a labelled item other than the name (配料：水，大豆… holds a name word too) is no displayed name while a line
    # that is no such item holds one
    unlabelled = [(s, i) for s, i in named if not _OTHER_FIELD.match(_line_text(lines[i]))
                  or _NAME_FIELD.match(_line_text(lines[i]))]
    named = unlabelled or named
    if not named:
        # no line holds a name word (the name outlined, say): the largest line is the name only if it is no labelled
        # field (净含量：200克 is not), and a 产品名称 field elsewhere on the pack names it better
        if any(_NAME_FIELD.match(_line_text(line)) for line in lines):
            return
        candidates = [(s, i) for s, i in candidates if not _looks_like_field(_line_text(lines[i]))]
        if not candidates:
            return
    pool = named or candidates
    size = max(s for s, _ in pool)
    # of the lines set largest (a back label's grid: all one size), the name: a 产品名称 field or a line that is no
    # field (配料：水、大豆蛋白… holds name words too), the first of them
    tied = [i for s, i in pool if s >= size - 0.01]
    plain = [i for i in tied if _NAME_FIELD.match(_line_text(lines[i])) or not _looks_like_field(_line_text(lines[i]))]
    line_idx = min(plain or tied)
    name_line = lines[line_idx]
    anchor = max((r for r in name_line if r.role != "brand"), key=lambda r: r.size_mm)
    for r in _runs_of_the_name(name_line, anchor):
        r.role = "name"
    for j in (line_idx - 1, line_idx + 1):
        # (a vertical name's next column is its neighbour; a horizontal line's place is not comparable with a column's)
        if 0 <= j < len(lines) and lines[j] and lines[j][0].page == anchor.page and lines[j][0].panel == anchor.panel \
                and ("stacked" in lines[j][0].extra) == ("stacked" in anchor.extra):
            if abs(lines[j][0].baseline - anchor.baseline) <= 2.2 * anchor.size_mm:
                if _OTHER_FIELD.match(_line_text(lines[j])):
                    continue            # 产品名称：五香牛肉干 under the displayed name is a field, not more of it
                if _flavour_line(_line_text(lines[j])) and not _same_setting(lines[j][0], anchor):
                    continue            # 西冷牛排风味 · 熟制品 set small under 乳基蛋白牛排: a flavour, not the name
                for r in lines[j]:
                    # (a slogan is no part of it: a sentence, 植物新食尚，美味新选择, or a line set larger, 肉香四溢)
                    if r.role != "brand" and len(r.text) <= 12 and (_has_name_words(r.text) or _same_setting(r, anchor)) \
                            and not _SENTENCE_MARK.search(r.text) and r.size_mm <= lay["stacked_name_max_ratio"] * anchor.size_mm:
                        r.role = "name"
    # a logo: bigger than the name, short, no name word, away from the name (or on another panel)
    for i, line in enumerate(lines):
        if i == line_idx or any(r.role == "name" for r in line):
            continue
        text = _line_text(line).strip()
        big = max(r.size_mm for r in line)
        far = line[0].panel != anchor.panel or abs(line[0].baseline - anchor.baseline) >= lay["brand_min_distance"] * anchor.size_mm
        if (big >= lay["brand_min_ratio"] * anchor.size_mm and 0 < len(text) <= lay["brand_max_chars"] and far
                and _HAN.search(text) is not None and not _has_name_words(text) and not _looks_like_field(text)
                and not text.endswith(category_words("flavour_marker"))):
            for r in line:
                r.role = "brand"       # (not a flavour set large under the name: 香辣味, 黑椒口味)


_SENTENCE_MARK = regex.compile(r"[，。！？；,!?;]")


def _runs_of_the_name(line: list[Run], anchor: Run) -> list[Run]:
    """The runs of the name's line that print the name: not a brand's, none past a labelled item (植物肉牛肉饼 …
    净含量：50克 on one baseline of a small sticker), and each within reach of the next (lexicons/artwork.toml: a run with
    name words further than a tag with none, 植物蛋白 set apart before 牛肉饼 but not 冷冻食品 far along the line)."""
    if anchor.vertical:
        return [r for r in line if r.role != "brand"]
    ordered = sorted((r for r in line if r.role != "brand"), key=lambda r: r.x0)
    k = ordered.index(anchor)
    lay = settings()["layout"]

    def joins(run: Run, gap: float) -> bool:
        reach = lay["name_words_gap_em"] if _has_name_words(run.text) else lay["name_line_gap_em"]
        return gap <= reach * anchor.size_mm
    lo = hi = k
    while lo > 0 and not _looks_like_field(ordered[lo - 1].text) and joins(ordered[lo - 1], ordered[lo].x0 - ordered[lo - 1].x1):
        lo -= 1
    while hi + 1 < len(ordered) and not (_looks_like_field(ordered[hi + 1].text) and not _NAME_FIELD.match(ordered[hi + 1].text)) \
            and joins(ordered[hi + 1], ordered[hi + 1].x0 - ordered[hi].x1):
        hi += 1
    return ordered[lo:hi + 1]


def _marks_attached(runs: list[Run]) -> list[Run]:
    """A ® or ™ set as a superscript run of its own (肉食主义<tspan y="-22">®</tspan>) joined to the word it marks:
    the run that ends where the mark starts, on a baseline at most one of its heights below the mark's."""
    marks = [m for m in runs if m.text.strip() in ("®", "™", "℠")]
    if not marks:
        return runs
    gone = set()
    for m in marks:
        word = min((r for r in runs if r is not m and id(r) not in gone and r.page == m.page and r.text.strip()
                    and abs(r.x1 - m.x0) <= r.size_mm and 0 <= r.baseline - m.baseline <= r.size_mm),
                   key=lambda r: abs(r.x1 - m.x0), default=None)
        if word is not None:
            word.text += m.text.strip()
            gone.add(id(m))
    return [r for r in runs if id(r) not in gone]


_NAME_FIELD = regex.compile(r"\s*(?:产品名称|食品名称|品名|名称)\s*[:：]")
_OTHER_FIELD = regex.compile(r"\s*\p{Han}{1,10}\s*[:：]")


def _looks_like_field(text: str) -> bool:
    return bool(regex.search(r"[:：]|\d", text))


# ---------------------------------------------------------------- the document

def to_document(runs: list[Run], source: str, pages: list[tuple[float, float]] | None = None,
                brands: list[str] | None = None, notes: dict | None = None) -> LabelDocument:
    from ..colour import unify
    same = unify([r.color for r in runs], settings()["colour"]["delta_e_same"])
    for r in runs:
        r.color = same.get(r.color, r.color) if r.color else None
    runs = _marks_attached(runs)
    mark_stacked(runs, pages)
    panels = assign_panels(runs, pages)
    # panels read left to right, then top to bottom, on each page
    order_list = sorted(panels, key=lambda p: (p["page"], round(p["bbox"][0] / 20), p["bbox"][1]))
    panel_order = {(p["page"], p["name"]): k for k, p in enumerate(order_list)}
    lines = merge_runs(runs, panel_order)
    mark_brands(lines, list(brands or []) + known_brands())
    mark_name(lines)
    spans: list[Span] = []
    text_lines = []
    lines = [[r for r in line if r.text.strip()] for line in lines]
    lines = [line for line in lines if line]
    for line in lines:
        for r in line:
            r.text = " ".join(r.text.split())
        text_lines.append(_line_text(line))
        for r in line:
            # the page box of turned text (its x0 and baseline are along and across its lines)
            box = r.extra.get("stacked") or r.extra.get("box") or (r.x0, r.baseline - r.size_mm, r.x1, r.baseline)
            spans.append(Span(text=r.text, size_mm=round(r.size_mm, 2), color=r.color, role=r.role, panel=r.panel,
                              page=r.page, font=r.font, bbox=tuple(round(v, 2) for v in box)))
    name_lines = [i for i, line in enumerate(lines) if any(r.role == "name" for r in line)]
    name = "".join(r.text for i in name_lines for r in lines[i] if r.role == "name") or None
    labelled = _NAME_FIELD.match(name) if name else None
    if labelled and name[labelled.end():].strip():
        name = name[labelled.end():].strip()          # 产品名称：大豆植物肉饼 set as large as the rest: the name is its value
    # the name's lines first, the rest in reading order, so the label text reads as the pack does
    if name_lines:
        text_lines = [text_lines[i] for i in name_lines] + [t for i, t in enumerate(text_lines) if i not in name_lines]
    principal = next((r.panel for line in lines for r in line if r.role == "name"), None)
    for p in panels:
        p["principal"] = p["name"] == principal
    doc = LabelDocument(name=name, text="\n".join(text_lines), spans=spans)
    doc.source = source
    doc._pages = pages
    doc._artwork_notes = {**(notes or {}), "panels": panels, "principal_panel": principal,
                          "brands": sorted({s.text for s in spans if s.role == "brand"})}
    return doc
