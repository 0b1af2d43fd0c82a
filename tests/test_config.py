"""Configuration: pyproject.toml [tool.labelcheck] / labelcheck.toml found upward, --config, CLI flags,
errors as one line with exit 2, and the same settings through the Python API."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import labelcheck
from labelcheck import config
from labelcheck.pipeline import rule_ids

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "corpus" / "examples"
NAME = "植物肉香肠"          # soy_meat: LC101 (no 大豆 before the attribute name) is its one error


def run(*args, cwd: Path):
    p = subprocess.run([sys.executable, "-m", "labelcheck", *args], capture_output=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def name_rules(cwd: Path, *extra: str) -> tuple[int, dict]:
    code, out, err = run("name", NAME, "--class", "soy_meat", "--format", "json", "--as-of", "2026-11-23", *extra, cwd=cwd)
    assert code in (0, 1), err
    report = json.loads(out)
    return code, {f["rule"]: f["severity"] for f in report["findings"]}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with a nested working directory, no config yet."""
    (tmp_path / "src" / "deep").mkdir(parents=True)
    # a configuration in a folder above the temporary one would be found too: say so rather than fail oddly
    assert config.find_config(tmp_path) is None, f"a labelcheck config above {tmp_path} interferes"
    return tmp_path


def test_no_config_runs_every_rule(project):
    code, rules = name_rules(project / "src" / "deep")
    assert code == 1 and rules["LC101"] == "error" and "LC001" in rules


def test_pyproject_in_a_parent_folder_is_found(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.labelcheck]\nignore = ["LC101"]\n',
                                            encoding="utf-8")
    code, rules = name_rules(project / "src" / "deep")
    assert code == 0 and "LC101" not in rules and "LC001" in rules


def test_pyproject_without_our_table_is_passed_over(project):
    (project / "src" / "pyproject.toml").write_text('[project]\nname = "inner"\n', encoding="utf-8")
    (project / "labelcheck.toml").write_text('ignore = ["LC1"]\n', encoding="utf-8")
    code, rules = name_rules(project / "src" / "deep")
    assert code == 0 and not any(r.startswith("LC1") for r in rules)


def test_labelcheck_toml_in_cwd_and_nearest_wins(project):
    (project / "pyproject.toml").write_text('[tool.labelcheck]\nignore = ["LC101"]\n', encoding="utf-8")
    deep = project / "src" / "deep"
    (deep / "labelcheck.toml").write_text('select = ["LC0"]\n[severity]\nLC001 = "warning"\n', encoding="utf-8")
    code, rules = name_rules(deep)
    # the nearer file alone applies: only LC0xx run, so LC101 is gone because it is not selected
    assert code == 0 and rules == {"LC001": "warning"}
    (deep / "labelcheck.toml").unlink()
    (project / "src" / "labelcheck.toml").write_text('extend-select = []\n', encoding="utf-8")
    code, rules = name_rules(deep)           # an empty config in src/ hides the pyproject above it
    assert code == 1 and rules["LC101"] == "error"


def test_config_option_names_the_file(project):
    cfg = project / "elsewhere.toml"
    cfg.write_text('[severity]\nLC101 = "warning"\n', encoding="utf-8")
    code, rules = name_rules(project, "--config", str(cfg))
    assert code == 0 and rules["LC101"] == "warning"
    py = project / "other" / "pyproject.toml"
    py.parent.mkdir()
    py.write_text('[tool.labelcheck]\nignore = ["LC101"]\n', encoding="utf-8")
    code, rules = name_rules(project, "--config", str(py))
    assert code == 0 and "LC101" not in rules


def test_cli_flags_override_the_file(project):
    (project / "labelcheck.toml").write_text('ignore = ["LC101"]\n', encoding="utf-8")
    assert "LC101" not in name_rules(project)[1]
    code, rules = name_rules(project, "--select", "LC101")          # --select replaces the file's selection
    assert code == 1 and set(rules) == {"LC101"}
    code, rules = name_rules(project, "--extend-select", "LC101")   # more specific than nothing: back on
    assert code == 1 and "LC101" in rules and "LC001" in rules
    code, rules = name_rules(project, "--ignore", "LC001,LC0")
    assert "LC001" not in rules and "LC101" not in rules


