"""The meat vocabulary against a word list from menus and category standards (corpus/meat_words.tsv)."""
from __future__ import annotations

from pathlib import Path

from labelcheck.extract.name import name_from_string

ROWS = [line.split("\t") for line in (Path(__file__).resolve().parent.parent / "corpus" / "meat_words.tsv")
        .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def test_meat_words_are_meat_and_look_alikes_are_not():
    wrong = []
    for word, kind, _src in ROWS:
        meat = bool(name_from_string(word).matches("animal_meat"))
        if meat != (kind == "meat"):
            wrong.append((word, kind))
    assert not wrong, wrong
    assert len(ROWS) >= 60
