"""docs/questions.md: every block runs as printed, and each answer agrees with the vendored
raw files read here with the csv module alone (not jpdx), place by place."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from .conftest import ROOT, SOURCES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PAGE = ROOT / "docs" / "questions.md"
REFERENCE = SOURCES / "reference"
DASHBOARD = REFERENCE / "digital-agency-dx-dashboard-2024-07-12"
CARDS = REFERENCE / "mic-mynumber-card-issuance"
BANDS = (10_000, 50_000, 100_000, 300_000, 1_000_000)  # the bands the page states


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def answers() -> dict[str, Any]:
    """The names the page's blocks define, run in order in one namespace."""
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
    return namespace


def test_every_answer_is_at_most_three_lines_of_jpdx() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    questions = re.findall(r"^## \d+\. ", PAGE.read_text(encoding="utf-8"), re.M)
    assert len(questions) >= 12
    assert len(blocks) == len(questions) + 1  # and the imports
    for block in blocks[1:]:
        # lines of code: not an opening ``name = (`` nor a closing bracket alone
        code = [
            line
            for line in block.splitlines()
            if line.strip() and not re.fullmatch(r"\w+ = \(|\)", line.strip())
        ]
        assert len(code) <= 3, block


# -- the raw files, read independently -------------------------------------------------------


@cache
def master() -> dict[str, tuple[str, str]]:
    """MIC's list: code → (prefecture, municipality name; empty for a prefecture)."""
    return {row[0]: (row[1], row[2]) for row in _rows(REFERENCE / "mic_lg_codes.csv")[1:]}


@cache
def municipal_codes() -> list[str]:
    """The 1,741 municipalities in MIC order (the dashboard's columns follow it)."""
    return [code for code, (_, name) in master().items() if name]


@cache
def by_name() -> dict[tuple[str, str], str]:
    return {(pref, name): code for code, (pref, name) in master().items() if name}


def dashboard_row(label: str) -> dict[str, str]:
    """A municipal-comparison row of the dashboard: code → cell."""
    records = _rows(DASHBOARD / "市区町村毎のDX進捗状況_市区町村比較.csv")
    row = next(r for r in records if r[1].strip() == label)
    codes = municipal_codes()
    assert not any(row[2 + len(codes) :])  # nothing past the last municipality
    return dict(zip(codes, row[2 : 2 + len(codes)], strict=True))


def procedure_rates(procedure: str) -> dict[str, str]:
    records = _rows(DASHBOARD / "市区町村毎のDX進捗状況_行政手続のオンライン申請率.csv")
    row = next(r for r in records if r[1] == procedure)
    codes = municipal_codes()
    assert not any(row[2 + len(codes) :])
    return dict(zip(codes, row[2 : 2 + len(codes)], strict=True))


def yes_no(cell: str) -> float | None:
    return {"実施": 1.0, "未実施": 0.0}.get(cell)


@cache
def card_snapshots() -> list[tuple[dt.date, Path]]:
    """Each snapshot folder with the date its files state (算出基準日), oldest first."""
    found = []
    for folder in sorted(p for p in CARDS.iterdir() if p.is_dir()):
        first = _rows(folder / "all_prefectures.csv")[1]
        found.append((dt.date.fromisoformat(first[0].replace("/", "-")), folder))
    return found


def card_rows(folder: Path, prefectures: bool = False) -> list[dict[str, str]]:
    records = _rows(folder / ("all_prefectures.csv" if prefectures else "all_localgovs.csv"))
    return [dict(zip(records[0], row, strict=True)) for row in records[1:]]


@cache
def population() -> dict[str, float]:
    """Each municipality's population in the last snapshot: by its code (6 digits in this
    snapshot), else by its name within its prefecture without a county (三宅村 and 八丈町 have
    no code there; the files write 石狩郡当別町)."""
    _, folder = card_snapshots()[-1]
    found = {}
    for row in card_rows(folder):
        code = row["団体コード"].zfill(6)
        if code not in master():
            code = by_name()[(row["都道府県名"], row["市区町村名"].rpartition("郡")[2])]
        found[code] = float(row["総数（人口）"])
    assert len(found) == len(municipal_codes())
    return found


def band(code: str) -> int | None:
    people = population().get(code)
    return None if people is None else sum(people >= bound for bound in BANDS)