def test_prefix_selection_and_specificity():
    ids = sorted(rule_ids())
    s = config.prepare({"select": ["LC1"], "ignore": ["LC10"], "extend-select": ["LC101"]}, ids)
    assert "LC101" in s.selected                        # LC101 is more specific than the LC10 ignore
    assert not any(i.startswith("LC10") and i != "LC101" for i in s.selected)
    assert all(i.startswith("LC1") for i in s.selected)
    assert config.prepare({"select": ["ALL"], "ignore": ["LC6"]}, ids).selected == {i for i in ids if not i.startswith("LC6")}


@pytest.mark.parametrize("body, where, says", [
    ('selct = ["LC1"]\n', "labelcheck.toml", "unknown key 'selct'"),
    ('select = ["LC999"]\n', "labelcheck.toml", "select: unknown rule id or prefix 'LC999'"),
    ('ignore = ["XX"]\n', "labelcheck.toml", "ignore: unknown rule id or prefix 'XX'"),
    ('[severity]\nLC999 = "info"\n', "labelcheck.toml", "severity: unknown rule id 'LC999'"),
    ('[severity]\nLC101 = "fatal"\n', "labelcheck.toml", "severity.LC101"),
    ('[lexicon]\nno_such_list = ["x"]\n', "labelcheck.toml", "unknown lexicon 'no_such_list'"),
    ('as-of = "tomorrow"\n', "labelcheck.toml", "as-of"),
    ('select = [\n', "labelcheck.toml", "invalid TOML"),
])
def test_bad_config_is_one_line_exit_2(project, body, where, says):
    (project / "labelcheck.toml").write_text(body, encoding="utf-8")
    code, out, err = run("name", NAME, cwd=project)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and where in err and says in err, err


def test_bad_pyproject_names_the_table(project):
    (project / "pyproject.toml").write_text('[tool.labelcheck]\nbrand = ["x"]\n', encoding="utf-8")
    code, _, err = run("check", str(EX / "dairy_pass.json"), cwd=project)
    assert code == 2 and err.count("\n") == 1
    assert "pyproject.toml" in err and "[tool.labelcheck]" in err and "unknown key 'brand'" in err


def test_unknown_rule_on_the_command_line_and_missing_config_file(project):
    code, _, err = run("name", NAME, "--ignore", "LC99", cwd=project)
    assert code == 2 and err.count("\n") == 1 and "--ignore" in err and "LC99" in err
    code, _, err = run("name", NAME, "--config", "missing.toml", cwd=project)
    assert code == 2 and err.count("\n") == 1 and "missing.toml" in err


def test_severity_override_changes_the_verdict_of_a_label(project):
    label = str(EX / "dairy_fail_name_font.json")
    code, out, _ = run("check", label, "--as-of", "2026-11-23", "--format", "json", cwd=project)
    before = json.loads(out)
    errors = sorted({f["rule"] for f in before["findings"] if f["severity"] == "error"})
    assert code == 1 and before["verdict"] == "fail" and errors
    (project / "labelcheck.toml").write_text(
        "[severity]\n" + "".join(f'{r} = "info"\n' for r in errors), encoding="utf-8")
    code, out, _ = run("check", label, "--as-of", "2026-11-23", "--format", "json", cwd=project)
    after = json.loads(out)
    assert code == 0 and after["verdict"] in ("warn", "pass")
    assert {f["rule"] for f in after["findings"]} == {f["rule"] for f in before["findings"]}
    assert all(f["severity"] == "info" for f in after["findings"] if f["rule"] in errors)


def test_as_of_default_from_config_and_the_flag_wins(project):
    (project / "labelcheck.toml").write_text("as-of = 2027-06-01\n", encoding="utf-8")
    code, out, _ = run("check", str(EX / "dairy_pass.json"), "--format", "json", cwd=project)
    report = json.loads(out)
    assert report["as_of"] == "2027-06-01" and report["edition_in_force"] == "2025"
    code, out, _ = run("check", str(EX / "dairy_pass.json"), "--format", "json", "--as-of", "2026-11-23", cwd=project)
    report = json.loads(out)
    assert report["as_of"] == "2026-11-23" and report["edition_in_force"] == "2011"


