"""suggest: compliant name rewrites that keep the user's own words, rendered from jinja2 templates.

Every candidate is checked again with the same class before it is offered; one that fails is
dropped, never shown.
"""
from __future__ import annotations

from functools import cache
from typing import Callable

import jinja2
import regex

from .extract.name import NameInfo
from .normalize import clean_original
from .resources import data_dir

QUALIFIER_CATS = ("plant_meat", "plant_qualifier", "soy_word", "dairy_qualifier", "dairy_assist_only",
                  "plant_meat_equivalent", "plant_milk_powder_name")


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
                              autoescape=False, trim_blocks=True, lstrip_blocks=True)


def name_parts(name: NameInfo, anchor_cats: tuple[str, ...] = ("animal_meat",)) -> tuple[str, str]:
    """(prefix, food): the user's words before and from the imitated-food word, qualifiers removed."""
    start, end = name.core or (0, len(name.text))
    drop = [m for m in name.ann.matches if m.start >= start and m.end <= end and m.has(*QUALIFIER_CATS)
            and not m.has("animal_meat", "traditional_soy")]
    anchors = [m for m in name.ann.matches if m.start >= start and m.end <= end and m.has(*anchor_cats)]
    cut = anchors[0].start if anchors else start
    kept = []
    pos = start
    for m in drop:
        if m.start > pos:
            kept.append((pos, m.start))
        pos = max(pos, m.end)
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
    prefix = "".join(orig(a, b) for a, b in keep_prefix)
    food = "".join(orig(a, b) for a, b in keep_food)
    prefix, food = _tidy(prefix), _tidy(food)
    # a leftover 的/制成的 joint from "乳基蛋白制成的牛排" is not a food word
    for joint in ("制成的", "制的", "的"):
        if food.startswith(joint):
            food = food[len(joint):]
    return prefix, food


_EMPTY_BRACKETS = regex.compile(r"[(（\[【「]\s*[)）\]】」]")
_EDGE_PUNCT = regex.compile(r"^[\p{P}\s]+|[\p{P}\s]+$")


def _tidy(part: str) -> str:
    part = _EMPTY_BRACKETS.sub("", part)
    return _EDGE_PUNCT.sub("", part)


def render(template: str, **values) -> list[str]:
    text = _env().get_template(f"names/{template}.j2").render(**values)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and line not in out:
            out.append(line)
    return out


def suggestions(name: NameInfo, product_class: str, passes: Callable[[str, str], bool],
                template: str | None = None, limit: int = 3, **values) -> list[str]:
    anchor = ("milk_powder", "plant_milk_powder_name") if product_class == "plant_milk_powder" else ("animal_meat",)
    prefix, food = name_parts(name, anchor)
    if product_class == "plant_milk_powder":
        food = ""
        for w in ("奶粉", "乳粉"):
            prefix = prefix.replace(w, "")
    values.setdefault("modified", None)
    out = []
    for cand in render(template or product_class, prefix=prefix, food=food, **values):
        if cand != clean_original(name.original) and passes(cand, product_class):
            out.append(cand)
        if len(out) >= limit:
            break
    return out
