"""The name path's shortcuts (labelcheck/fastpath.py) change no report: a name without a class cue is screened
(read no further than its title core) and skips the classifier, and a name whose class has only constant name rules
gets a copy of its classification's template report (and, for the batch, the template's JSON with its own values
put in). Every corpus name and title, the
benchmark mixes and random noisy titles give the same report, and the same JSON, as through the full path."""
from __future__ import annotations

import datetime as dt
import sys
import tomllib
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from labelcheck import fastpath
from labelcheck.extract.name import name_from_string
from labelcheck.pipeline import check_name, checked_name

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from make_names import names  # noqa: E402

D = dt.date(2026, 11, 23)
D2025 = dt.date(2027, 6, 1)


def _corpus_names() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpus").glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8")).get("case", []):
            if "name" in case:
                out.append(case["name"])
            doc = case.get("doc") or {}
            if doc.get("name"):
                out.append(doc["name"])
            for line in (doc.get("text") or "").splitlines()[:2]:
                if line.strip():
                    out.append(line)
    for path in sorted(ROOT.glob("corpus/**/titles.tsv")) + [ROOT / "corpus" / "class_titles.tsv"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                out.append(line.split("\t")[0])
    return out


@contextmanager
def _full_path():
    """No shortcut: every name read in full and classified, every report built by the rules."""
    saved = fastpath.no_class_cue, fastpath.template_key, fastpath.screened
    fastpath.no_class_cue = lambda info: False
    fastpath.template_key = lambda *a: None
    fastpath.screened = lambda *a: (None, None, None)
    try:
        yield
    finally:
        fastpath.no_class_cue, fastpath.template_key, fastpath.screened = saved


def _same(name: str, **kw) -> None:
    # twice: the first may make the template, the second is copied from it
    fast = [checked_name(name, **kw)[0] for _ in range(2)]
    rendered = [checked_name(name, want_json=True, **kw) for _ in range(2)]
    with _full_path():
        full = check_name(name, **kw)
    for report in fast:
        assert report == full, name
        assert report.model_dump_json() == full.model_dump_json(), name
    for report, text in rendered:
        if text is None:
            assert report == full, name
        else:              # the template's own report: what the batch counts is the same
            assert text == full.model_dump_json(), name
            assert (report.verdict, report.product_class, report.needs_review, [(f.rule, f.severity) for f in report.findings]) \
                == (full.verdict, full.product_class, full.needs_review, [(f.rule, f.severity) for f in full.findings]), name


def test_corpus_names_and_titles():
    corpus = _corpus_names()
    assert len(corpus) > 500
    for name in corpus:
        for title in (None, True, False):
            _same(name, as_of=D, title=title, doc_id="r1", source="in.csv:2")
        _same(name, as_of=D2025)
    gated = sum(fastpath.no_class_cue(name_from_string(n)) for n in corpus)
    assert gated > 50          # the gate is exercised, not bypassed


@pytest.mark.parametrize("mix", ["market", "heavy", "worst"])
def test_benchmark_mixes(mix):
    for _, title in names(2000, seed=3, mix=mix):
        _same(title, as_of=D, doc_id="7", source="names.csv:9")


def test_templates_are_used_and_copies_are_independent():
    a, _ = checked_name("【包邮】双汇 黑椒牛肉饼 200g*2", as_of=D)
    assert checked_name("正大 香辣鸡块 1kg", as_of=D, want_json=True)[1] is not None   # the template the first made
    b, _ = checked_name("正大 香辣鸡块 1kg", as_of=D)
    b.findings[0].message = "edited"
    b.fields["name"] = "edited"
    c, _ = checked_name("正大 香辣鸡块 1kg", as_of=D)
    assert c.findings[0].message != "edited" and c.fields["name"] == "正大 香辣鸡块 1kg"
    assert a.provenance.input_sha256 != c.provenance.input_sha256


def test_configuration_changes_the_template():
    plain = check_name("正大 香辣鸡块 1kg", as_of=D)
    assert [f.rule for f in plain.findings] == ["LC001"]
    ignored = check_name("正大 香辣鸡块 1kg", as_of=D, settings={"ignore": ["LC001"]})
    assert ignored.findings == []
    warned = check_name("正大 香辣鸡块 1kg", as_of=D, settings={"severity": {"LC001": "warning"}})
    assert warned.findings[0].severity == "warning" and warned.verdict == "warn"
    assert check_name("正大 香辣鸡块 1kg", as_of=D) == plain


def test_a_name_rule_that_is_not_constant_runs_and_its_findings_decide(monkeypatch):
    from labelcheck import pipeline
    calls = []
    real = pipeline._findings
    monkeypatch.setattr(pipeline, "_findings", lambda ctx: calls.append(1) or real(ctx))
    checked_name("正大 香辣鸡块 1kg", as_of=D)
    calls.clear()
    assert checked_name("正大 黑椒鸡块 1kg", as_of=D, want_json=True)[1] is not None and not calls   # constant: no rule ran
    monkeypatch.setattr(fastpath, "constant_rules", lambda: frozenset({"LC001"}))
    pipeline._constant_classes.cache_clear()
    try:
        report, rendered = checked_name("正大 孜然鸡块 1kg", as_of=D, want_json=True)
        assert calls                                    # LC012 and LC015 are not declared constant: they ran…
        assert rendered is not None                     # …said nothing of this name: its classification's template
        with _full_path():
            assert rendered == check_name("正大 孜然鸡块 1kg", as_of=D).model_dump_json()
    finally:
        monkeypatch.undo()
        pipeline._constant_classes.cache_clear()


def test_rules_that_speak_of_a_name_get_its_own_report():
    # plant meat: LC121/LC150 read the name; a finding with evidence is this name's own, never a template's
    quiet = [checked_name(t, as_of=D, want_json=True)[1] for t in ("大豆植物肉汉堡饼", "大豆植物肉汉堡饼 家用", "大豆植物肉汉堡饼 200g")]
    assert quiet[-1] is not None
    for name in ("植物肉牛排 200g", "植物蛋白牛排 家用", "素牛排"):
        _same(name, as_of=D)


_pieces = st.sampled_from(["植物肉", "植物", "素", "大豆", "豆腐", "牛排", "香肠", "奶粉", "乳基蛋白", "蛋白肉", "别样肉客",
                           "【包邮】", " 200g*2", "\u200b", " ", "黑椒", "汉堡", "豆奶粉", "素鸡", "火腿", "手机", "漢堡", "植 物 肉",
                           "牛肉味", "非大豆", "®", "Beyond Meat", "星期零", "高钙", "豆干", "\"", "\\"])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_pieces | st.text(max_size=3), min_size=1, max_size=6))