def test_batch_reads_the_config(project):
    (project / "names.jsonl").write_text(json.dumps({"id": "a", "name": NAME}, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    (project / "labelcheck.toml").write_text('[severity]\nLC101 = "warning"\n', encoding="utf-8")
    code, out, err = run("batch", "names.jsonl", "--class", "soy_meat", "--format", "jsonl", "--workers", "1",
                         "--no-progress", cwd=project)
    assert code == 0, err
    row = json.loads(out.splitlines()[0])
    assert any(f["rule"] == "LC101" and f["severity"] == "warning" for f in row["findings"])


# ---- the same settings through the Python API ----

def test_api_is_unchanged_without_config():
    assert labelcheck.check_name(NAME, product_class="soy_meat").verdict == "fail"


def test_api_takes_settings_dict_or_path(tmp_path):
    as_dict = labelcheck.check_name(NAME, product_class="soy_meat", config={"ignore": ["LC101"]})
    assert as_dict.verdict == "pass"
    obj = config.Settings(severity={"LC101": "warning"})
    assert labelcheck.check_name(NAME, product_class="soy_meat", config=obj).verdict == "warn"
    path = tmp_path / "labelcheck.toml"
    path.write_text('as-of = 2027-06-01\n', encoding="utf-8")
    report = labelcheck.check({"text": "植物肉汉堡饼\n配料：水，大豆分离蛋白"}, config=str(path))
    assert report.as_of == "2027-06-01"
    # the configuration applied to that call only
    assert labelcheck.check_name(NAME, product_class="soy_meat").verdict == "fail"


def test_api_bad_config_is_a_value_error():
    with pytest.raises(ValueError, match="unknown key 'selct'"):
        labelcheck.check_name(NAME, config={"selct": ["LC1"]})


def test_extra_lexicon_entries_reach_the_matcher():
    # 蔬肉 is in no word list: alone it names nothing; added to plant_meat it makes a plant-based meat
    plain = labelcheck.check_name("蔬肉香肠", as_of=dt.date(2026, 11, 23))
    assert plain.product_class == "other"
    cfg = {"lexicon": {"plant_meat": ["蔬肉"]}}
    extended = labelcheck.check_name("蔬肉香肠", as_of=dt.date(2026, 11, 23), config=cfg)
    assert extended.product_class == "plant_meat"
    # file-qualified keys and nested tables name lists that share a category name
    s = config.prepare({"lexicon": {"ingredients": {"animal_meat": ["鸵鸟肉"]}, "terms.animal_meat": ["鸵鸟排"]}},
                       rule_ids())
    assert ("animal_meat", "鸵鸟肉") in s.extra_terms("ingredients") and ("animal_meat", "鸵鸟排") in s.extra_terms("terms")
    with pytest.raises(ValueError, match="several word lists"):
        config.prepare({"lexicon": {"animal_meat": ["x"]}}, rule_ids())
    # the extra entry did not stay behind for checks without the configuration
    assert labelcheck.check_name("蔬肉香肠", as_of=dt.date(2026, 11, 23)).product_class == "other"


def test_extra_lexicon_entries_reach_the_segmenter_of_their_checks_only():
    from labelcheck.annotate import segment
    words = lambda: [w for _, _, w in segment("好蔬肉香肠")]   # noqa: E731
    assert "好蔬肉" not in words()
    with config.using(config.prepare({"lexicon": {"plant_meat": ["好蔬肉"]}}, rule_ids())):
        assert words()[0] == "好蔬肉"
    assert "好蔬肉" not in words()


def test_brand_allowlist_accessor():
    assert config.brand_allowlist() == ()
    s = config.prepare({"brands": ["植得好", "Oatly"]}, rule_ids())
    with config.using(s):
        assert config.brand_allowlist() == ("植得好", "Oatly")
    assert config.brand_allowlist() == ()
