"""--compare-editions and --edition-by production-date (issue 15), and the date parser's forms."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from labelcheck.cli import main
from labelcheck.editions import compare_editions, edition_date_by_production
from labelcheck.extract.dates import parse_dates, parse_duration
from labelcheck.models import LabelDocument

# a complete 大豆植物肉 label of 2026 (2025 items too: 保质期至, the children's sentence), shared with other tests
LABEL = (Path(__file__).resolve().parent / "fixtures" / "labels" / "soy_patty_2026.txt").read_text(encoding="utf-8")


def test_compare_editions_lists_what_appears_and_goes_away():
    c = compare_editions(LabelDocument(text=LABEL), as_of=dt.date(2026, 11, 23))
    appear = {f.rule for f in c.appear}
    gone = {f.rule for f in c.go_away}
    assert {"LC742", "LC750"} <= appear          # name ingredient (4.4.1.1), energy from declared values (2.3)
    assert "LC741" in gone                       # 不含防腐剂 without content: a 2011 4.1.4.2 error, LC551's from 2027
    assert c.edition_2011.edition_in_force == "2011" and c.edition_2025.edition_in_force == "2025"


def test_cli_compare_editions_json(tmp_path, capsys):
    p = tmp_path / "label.txt"
    p.write_text(LABEL, encoding="utf-8")
    rc = main(["check", str(p), "--compare-editions", "--as-of", "2026-11-23", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 1 and {f["rule"] for f in data["appear"]} >= {"LC742", "LC750"}


def test_cli_edition_by_production_date(tmp_path, capsys):
    p = tmp_path / "label.txt"
    p.write_text(LABEL.replace("2026年09月12日", "2027年04月02日").replace("2027年09月11日", "2028年04月01日"), encoding="utf-8")
    main(["check", str(p), "--edition-by", "production-date", "--as-of", "2027-05-01", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["edition_in_force"] == "2025" and data["as_of"] == "2027-05-01"
    assert edition_date_by_production(LabelDocument(text=LABEL)) == dt.date(2026, 9, 12)


def test_cli_edition_by_production_date_keeps_the_check_date(tmp_path, capsys):
    # made under 2011, checked after 2027-03-16 and past its expiry: the 2011 edition judges it, the check date its dates
    p = tmp_path / "label.txt"
    p.write_text(LABEL.replace("2026年09月12日", "2026年06月01日").replace("2027年09月11日", "2027年05月31日"), encoding="utf-8")
    main(["check", str(p), "--edition-by", "production-date", "--as-of", "2027-06-15", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["edition_in_force"] == "2011" and data["as_of"] == "2027-06-15"
    assert data["classification"]["edition_basis"].startswith("production-date 2026-06-01")
    assert any(f["rule"] == "LC704" for f in data["findings"])        # expired before the check date


@pytest.mark.parametrize("text,want", [
    ("2025年3月1日", (2025, 3, 1)), ("2025.03.01", (2025, 3, 1)), ("20250301", (2025, 3, 1)), ("2025/3/1", (2025, 3, 1)),
    ("2025-03-01", (2025, 3, 1)), ("2025 03 01", (2025, 3, 1)), ("20日3月2010年", (2010, 3, 20)), ("20/03/2026", (2026, 3, 20)),
])
def test_date_forms(text, want):
    d = parse_dates(text)[0]
    assert (d.year, d.month, d.day) == want


def test_stated_order_and_two_digit_years():
    assert [(d.year, d.month, d.day) for d in parse_dates("01/03/26", order="dmy")] == [(2026, 3, 1)]
    assert [(d.year, d.month, d.day) for d in parse_dates("03/20/2010", order="mdy")] == [(2010, 3, 20)]
    assert parse_dates("01/03/26") == []          # two-digit year, no stated order: not guessed
    assert parse_dates("2026年02月30日")[0].impossible


@pytest.mark.parametrize("text,amount,unit", [
    ("12个月", 12, "month"), ("十二个月", 12, "month"), ("365天", 365, "day"), ("1年", 1, "year"), ("18 months", 18, "month"),
    ("一百八十天", 180, "day"),
])
def test_durations(text, amount, unit):
    d = parse_duration(text)
    assert (d.amount, d.unit) == (amount, unit)


def test_month_end_and_leap_years():
    d = parse_duration("1个月")
    assert d.add_to(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert parse_duration("36个月").add_to(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)
