"""The name path's gate: most marketplace titles hold no analogue cue, and for those the answer is known.

A title whose normalised text holds no term that can move the class away from `other` (lexicons/fastpath.toml)
gets the classification `classify` would give it — other, by no analogue feature — without running the
classifier, and then the same rules and report as any other title (pipeline.check_name). Lexicon matching has
already run over the normalised text in one pass (annotate's automaton); no segmentation is needed for such a
title (jieba is only reached by rules of the analogue classes).
"""
from __future__ import annotations

from functools import cache

from .classify import Classification
from .extract.name import NameInfo
from .resources import lexicon


@cache
def _cue_categories() -> tuple[str, ...]:
    return tuple(lexicon("fastpath")["class_cue_categories"])


def no_class_cue(info: NameInfo) -> bool:
    """No term in the name that any class but `other` is read from."""
    present = info.ann._by_cat
    # a known plant-based meat brand is a cue too: classify reports it (a candidate, low confidence)
    return not any(c in present for c in _cue_categories()) and not any(b.plant_based for b in info.brands)


def classify_name(info: NameInfo, product_class: str | None) -> Classification | None:
    """The classification of a name with no class cue (what classify returns for it), or None: run classify."""
    if product_class is not None or not no_class_cue(info):
        return None
    # classify: basis "none", and imitates_meat from the meat words (the only imitation cue left without the others)
    return Classification("other", "none", "", imitates_meat=bool(info.ann._by_cat.get("animal_meat")))