def test_random_titles(parts):
    name = "".join(parts)
    if not name.strip():
        return
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return                   # a lone surrogate is refused by every path alike
    _same(name, as_of=D, doc_id="x")


def test_the_noise_guard_finds_what_the_alternation_finds():
    # the first-character lookahead (wordscan.first_char_guard) must never hide a match of the title noise pattern
    import random
    import re
    from labelcheck.extract.name import _noise
    from labelcheck.resources import lexicon
    from labelcheck.wordscan import first_char_guard
    guarded = _noise()
    assert guarded.pattern.startswith("((?:(?=")
    plain = re.compile(guarded.pattern[guarded.pattern.index(")(?:") + 4:-4])
    guarded = re.compile(guarded.pattern[4:-3])     # one piece of noise, guarded
    t = lexicon("titles")
    words = sorted(set(t["promo"]) | set(t["brands"]))
    rnd = random.Random(5)
    pieces = words + ["牛", " ", "1", "2.5", "g", "KG", "mL", "*", "×", "/", "【", "】", "[", "]", "「", "」", "{", "}", "ı",
                      "İ", "BEYOND MEAT", "beyond meat", "袋", "买", "送", "满", "减", "🔥", "★", "™", "𝄞", "\u3000", "—"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 9))) for _ in range(20000)]
    texts += ["".join(chr(rnd.randint(0x20, 0x1FFFF)) for _ in range(12)) for _ in range(5000)]
    for text in texts:
        assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)], text
    assert first_char_guard(r"a|b*") is None and first_char_guard(r"[^x]y") is None and first_char_guard(".x") is None
    # a letter that ignores case: its cases and the letters `re` folds to it, in the one plain class
    assert first_char_guard(r"(?i:ab)|\dq") == "(?=[aA\u0130\u0131\u017f\u212a\\d])"
    assert first_char_guard(r"(?i:\u00e9x)|q") == "(?=[q]|(?i:[\u00e9]))"       # any other cased letter keeps the flag


def test_a_case_ignoring_character_s_kin_are_every_character_re_matches_for_it():
    # wordscan._case_kin stands for re's ignore-case match in a guard: checked against every code point for every
    # ASCII letter, and for the uncased characters the title noise starts with
    import re
    from labelcheck.wordscan import _case_kin
    every = "".join(map(chr, range(0x110000)))
    chars = [chr(c) for c in range(0x41, 0x5B)] + [chr(c) for c in range(0x61, 0x7B)] + list("【[「『〖{买满/0")
    for ch in chars:
        kin = _case_kin(ch)
        assert kin is not None
        assert set(re.findall("(?i:" + re.escape(ch) + ")", every)) <= set(kin), ch


def test_a_full_template_table_keeps_the_most_used(monkeypatch):
    monkeypatch.setattr(fastpath, "MAX_TEMPLATES", 4)
    monkeypatch.setattr(fastpath, "_TEMPLATES", {})
    hot = "正大 香辣鸡块 1kg"
    checked_name(hot, as_of=D)
    for _ in range(5):
        assert checked_name(hot, as_of=D, want_json=True)[1] is not None
    for day in range(1, 9):                      # other dates: other keys, each used once
        checked_name(hot, as_of=dt.date(2026, 11, day))
    assert len(fastpath._TEMPLATES) <= 4
    assert checked_name("正大 孜然鸡块 1kg", as_of=D, want_json=True)[1] is not None     # the hot one stayed


