"""labelcheck.spark.check_names in PySpark local mode (skipped only where pyspark is not installed; CI installs
every extra, so it runs there)."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys

import pytest

pyspark = pytest.importorskip("pyspark")
pd = pytest.importorskip("pandas")

import labelcheck  # noqa: E402

D = dt.date(2026, 11, 23)
TITLES = ["【包邮】植物肉香肠 200g*2", "大豆植物肉汉堡肉饼 100g", None, "别样肉客 汉堡饼 4片装", "五香素鸡 250g", "  ",
          "乳基蛋白牛排 10片装 冷冻"]


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable          # the workers run this interpreter, with labelcheck
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession
    session = (SparkSession.builder.master("local[2]").appName("labelcheck-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g").getOrCreate())
    yield session
    session.stop()


def test_check_names_on_a_parquet_file(spark, tmp_path):
    path = tmp_path / "listings.parquet"
    pd.DataFrame({"item_id": list(range(len(TITLES))), "title": TITLES, "shop": ["s"] * len(TITLES)}).to_parquet(path)
    df = spark.read.parquet(str(path)).repartition(2)
    from labelcheck.spark import check_names
    out = check_names(df, column="title", id_column="item_id", as_of="2026-11-23")
    assert out.columns == ["item_id", "title", "shop", "lc_class", "lc_verdict", "lc_rules", "lc_findings",
                           "lc_needs_review"]
    rows = {r["item_id"]: r for r in out.collect()}
    assert len(rows) == len(TITLES)
    for i, title in enumerate(TITLES):
        r = rows[i]
        if title is None or not title.strip():
            assert r["lc_verdict"] is None and r["lc_rules"] == [] and r["lc_class"] is None
            continue
        want = labelcheck.check_name(title, as_of=D)
        assert r["lc_class"] == want.product_class and r["lc_verdict"] == want.verdict
        assert r["lc_rules"] == [f.rule for f in want.findings if f.severity != "info"]
        assert [f["rule"] for f in json.loads(r["lc_findings"])] == [f.rule for f in want.findings]
        assert r["lc_needs_review"] == want.needs_review
    assert rows[3]["lc_needs_review"] is True                # a brand is its only analogue cue


def test_check_names_with_a_class_and_bad_arguments(spark):
    from labelcheck.spark import check_names
    df = spark.createDataFrame([("1", "植物肉香肠")], ["id", "name"])
    row = check_names(df, column="name", product_class="soy_meat", as_of=D).collect()[0]
    assert row["lc_class"] == "soy_meat" and row["lc_verdict"] == "fail" and "LC101" in row["lc_rules"]
    with pytest.raises(ValueError, match="'title' is not a column.*id, name"):
        check_names(df)
    with pytest.raises(ValueError, match="choose one of"):
        check_names(df, column="name", product_class="tofu")


def test_blank_in_practice_titles_get_nulls_and_a_numeric_column_is_refused(spark):
    from labelcheck.spark import check_names
    df = spark.createDataFrame([("1", "\u200b"), ("2", "\u200b\u3000"), ("3", "大豆植物肉香肠")], ["id", "title"])
    rows = {r["id"]: r for r in check_names(df, id_column="id", as_of=D).collect()}
    assert rows["1"]["lc_verdict"] is None and rows["2"]["lc_class"] is None and rows["3"]["lc_verdict"] == "pass"
    numbers = spark.createDataFrame([(1, 2)], ["id", "n"])
    with pytest.raises(ValueError, match="not strings"):
        check_names(numbers, column="n")