def shares(
    cells: dict[str, float | None], group: Callable[[str], object], weights: bool = False
) -> dict[object, tuple[float, int, int]]:
    """group → (mean or population-weighted mean, answered, missing)."""
    sums: dict[object, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for code, value in cells.items():
        entry = sums[group(code)]
        weight = population()[code] if weights else 1.0
        if value is None:
            entry[3] += 1
        else:
            entry[0] += value * weight
            entry[1] += weight
            entry[2] += 1
    return {k: (s / w if w else float("nan"), int(n), int(m)) for k, (s, w, n, m) in sums.items()}


def compare(frame: pl.DataFrame, key: str, expected: dict[Any, tuple[float, int, int]]) -> None:
    got = {
        row[key]: (row["value"], row["n_answered"], row["n_missing"])
        for row in frame.iter_rows(named=True)
    }
    assert set(got) == set(expected)
    for group, (value, answered, missing) in expected.items():
        assert got[group][1:] == (answered, missing), group
        assert got[group][0] == pytest.approx(value), group


def labels_of(bands: Iterable[object]) -> dict[object, str]:
    names = [
        "under 10,000",
        "10,000–49,999",
        "50,000–99,999",
        "100,000–299,999",
        "300,000–999,999",
        "1,000,000 or more",
    ]
    return {b: ("unknown" if b is None else names[int(str(b))]) for b in bands}


# -- the questions ----------------------------------------------------------------------------


def test_1_card_rate_by_prefecture(answers: dict[str, Any]) -> None:
    frame: pl.DataFrame = answers["cards"]
    day, folder = card_snapshots()[-1]
    assert day == dt.date(2022, 12, 31)
    rows = {row["都道府県名"]: row for row in card_rows(folder, prefectures=True)}
    assert frame.height == len(rows) == 47
    for row in frame.iter_rows(named=True):
        assert row["card-rate"] == float(rows[row["prefecture"]]["人口に対する交付枚数率"])
        assert row["card-rate_date"] == day
        assert row["population"] == float(rows[row["prefecture"]]["総数（人口）"])


def test_2_cio_share_by_prefecture(answers: dict[str, Any]) -> None:
    cells = {code: yes_no(cell) for code, cell in dashboard_row("CIOの任命").items()}
    compare(answers["cio"], "prefecture", shares(cells, lambda code: master()[code][0]))
    ishikawa = answers["cio"].filter(pl.col("prefecture") == "石川県").row(0, named=True)
    assert (ishikawa["n_answered"], ishikawa["n_missing"]) == (11, 8)
    assert round(100 * ishikawa["value"]) == 82


def test_3_cio_share_by_size(answers: dict[str, Any]) -> None:
    cells = {code: yes_no(cell) for code, cell in dashboard_row("CIOの任命").items()}
    expected = shares(cells, band)
    names = labels_of(expected)
    compare(answers["cio_by_size"], "size_band", {names[b]: v for b, v in expected.items()})


def test_4_moving_out_in_hyogo_highest_first(answers: dict[str, Any]) -> None:
    frame: pl.DataFrame = answers["moving_out"]
    rates = {c: v for c, v in procedure_rates("転出届").items() if c.startswith("28")}
    assert sorted(frame.get_column("lg_code")) == sorted(rates)
    for row in frame.iter_rows(named=True):
        cell = rates[row["lg_code"]]
        assert row["value"] == (float(cell.rstrip("%")) if cell else None)
    values = frame.get_column("value").drop_nulls().to_list()
    assert values == sorted(values, reverse=True)
    assert frame.get_column("value").tail(frame.get_column("value").null_count()).is_null().all()


def _od2020_not_publishing() -> set[str]:
    records = _rows(REFERENCE / "cio-portal-opendata-survey-2020" / "r2_survey_answers.csv")
    start = next(i for i, h in enumerate(records[0]) if h.startswith("[No.4]"))
    end = next(i for i, h in enumerate(records[0]) if i > start and h.startswith("[No."))
    column = start + records[1][start:end].index("オープンデータは公開していない")
    found = set()
    for row in records[2:]:
        code = "406210" if row[1] == "福岡県 苅田町" else row[0]  # the file keys it 132209
        if row[column] == "○":
            found.add(code)
    return found


def _od2024(answer_of: Callable[[str], float | None]) -> dict[str, float | None]:
    records = _rows(
        REFERENCE
        / "digital-agency-opendata-survey-2024"
        / "20250210_resources_data_questionnaire_outline_04.csv"
    )
    code = records[0].index("地方公共団体コード6桁")
    q3 = next(i for i, h in enumerate(records[0]) if h.startswith("Q3"))
    return {row[code].zfill(6): answer_of(row[q3]) for row in records[1:]}


def test_5_open_data_newcomers(answers: dict[str, Any]) -> None:
    engaged = _od2024(lambda cell: {"取組んでいる": 1.0, "取組んでいない": 0.0}.get(cell))
    expected = {
        code
        for code in _od2020_not_publishing()
        if engaged.get(code) == 1.0 and master()[code][1]  # municipalities only
    }
    assert set(answers["newcomers"].get_column("lg_code")) == expected
    assert expected


def test_6_nakagawa_series_across_its_code_change(answers: dict[str, Any]) -> None:
    frame: pl.DataFrame = answers["nakagawa"]
    expected = []
    for day, folder in card_snapshots():
        (row,) = [
            r
            for r in card_rows(folder)
            if r["都道府県名"] == "福岡県" and r["市区町村名"] in ("那珂川市", "那珂川町")
        ]
        expected.append((day, float(row["人口に対する交付枚数率"])))
    assert list(zip(frame.get_column("date"), frame.get_column("value"), strict=True)) == expected
    assert set(frame.get_column("lg_code")) == {"402311"}


def test_7_everything_about_shimonoseki(answers: dict[str, Any]) -> None:
    place = answers["shimonoseki"]
    code = by_name()[("山口県", "下関市")]
    assert place.lg_code == code
    rates = [v for v in place.values if v.indicator_id == "card-rate"]
    expected = [
        float(r["人口に対する交付枚数率"])
        for _, folder in card_snapshots()
        for r in card_rows(folder)
        if (r["都道府県名"], r["市区町村名"]) == ("山口県", "下関市")
    ]
    assert [v.value for v in rates] == expected
    (cio,) = [v for v in place.values if v.indicator_id == "dx-cio-appointed"]
    assert cio.label_ja == (dashboard_row("CIOの任命")[code],)
    curated = defaultdict(set)
    for path in SOURCES.glob("*.toml"):
        data = tomllib.loads(path.read_text("utf-8"))
        for table in ("programs", "procedures"):
            for record in data.get(table, []):
                if record.get("lg_code") == code:
                    curated[table].add(record[f"{table[:-1]}_id"])
    for table in ("programs", "procedures"):
        own = {r.key for r in place.records(table) if r.via == "own"}
        assert own == curated[table], table


def test_8_residents_in_municipalities_using_ai(answers: dict[str, Any]) -> None:
    cells = {code: yes_no(cell) for code, cell in dashboard_row("AIの導入状況").items()}
    expected = shares(cells, lambda code: master()[code][0], weights=True)
    compare(answers["ai_residents"], "prefecture", expected)


def test_9_ai_and_rpa(answers: dict[str, Any]) -> None:
    ai, rpa = dashboard_row("AIの導入状況"), dashboard_row("RPAの導入状況")
    expected = {code for code in ai if ai[code] == rpa[code] == "実施"}
    assert set(answers["both"].get_column("lg_code")) == expected


def test_10_card_rate_rise_by_prefecture(answers: dict[str, Any]) -> None:
    def rates(at: dt.date) -> dict[str, float]:
        _, folder = max((d, f) for d, f in card_snapshots() if d <= at)
        return {
            r["都道府県名"]: float(r["人口に対する交付枚数率"])
            for r in card_rows(folder, prefectures=True)
        }

    start, end = rates(dt.date(2020, 1, 1)), rates(dt.date(2022, 12, 31))
    got = dict(answers["rise"].iter_rows())
    assert set(got) == set(end)
    for prefecture, rise in got.items():
        assert rise == pytest.approx(end[prefecture] - start[prefecture])


def test_11_not_surveyed_on_cio(answers: dict[str, Any]) -> None:
    municipal = {code for code, cell in dashboard_row("CIOの任命").items() if cell == "調査無し"}
    records = _rows(DASHBOARD / "都道府県のDX進捗状況_都道府県比較.csv")
    row = next(r for r in records if r[1] == "CIOの任命")
    prefectures = {
        code
        for code, (pref, name) in master().items()
        if not name and row[records[0].index(pref)] == "調査無し"
    }
    frame: pl.DataFrame = answers["not_surveyed"]
    assert set(frame.get_column("lg_code")) == municipal | prefectures
    assert frame.get_column("value").is_null().all()


def test_12_open_data_by_size(answers: dict[str, Any]) -> None:
    engaged = _od2024(lambda cell: {"取組んでいる": 1.0, "取組んでいない": 0.0}.get(cell))
    cells = {code: engaged.get(code) for code in municipal_codes()}
    expected = shares(cells, band)
    names = labels_of(expected)
    compare(answers["open_data_by_size"], "size_band", {names[b]: v for b, v in expected.items()})


def test_13_cio_share_of_towns_and_villages(answers: dict[str, Any]) -> None:
    kinds = {"町": "town", "村": "village"}
    cells = {
        code: yes_no(cell)
        for code, cell in dashboard_row("CIOの任命").items()
        if master()[code][1][-1] in kinds
    }
    expected = shares(cells, lambda code: kinds[master()[code][1][-1]])
    compare(answers["cio_by_kind"], "kind", expected)
