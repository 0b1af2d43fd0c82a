"""Batch input the way exports and pipelines really hand it over (an outside tester's sweep of 2026-12-01): a quote
inside an unquoted title, a GB18030 file whose first 4 KB are ASCII, one cell pasted from another encoding, bytes no
encoding reads, more cells than the header, a title of only a zero-width space, a named JSONL key that is missing,
outputs that cannot be written. Nothing may be lost or mangled silently."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import labelcheck


def run(*args):
    p = subprocess.run([sys.executable, "-m", "labelcheck", "batch", "--as-of", "2026-11-23", "--no-progress", *args],
                       capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_a_quote_inside_an_unquoted_title_is_a_character(tmp_path):
    f = tmp_path / "q.csv"
    f.write_text('id,title\nq1,植物肉汉堡肉饼 5"大号 100g\nq2,黑椒牛排 200g\nq3,植物肉香肠 100g\n', encoding="utf-8")
    code, out, err = run(str(f))
    recs = records(out)
    assert [(r["id"], r["row"], r.get("error")) for r in recs] == [("q1", 2, None), ("q2", 3, None), ("q3", 4, None)]
    assert recs[0]["fields"]["name"] == '植物肉汉堡肉饼 5"大号 100g' and not err.count("labelcheck:")


def test_a_record_spanning_lines_is_numbered_by_the_line_it_starts_on(tmp_path):
    f = tmp_path / "m.csv"
    f.write_bytes('id,title\r\n1,"澳洲原切牛排\n10片装"\r\n2,植物肉香肠\r\n'.encode("gb18030"))
    assert [(r["id"], r["row"]) for r in records(run(str(f))[1])] == [("1", 2), ("2", 4)]


def test_gb18030_after_an_ascii_start_and_a_cell_from_another_encoding_are_read(tmp_path):
    late = tmp_path / "late.csv"
    late.write_bytes(b"id,title\n" + b"".join(b"x%d,plain listing %d padding text\n" % (i, i) for i in range(150))
                     + "y,素鸡 豆制品\n".encode("gb18030"))
    assert records(run(str(late))[1])[-1]["product_class"] == "traditional_soy"
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes("id,title,shop\n1,大豆蛋白素肉,店A\n".encode("utf-8") + b"2," + "素鸡".encode("gb18030")
                      + ",店B\n".encode("utf-8"))
    recs = records(run(str(mixed))[1])
    assert recs[1]["fields"]["name"] == "素鸡" and recs[1]["product_class"] == "traditional_soy"


def test_bytes_no_encoding_reads_are_reported_not_checked(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_bytes("id,title\n1,植物肉香肠\n".encode("utf-8") + b"2,Caf\xe9 vegan burger\n")
    code, out, err = run(str(f))
    bad = records(out)[1]
    assert bad["row"] == 3 and "neither UTF-8 nor GB18030" in bad["error"] and "(id 2)" in err


def test_more_cells_than_the_header_is_a_row_error_not_a_cut_title(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("id,title,shop\n1,植物肉香肠 执行标准T/CNFIA 165-2022, 200g,店A\n2,黑椒牛排,店B\n", encoding="utf-8")
    code, out, err = run(str(f), "--keep", "shop")
    recs = records(out)
    assert "4 cells under a header of 3" in recs[0]["error"] and recs[1]["keep"] == {"shop": "店B"}
    assert code == 0


def test_a_title_of_invisible_characters_is_empty():
    with pytest.raises(ValueError, match="empty"):
        labelcheck.check_name("\u200b")


def test_a_named_jsonl_key_that_is_missing_is_reported_per_row(tmp_path):
    f = tmp_path / "n.jsonl"
    f.write_text('{"id": "a", "title": "植物肉香肠"}\n{"id": "b", "title": "牛排"}\n', encoding="utf-8")
    code, out, err = run(str(f), "--id-column", "货品ID")
    assert code == 2 and all("no key '货品ID' for --id-column" in r["error"] for r in records(out))


def test_outputs_that_cannot_be_written_are_one_line_errors_before_any_row(tmp_path):
    f = tmp_path / "ok.csv"
    f.write_text("id,title\n1,植物肉香肠\n", encoding="utf-8")
    for args, says in ((["-o", str(tmp_path / "no" / "x.csv")], "its folder does not exist"),
                       (["--summary", str(tmp_path / "no" / "s.json")], "its folder does not exist"),
                       (["-o", str(tmp_path / "x.xlsx")], "batch writes no workbook")):
        code, out, err = run(str(f), *args)
        assert code == 2 and says in err and "Traceback" not in err and out == ""


def test_a_csv_piped_to_standard_input_is_refused_at_once():
    p = subprocess.run([sys.executable, "-m", "labelcheck", "batch", "-", "--as-of", "2026-11-23"],
                       input="id,title\n1,植物肉香肠\n2,牛排\n".encode("utf-8"), capture_output=True, timeout=120)
    err = p.stderr.decode("utf-8")
    assert p.returncode == 2 and "reads as a CSV header" in err and err.count("labelcheck:") == 1


def test_csv_rows_carry_what_a_filed_finding_is_cited_with(tmp_path):
    # the fixed columns, then the carried ones in their place, then the check date, edition, tool, rule set, input hash
    import csv
    f = tmp_path / "p.csv"
    f.write_text("id,title,shop,as_of\np1,植物肉汉堡肉饼 100g,店A,x\np2,\n", encoding="utf-8")
    out = tmp_path / "r.csv"
    code, _, err = run(str(f), "--keep", "shop,as_of", "-o", str(out))
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    head = rows[0]
    assert head[:15] == ["id", "row", "name", "source", "verdict", "product_class", "needs_review", "review_reasons",
                         "standards", "errors", "warnings", "rules", "messages", "suggestions", "error"]
    assert head[15:] == ["shop", "keep_as_of", "as_of", "edition_in_force", "tool_version", "ruleset", "input_sha256"]
    p1 = dict(zip(head, rows[1]))
    report = labelcheck.check_name("植物肉汉堡肉饼 100g", as_of="2026-11-23", title=True)
    assert (p1["shop"], p1["keep_as_of"], p1["as_of"], p1["edition_in_force"]) == ("店A", "x", "2026-11-23", "2011")
    assert p1["ruleset"] == report.provenance.ruleset and p1["input_sha256"] == report.provenance.input_sha256
    p2 = dict(zip(head, rows[2]))
    assert p2["error"] and p2["as_of"] == "" and p2["input_sha256"] == ""       # a row not checked cites nothing
