"""suggest: compliant name rewrites that keep the user's own words, rendered from jinja2 templates.

Every candidate is checked again with the same class before it is offered; one that fails is
dropped, never shown.
"""
from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING, Callable

import regex

from .classes import spec
from .classify import milk_powder_words
from .extract.name import MADE_OF_JOINTS, NameInfo
from .models import Report
from .rules.base import rules_by_id
from .normalize import clean_original
from .resources import data_dir
from .startcache import jinja_bytecode_cache

if TYPE_CHECKING:
    import jinja2

QUALIFIER_CATS = ("plant_meat", "plant_qualifier", "soy_word", "soy_partial", "dairy_qualifier", "dairy_partial",
                  "dairy_assist_only", "plant_meat_equivalent", "plant_milk_powder_name")


@cache
def _env() -> "jinja2.Environment":
    import jinja2                       # only when a rewrite is rendered: most checks offer none
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
                              autoescape=False, trim_blocks=True, lstrip_blocks=True,
                              bytecode_cache=jinja_bytecode_cache())


_JOINTS = MADE_OF_JOINTS


def name_parts(name: NameInfo, anchor_cats: tuple[str, ...] = ("animal_meat",)) -> tuple[str, str]:
    """(prefix, food): the user's words before and from the imitated-food word, qualifiers removed."""
    start, end = name.core or (0, len(name.text))
    drop = [m for m in name.ann.matches if m.start >= start and m.end <= end and m.has(*QUALIFIER_CATS)
            and not m.has("animal_meat", "traditional_soy")]
    anchors = [m for m in name.ann.matches if m.start >= start and m.end <= end and m.has(*anchor_cats)]
    if "milk_powder" in anchor_cats:
        # 豌豆|奶粉: the 奶粉 of another bean's 豆奶粉 is the food word, and the bean stays the user's own
        anchors = sorted(anchors + [m for m in milk_powder_words(name) if m.start >= start and m.end <= end
                                    and m not in anchors])
    # no food word of its own (东北人造肉, 人造肉饼): the user's words before the analogue word lead, those after it follow
    analogue = [m for m in drop if m.has("plant_meat")]
    cut = anchors[0].start if anchors else analogue[0].end if analogue else start
    kept = []
    pos = start
    text = name.text
    for m in drop:
        if m.start > pos:
            kept.append((pos, m.start))
        pos = max(pos, m.end)
        # the joint the dropped qualifier took (牛奶蛋白做的 鸡胸肉, 大豆制成的香肠) goes with it
        joint = next((j for j in _JOINTS if text.startswith(j, pos)), "")
        pos += len(joint)
    if end > pos:
        kept.append((pos, end))
    keep_prefix, keep_food = [], []
    for a, b in kept:
        if b <= cut:
            keep_prefix.append((a, b))
        elif a >= cut:
            keep_food.append((a, b))
        else:
            keep_prefix.append((a, cut))
            keep_food.append((cut, b))
    orig = lambda a, b: clean_original(name.shadow.orig_text(a, b))  # noqa: E731
    prefix, food = _joined(name, keep_prefix, orig), _joined(name, keep_food, orig)
    prefix, food = _tidy(prefix), _tidy(food)
    # a leftover 的/制成的 joint from "乳基蛋白制成的牛排" is not a food word
    for joint in _JOINTS:
        if food.startswith(joint):
            food = food[len(joint):]
    return prefix, food


def _joined(name: NameInfo, pieces: list[tuple[int, int]], orig) -> str:
    """The kept pieces, kept apart where the user typed a space between them (素鸡腿 … 斋菜 is not 鸡腿菜)."""
    gaps = name.shadow.gaps
    out = ""
    for k, (a, b) in enumerate(pieces):
        if k and any(pieces[k - 1][1] <= g <= a for g in gaps):
            out += " "
        out += orig(a, b)
    return out


# brackets left empty, or holding only a generic word, once the qualifier inside them moved (素牛肉干（大豆制品）,
# 牛肉（乳基蛋白制成）)
_EMPTY_BRACKETS = regex.compile(r"[(（\[【「]\s*(?:制品|产品|食品|制成|制作|做成|为原料|原料)?\s*[)）\]】」]")
_EDGE_PUNCT = regex.compile(r"^[\p{P}\s--\p{Ps}]+|[\p{P}\s--\p{Pe}]+$", regex.V1)
_PAIRS = {"(": ")", "（": "）", "[": "]", "【": "】", "「": "」"}


def _tidy(part: str) -> str:
    """Drop empty brackets, loose punctuation at the ends, and brackets left without their partner."""
    part = _EDGE_PUNCT.sub("", _EMPTY_BRACKETS.sub("", part))
    while part and part[0] in _PAIRS and _PAIRS[part[0]] not in part:
        part = part[1:]
    while part and part[-1] in _PAIRS.values() and not any(o in part for o, c in _PAIRS.items() if c == part[-1]):
        part = part[:-1]
    return part