def test_a_title_without_a_class_cue_is_read_no_further_than_its_core(monkeypatch):
    import labelcheck.pipeline as pipeline
    titles = ["科尔沁黑椒羊肉卷 低脂 200g*2", "【包邮】伊利 纯牛奶 250ml*24盒", "正大 香辣鸡块 1kg", "农夫山泉 饮用天然水 550ml",
              "牛肉味 薯片 70g", "三只松鼠 每日坚果 750g/30袋"]
    for title in titles:
        checked_name(title, as_of=D)                 # the no-cue template, made once

    def read_in_full(*args, **kwargs):
        raise AssertionError("read in full")
    monkeypatch.setattr(pipeline, "name_from_shadow", read_in_full)
    for title in titles:
        assert checked_name(title, as_of=D, want_json=True)[1] is not None, title
    for cue in ("植物肉汉堡 200g", "素鸡 500g", "别样肉客 汉堡饼", "齐善 香辣鸡块"):   # a class cue, a plant-meat brand
        with pytest.raises(AssertionError):
            checked_name(cue, as_of=D)


def test_a_plant_meat_brand_is_part_of_the_template_key():
    first, second = "齐善 大豆植物肉 汉堡饼 400g*2盒", "【包邮】齐善 大豆植物肉 汉堡饼 2kg 新品"
    for title in (first, second, "星期零 大豆植物肉 汉堡饼 400g*2盒"):
        _same(title, as_of=D)
    assert any(key[4] == ("齐善",) for key in fastpath._TEMPLATES), "a brand's names share a template"
    assert checked_name(second, as_of=D, want_json=True)[1] is not None


def test_configured_brands_and_marked_brands_take_the_full_reading():
    # a configured brand, a ®-marked word or a ××牌 may name an analogue brand the lexicon does not know: those
    # titles read every brand; the others only look for the brands that are cues
    from labelcheck import config
    from labelcheck.pipeline import rule_ids
    titles = ["植得好 香辣鸡块 1kg", "植得好® 香辣鸡块", "别样肉客® 汉堡饼", "金锣牌 火腿肠 30g*10", "OATLY 燕麦奶 1L",
              "oatly燕麦奶", "Beyond Meat 汉堡饼 226g", "【包邮】伊利 纯牛奶 250ml*24盒", "正大 牛肉味 薯片"]
    for cfg in (None, {"brands": ["植得好", "Oatly"]}):
        settings = config.prepare(cfg, rule_ids())
        with config.using(settings):
            for title in titles + titles:
                _same(title, as_of=D)


def test_names_checked_together_are_checked_as_one_by_one():
    from labelcheck.pipeline import checked_names
    mixed = [t for _, t in names(300, seed=3, mix="worst")] + [t for _, t in names(300, seed=4, mix="market")]
    titles = [(None, True, False)[i % 3] for i in range(len(mixed))]
    ids = [None if i % 4 == 0 else f"item-{i}" for i in range(len(mixed))]
    sources = [f"listings.csv:{i + 2}" for i in range(len(mixed))]
    together = checked_names(mixed, as_of=D, titles=titles, doc_ids=ids, sources=sources, want_json=True)
    assert len(together) == len(mixed)
    for i, (report, rendered) in enumerate(together):
        alone, alone_json = checked_name(mixed[i], as_of=D, title=titles[i], doc_id=ids[i], source=sources[i],
                                         want_json=True)
        assert (rendered or report.model_dump_json()) == (alone_json or alone.model_dump_json()), mixed[i]
    forced = checked_names(mixed[:50], as_of=D, product_class="soy_meat")
    assert [r.model_dump_json() for r, _ in forced] == \
        [checked_name(n, as_of=D, product_class="soy_meat")[0].model_dump_json() for n in mixed[:50]]


def test_core_categories_are_name_categories():
    # fastpath.screened skips choosing among a title's matches when none is of NAME_CATS: title_core reads only the
    # matches of its core categories (and those holding a typed space), so every core category must be a name one
    from labelcheck.extract.name import _CORE_SET
    from labelcheck.extract.terms import NAME_CATS
    assert _CORE_SET <= NAME_CATS


def test_not_food_evidence_gives_the_lists_first_word_the_name_holds():
    # the in-name words are looked for in one automaton pass first (classify._in_name_scanner); what is returned is
    # still the list's first word the name holds, letter case as written
    from labelcheck.classify import _not_food_words, not_food_evidence
    not_if, _, in_name = _not_food_words()

    def by_list(name: str) -> str:
        if any(w in name for w in not_if):
            name = ""
        return next((w for w in in_name if w in name), "")
    names = ["", "正大 香辣鸡块 1kg", "植物肉汉堡 200g"] + [f"【包邮】{w}牛肉味 500g" for w in in_name] \
        + [f"{a} {b}" for a, b in zip(in_name, reversed(in_name))] + [w.upper() + w.lower() for w in in_name] \
        + [f"{w} {in_name[0]}" for w in not_if]
    for name in names:
        assert not_food_evidence("", name) == by_list(name), name
