"""The researcher's questions of docs/national.md: the page's code runs as printed, and its
answers agree with the vendored raw files read here independently of the import."""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jpdx
from jpdx.enums import ProcedureType

from .conftest import RELEASES, ROOT, SOURCES, stored_frame

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PAGE = ROOT / "docs" / "national.md"
NEWEST = jpdx.versions()[-1]
REFERENCE = SOURCES / "reference"


def _raw(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def answers() -> dict[str, Any]:
    """The names the page's code blocks define, run in order in one namespace."""
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 6
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
    return namespace


def _master() -> list[list[str]]:
    return _raw(REFERENCE / "mic_lg_codes.csv")[1:]


def test_moving_out_rates_of_hyogo_are_every_municipality_highest_first(
    answers: dict[str, Any],
) -> None:
    frame: pl.DataFrame = answers["moving_out"]
    hyogo = [row[0] for row in _master() if row[0].startswith("28") and row[2]]
    assert sorted(frame.get_column("lg_code")) == sorted(hyogo)
    values = frame.get_column("value").drop_nulls().to_list()
    assert values == sorted(values, reverse=True)
    records = _raw(
        REFERENCE
        / "digital-agency-dx-dashboard-2024-07-12"
        / "市区町村毎のDX進捗状況_行政手続のオンライン申請率.csv"
    )
    row = next(r for r in records if "転出届" in r)
    top = frame.row(0, named=True)
    column = records[0].index(top["name_as_published"])
    assert row[column] == f"{top['value']:g}%"


def test_shimonoseki_has_a_card_rate_at_every_snapshot(answers: dict[str, Any]) -> None:
    frame: pl.DataFrame = answers["shimonoseki"]
    folders = sorted(
        p.name for p in (REFERENCE / "mic-mynumber-card-issuance").iterdir() if p.is_dir()
    )
    assert frame.height == len(folders) == 46
    for folder, value in zip(folders, frame.get_column("value"), strict=True):
        records = _raw(REFERENCE / "mic-mynumber-card-issuance" / folder / "all_localgovs.csv")
        header = records[0]
        row = next(r for r in records[1:] if r[header.index("市区町村名")] == "下関市")
        assert float(row[header.index("人口に対する交付枚数率")]) == value


def test_nakagawa_is_one_series_under_todays_code(answers: dict[str, Any]) -> None:
    frame: pl.DataFrame = answers["nakagawa"]
    assert frame.height == 46
    assert str(frame.get_column("snapshot")[0]) == "2017-03-08"


def test_cio_share_per_prefecture_counts_those_that_answered(answers: dict[str, Any]) -> None:
    frame: pl.DataFrame = answers["cio_share"]
    assert frame.height == 47
    records = _raw(
        REFERENCE
        / "digital-agency-dx-dashboard-2024-07-12"
        / "市区町村毎のDX進捗状況_市区町村比較.csv"
    )
    row = next(r for r in records if any(cell.startswith("CIOの任命") for cell in r))
    master = [r for r in _master() if r[2]]
    cells = row[2 : 2 + len(master)]  # the columns follow MIC order
    for prefecture in ("北海道", "石川県"):
        mine = [c for r, c in zip(master, cells, strict=True) if r[1] == prefecture]
        answered = [c for c in mine if c in ("実施", "未実施")]
        got = frame.filter(pl.col("prefecture") == prefecture).row(0, named=True)
        assert got["value"] == pytest.approx(answered.count("実施") / len(answered))
        assert (got["n_answered"], got["n_missing"]) == (len(answered), len(mine) - len(answered))
    ishikawa = frame.filter(pl.col("prefecture") == "石川県").row(0, named=True)
    assert round(100 * ishikawa["value"]) == 82  # not 47: 調査無し is not "no"


def test_population_joins_by_code(answers: dict[str, Any]) -> None:
    frame: pl.DataFrame = answers["ai_by_size"]
    assert frame.height >= 1741
    assert frame.get_column("population").null_count() == 0


def test_one_place_has_its_programs_and_its_national_indicators(answers: dict[str, Any]) -> None:
    assert answers["programs"].height > 0
    indicators: pl.DataFrame = answers["indicators"]
    ids = set(indicators.get_column("indicator_id"))
    assert {"card-rate", "dx-cio-appointed", "od2024-engaged-in-open-data"} <= ids


def test_shimonoseki_procedures_meet_their_national_rates(answers: dict[str, Any]) -> None:
    frame: pl.DataFrame = answers["shimonoseki_procedures"]
    records = _raw(
        REFERENCE
        / "digital-agency-dx-dashboard-2024-07-12"
        / "市区町村毎のDX進捗状況_行政手続のオンライン申請率.csv"
    )
    assert records[0].count("下関市") == 1
    column = records[0].index("下関市")
    rate = {r[1]: r[column] for r in records[1:]}  # procedure name as published: its cell
    moving = frame.filter(pl.col("procedure_id") == "shimonoseki-moving-one-stop")
    assert sorted(moving.get_column("indicator_id")) == [
        "dx-moving-in-visit-notice",
        "dx-moving-out",
    ]
    curated = tomllib.loads((SOURCES / "shimonoseki-council-2024-09-18.toml").read_text("utf-8"))
    links = [
        (p["procedure_id"], t) for p in curated["procedures"] for t in p.get("procedure_types", [])
    ]
    assert sorted(frame.select("procedure_id", "procedure_type").rows()) == sorted(links)
    assert frame.get_column("indicator_id").null_count() == 0  # every link has its rate
    for row in frame.iter_rows(named=True):
        cell = rate[ProcedureType(row["procedure_type"]).ja]
        assert row["value"] == (float(cell.removesuffix("%")) if cell else None), row


# -- text= on the largest table, against a reference over its distinct texts ---------------

_VALUES = stored_frame(RELEASES, NEWEST, "indicator_values")
_QUOTES = _VALUES.select(
    "value_id", pl.col("evidence").list.eval(pl.element().struct.field("quote")).alias("quote")
).explode("quote")
_TEXTS = sorted(set(_VALUES["name_as_published"].drop_nulls()) | set(_QUOTES["quote"]))


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(_TEXTS).flatmap(lambda t: st.tuples(st.just(t), st.integers(0, len(t)))))
def test_text_on_the_national_values_agrees_with_a_reference(case: tuple[str, int]) -> None:
    text, start = case
    needle = text[start : start + 4] or text
    if not needle.strip():
        return
    wanted = _folded(needle)
    names = {v for v in _VALUES["name_as_published"].drop_nulls().unique() if wanted in _folded(v)}
    quotes = {q for q in _QUOTES["quote"].unique() if wanted in _folded(q)}
    expected = set(
        _VALUES.filter(pl.col("name_as_published").is_in(list(names)))["value_id"]
    ) | set(_QUOTES.filter(pl.col("quote").is_in(list(quotes)))["value_id"])
    found = set(
        jpdx.query("indicator_values", version=NEWEST).where(text=needle).frame()["value_id"]
    )
    assert found == expected
    assert expected  # the needle is taken from these texts