def minimal_edits(name: NameInfo, product_class: str) -> list[str]:
    """The smallest fix first: the missing word put where it belongs in the user's own name
    (植物蛋白肉末 → 大豆植物蛋白肉末), before any template rewrite."""
    orig = name.original
    at = lambda i: clean_original(orig[:name.shadow.orig_start(i)])  # noqa: E731
    rest = lambda i: clean_original(orig[name.shadow.orig_start(i):])  # noqa: E731
    out = []
    for edit in spec(product_class).minimal_edits:
        if edit.unless and name.matches(*edit.unless):
            continue
        if edit.before:
            hits = [m for m in name.matches(edit.before) if not (edit.skip and m.has(*edit.skip))][:1]
            pos = [m.start for m in hits]
        else:
            hits = name.matches(edit.after)[-1:]
            pos = [m.end for m in hits]
        if hits and (edit.terms is None or hits[0].term in edit.terms) and not _inside_a_word(name, pos[0]):
            out.append(at(pos[0]) + edit.insert + rest(pos[0]))
    return out


def _inside_a_word(name: NameInfo, pos: int) -> bool:
    """Would an insertion at `pos` split a word the lexicons know (组织化大豆|蛋白, 淀|粉肠)?"""
    from .annotate import find_terms
    words = [*name.ann.matches, *find_terms(name.text, "ingredients")]
    return any(m.start < pos < m.end for m in words)


def render(template: str, **values) -> list[str]:
    key = tuple(sorted(values.items()))
    try:
        hash(key)
    except TypeError:                     # a list among the values: rendered each time
        return list(_rendered.__wrapped__(template, key))
    return list(_rendered(template, key))


@lru_cache(maxsize=4096)
def _rendered(template: str, values: tuple) -> tuple[str, ...]:
    """A template's lines for these values (the same prefix and food recur across titles): rendered once."""
    text = _env().get_template(f"names/{template}.j2").render(**dict(values))
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line and line not in out:
            out.append(line)
    return tuple(out)


def suggest_stage(report: Report, name: NameInfo | None, modified: bool | None,
                  vet: Callable[[str, str], bool]) -> None:
    """The stage after rules: each finding of the report whose rule record asks for it (`suggest`)
    gets vetted rewrites of the name. `vet(candidate, class)` runs the name rules on a candidate
    (pipeline.name_passes, passed in so that suggest never imports the pipeline)."""
    if name is None:
        return
    if report.classification.get("basis") == "declared_standard" and report.classification.get("confidence") == "low":
        return      # the declared code contradicts the ingredients: a rename to the code's class could make the food false
    rules = rules_by_id()
    for f in report.findings:
        spec_ = rules[f.rule].suggest if f.rule in rules else None
        if spec_ is None or f.suggestions:
            continue
        f.suggestions = list(dict.fromkeys(in_title(name, c) for c in suggestions(name, report.product_class, vet, template=spec_.template,
                                    modified=modified if spec_.modified is None else spec_.modified)))


def in_title(name: NameInfo, candidate: str) -> str:
    """A marketplace title's rewrite keeps the seller's brand, promotions, sizes and spacing around the
    name core exactly; only the core (vetted on its own) is replaced."""
    if name.core is None:
        return candidate
    s, e = name.shadow.orig_span(*name.core)
    pre, post = clean_original(name.original[:s]), clean_original(name.original[e:])
    if pre and post and candidate.startswith(pre) and candidate.endswith(post) and len(candidate) > len(pre) + len(post):
        candidate = candidate[len(pre):len(candidate) - len(post)]     # a minimal edit made on the whole title
    elif pre and not post and candidate.startswith(pre) and len(candidate) > len(pre):
        candidate = candidate[len(pre):]
    elif post and not pre and candidate.endswith(post) and len(candidate) > len(post):
        candidate = candidate[:len(candidate) - len(post)]
    return name.original[:s] + candidate + name.original[e:]


def _held_meat(name: NameInfo, anchor_cats: tuple[str, ...]) -> str:
    """"肉" where the name's analogue word holds the meat the food is named by (人造|肉饼: no meat word of its own once
    人造肉 is dropped), for a template that puts another qualifier in its place (植物肉饼, not 植物饼); else ""."""
    start, end = name.core or (0, len(name.text))
    inside = [m for m in name.ann.matches if m.start >= start and m.end <= end]
    if any(m.has(*anchor_cats) for m in inside):
        return ""
    return "肉" if any(m.has("plant_meat") and m.term.endswith("肉") and m.end < end for m in inside) else ""


def suggestions(name: NameInfo, product_class: str, passes: Callable[[str, str], bool],
                template: str | None = None, limit: int = 3, **values) -> list[str]:
    cls = spec(product_class)
    prefix, food = name_parts(name, tuple(cls.name_anchor))
    if cls.name_drop:
        food = ""          # the template names the food (奶粉) itself
        for w in cls.name_drop:
            prefix = prefix.replace(w, "")
    values.setdefault("modified", None)
    values["held_meat"] = _held_meat(name, tuple(cls.name_anchor))
    out = []
    candidates = (minimal_edits(name, product_class) if template is None else []) + \
        render(template or cls.name_template, prefix=prefix, food=food, **values)
    for cand in dict.fromkeys(_one_rou(c, name.original) for c in candidates):
        if cand != clean_original(name.original) and passes(cand, product_class):
            out.append(cand)
        if len(out) >= limit:
            break
    return out


def _one_rou(candidate: str, original: str) -> str:
    """An analogue word ending in 肉 set before a food starting with it reads as one (大豆植物肉|肉饼 → 大豆植物肉饼, the
    standard family's own form), unless the user wrote 肉肉 (a shop's or brand's word)."""
    return candidate if "肉肉" in original else candidate.replace("肉肉", "肉")
