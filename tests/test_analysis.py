"""The analysis layer: indicator(), panel(), place(), share_by() and ``jpdx place``.

The references are computed here from the release's own Parquet files with plain polars
(not through jpdx.analysis): a panel's cells are the latest values on or before its date,
levels never mix, yes/no answers are 1/0/null, bad input raises typed errors.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jpdx
from jpdx.cli import main

from .conftest import RELEASES, table_path

VERSION = "2026.12.1"  # the release these tests read; later ones only add tables
MUNICIPAL = ("designated_city", "city", "special_ward", "town", "village")


@cache
def raw(table: str) -> pl.DataFrame:
    return pl.read_parquet(table_path(RELEASES, VERSION, table))


@cache
def indicator_ids() -> tuple[str, ...]:
    return tuple(sorted(raw("indicators").get_column("indicator_id")))


@cache
def kinds() -> dict[str, str]:
    return dict(raw("municipalities").select("lg_code", "kind").iter_rows())


def _reference_date(row: dict[str, object]) -> dt.date | None:
    """The date a stored value is about, restated: as-of date, else 1 April of the fiscal
    year, else 2024-07-12 for the DX dashboard (the update its sources state)."""
    if row["as_of_date"] is not None:
        return row["as_of_date"]  # type: ignore[return-value]
    if row["as_of_fiscal_year"] is not None:
        return dt.date(row["as_of_fiscal_year"], 4, 1)  # type: ignore[arg-type]
    assert str(row["indicator_id"]).startswith("dx-")
    return dt.date(2024, 7, 12)


@cache
def latest_by_hand(indicator_id: str) -> tuple[tuple[str, dt.date | None, dict[str, Any]], ...]:
    """(lg_code, date, row) of every stored value of one indicator, oldest first (among
    rows of one date, the latest snapshot last)."""
    rows = raw("indicator_values").filter(pl.col("indicator_id") == indicator_id)
    found = [
        (row["lg_code"], _reference_date(row), row)
        for row in rows.drop("evidence").iter_rows(named=True)
    ]
    return tuple(
        sorted(found, key=lambda f: (f[0], f[1] or dt.date.min, f[2]["snapshot"] or dt.date.min))
    )


def expected_cell(indicator_id: str, code: str, at: dt.date | None) -> tuple[object, object]:
    """The (cell, date) a panel should hold, from the stored rows alone."""
    chosen = None
    for lg_code, day, row in latest_by_hand(indicator_id):
        if lg_code == code and day is not None and (at is None or day <= at):
            chosen = (day, row)
    if chosen is None:
        return None, None
    day, row = chosen
    info = raw("indicators").filter(pl.col("indicator_id") == indicator_id).row(0, named=True)
    answers = row["answers"]
    if info["kind"] in ("answer", "answers"):
        codes = {a["value"] for a in info["answers"]} - {"not-surveyed"}
        binary = {("implemented", "not-implemented"), ("engaged", "not_engaged"), ("yes", "no")}
        pair = next((p for p in binary if set(p) == codes), None)
        if pair is not None:
            score = {pair[0]: 1.0, pair[1]: 0.0}
            return (score.get(answers[0]) if answers else None), day
        if info["kind"] == "answers":
            return list(answers), day
        return (answers[0] if answers else None), day
    return row["value"], day


# -- panel ----------------------------------------------------------------------------------

dates = st.one_of(st.none(), st.dates(dt.date(2016, 6, 1), dt.date(2025, 6, 1)))


@settings(max_examples=15)
@given(
    ids=st.lists(st.sampled_from(indicator_ids()), min_size=1, max_size=4, unique=True),
    at=dates,
    level=st.sampled_from(["prefecture", "municipality"]),
    data=st.data(),
)
def test_panel_cells_are_the_latest_values_on_or_before_at(
    ids: list[str], at: dt.date | None, level: str, data: st.DataObject
) -> None:
    frame = jpdx.panel(ids, at=at, level=level, version=VERSION)  # type: ignore[arg-type]
    wanted = {"prefecture"} if level == "prefecture" else set(MUNICIPAL)
    codes = sorted(c for c, k in kinds().items() if k in wanted)
    assert frame.get_column("lg_code").to_list() == codes
    for code in data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=5)):
        row = frame.row(codes.index(code), named=True)
        for indicator_id in ids:
            cell, day = expected_cell(indicator_id, code, at)
            assert (row[indicator_id], row[f"{indicator_id}_date"]) == (cell, day), indicator_id
        population, day = expected_cell("card-population", code, at)
        assert (row["population"], row["population_date"]) == (population, day)


@settings(max_examples=10)
@given(
    ids=st.lists(st.sampled_from(indicator_ids()), min_size=1, max_size=3, unique=True),
    level=st.sampled_from(["prefecture", "municipality", "ward", "former"]),
)
def test_a_panel_has_the_places_of_one_level_only(ids: list[str], level: str) -> None:
    frame = jpdx.panel(ids, level=level, version=VERSION)  # type: ignore[arg-type]
    expected = {
        "prefecture": {"prefecture"},
        "municipality": set(MUNICIPAL),
        "ward": {"ward"},
        "former": set(),  # 2026.12.1 files every value under a code of today
    }[level]
    assert set(frame.get_column("kind").drop_nulls()) <= expected
    assert frame.get_column("lg_code").is_unique().all()
    assert frame.height == sum(k in expected for k in kinds().values())


def test_panel_of_prefectures_at_the_end_of_2022_has_no_dashboard_value_yet() -> None:
    frame = jpdx.panel(["dx-cio-appointed"], at="2022-12-31", level="prefecture")
    assert frame.height == 47
    assert frame.get_column("dx-cio-appointed").null_count() == 47  # published 2024-07-12


def test_panel_takes_japanese_and_date_objects() -> None:
    a = jpdx.panel(["card-rate"], at="令和4年12月31日", level="prefecture")
    b = jpdx.panel(["card-rate"], at=dt.date(2022, 12, 31), level="prefecture")
    assert a.equals(b)


# -- indicator ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "indicator_id", ["dx-cio-appointed", "dx-ai-adoption", "od2024-engaged-in-open-data"]
)
def test_yes_no_answers_are_one_zero_or_null(indicator_id: str) -> None:
    frame = jpdx.indicator(indicator_id, version=VERSION)
    stored = dict(
        raw("indicator_values")
        .filter(pl.col("indicator_id") == indicator_id)
        .select("lg_code", "answers")
        .iter_rows()
    )
    yes = {"implemented", "engaged", "yes"}
    no = {"not-implemented", "not_engaged", "no"}
    assert frame.height == len(stored)
    for code, value, answer in frame.select("lg_code", "value", "answer").iter_rows():
        given_ = stored[code]
        assert answer == (given_[0] if given_ else None)
        if given_ and given_[0] in yes:
            assert value == 1.0
        elif given_ and given_[0] in no:
            assert value == 0.0
        else:  # 調査無し, or a blank cell
            assert value is None


def test_multi_answer_questions_keep_their_lists() -> None:
    frame = jpdx.indicator("od2020-data-formats", version=VERSION)
    assert frame.schema["answer"] == pl.List(pl.String)
    assert frame.schema["label_ja"] == pl.List(pl.String)
    several = frame.filter(pl.col("answer").list.len() > 1).row(0, named=True)
    assert len(several["label_ja"]) == len(several["answer"])
    assert frame.get_column("value").is_null().all()


def test_indicator_states_what_its_date_is() -> None:
    kinds_of = {
        "card-rate": "as_of",
        "od2020-awareness": "fiscal_year",
        "dx-moving-out": "publication",
    }
    for indicator_id, kind in kinds_of.items():
        frame = jpdx.indicator(indicator_id, version=VERSION)
        assert set(frame.get_column("date_kind")) == {kind}
        assert frame.get_column("date").null_count() == 0
    assert set(jpdx.indicator("dx-moving-out").get_column("date")) == {dt.date(2024, 7, 12)}


def test_indicator_rows_are_the_stored_rows_with_their_places_and_sources() -> None:
    frame = jpdx.indicator("card-rate", version=VERSION)
    stored = raw("indicator_values").filter(pl.col("indicator_id") == "card-rate")
    assert frame.height == stored.height
    places = raw("municipalities").select("lg_code", "name", "prefecture", "kind")
    joined = frame.join(places, on="lg_code", suffix="_m")
    assert joined.height == frame.height
    assert joined.filter(pl.col("name") != pl.col("name_m")).height == 0
    assert set(frame.get_column("level")) == {"prefecture", "municipality"}
    sources = set(raw("sources").get_column("source_id"))
    assert set(frame.get_column("source_id")) <= sources


def test_unknown_indicator_is_a_typed_error_with_suggestions() -> None:
    with pytest.raises(jpdx.UnknownIndicatorError, match="did you mean 'card-rate'") as info:
        jpdx.indicator("card-rat")
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, ValueError)
    assert "card-rate" in info.value.choices
    with pytest.raises(jpdx.UnknownIndicatorError):
        jpdx.panel(["card-rate", "dx-cio"])
    with pytest.raises(jpdx.InvalidArgumentError):
        jpdx.indicator(42)  # type: ignore[arg-type]
    with pytest.raises(jpdx.TableNotInReleaseError):
        jpdx.indicator("card-rate", version="2026.11.0")


def test_bad_panel_arguments_are_typed_errors() -> None:
    with pytest.raises(jpdx.UnknownValueError, match="level"):
        jpdx.panel(["card-rate"], level="city")  # type: ignore[arg-type]
    with pytest.raises(jpdx.InvalidDateError):
        jpdx.panel(["card-rate"], at="2022-13-45")
    with pytest.raises(jpdx.InvalidArgumentError):
        jpdx.panel(["card-rate"], at=20221231)  # type: ignore[arg-type]


# -- share_by -------------------------------------------------------------------------------


def test_share_by_counts_the_missing_apart() -> None:
    frame = jpdx.share_by("dx-cio-appointed")
    assert sum(frame.get_column("n_answered")) + sum(frame.get_column("n_missing")) == 1741
    stored = raw("indicator_values").filter(pl.col("indicator_id") == "dx-cio-appointed")
    surveyed = stored.filter(
        pl.col("lg_code").is_in([c for c, k in kinds().items() if k in MUNICIPAL]),
        pl.col("answers").list.first() != "not-surveyed",
    )
    assert frame.get_column("n_answered").sum() == surveyed.height


def test_share_by_weights_and_frames() -> None:
    panel = jpdx.panel(["dx-ai-adoption"])
    by_hand = panel.filter(
        pl.col("dx-ai-adoption").is_not_null(), pl.col("population").is_not_null()
    )
    weighted = jpdx.share_by(panel.with_columns(pl.lit("all").alias("g")), by="g",
                             column="dx-ai-adoption", weight="population")  # fmt: skip
    weights = by_hand.get_column("population").to_list()
    values = by_hand.get_column("dx-ai-adoption").to_list()
    expected = sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)
    assert weighted.get_column("value").item() == pytest.approx(expected)
    assert weighted.get_column("weight_total").item() == sum(weights)


def test_share_by_refuses_traps() -> None:
    with pytest.raises(jpdx.InvalidArgumentError, match="several rows for a place"):
        jpdx.share_by(jpdx.indicator("card-rate"))
    with pytest.raises(jpdx.InvalidArgumentError, match="not numbers"):
        jpdx.share_by("od2020-awareness")
    with pytest.raises(jpdx.UnknownColumnError):
        jpdx.share_by("dx-cio-appointed", by="region")
    frame = jpdx.share_by(jpdx.indicator("dx-cio-appointed"), by="prefecture")
    assert frame.height == 47  # the prefectures' own rows are left out, not a 48th group
    assert sum(frame.get_column("n_answered")) + sum(frame.get_column("n_missing")) == 1741


def test_size_bands_follow_the_documented_bounds() -> None:
    frame = jpdx.panel(["card-rate"], at="2022-12-31")
    bands = jpdx.share_by(frame, by="size_band", column="card-rate")
    bounds = (10_000, 50_000, 100_000, 300_000, 1_000_000)
    people = frame.get_column("population").to_list()
    counts = [0] * (len(bounds) + 1)
    for p in people:
        counts[sum(p >= b for b in bounds)] += 1
    assert bands.get_column("n_answered").to_list() == [c for c in counts if c]


# -- place ----------------------------------------------------------------------------------


def test_place_gathers_values_curated_records_and_history() -> None:
    place = jpdx.place("下関市", version=VERSION)
    assert (place.lg_code, place.level, place.kind) == ("352012", "municipality", "city")
    stored = raw("indicator_values").filter(pl.col("lg_code") == "352012")
    assert len(place.values) == stored.height
    assert {r.via for r in place.curated} == {"own", "prefecture"}
    assert all(r.lg_code == "350001" for r in place.curated if r.via == "prefecture")
    assert any(c["kind"] == "new_merger" for c in place.code_history)
    assert json.loads(json.dumps(place.to_dict(), ensure_ascii=False))["lg_code"] == "352012"
    assert jpdx.place("352012", version=VERSION) is place  # built once per release


def test_a_ward_belongs_to_its_city_and_prefecture() -> None:
    ward = jpdx.place("神戸市中央区", version=VERSION)
    assert ward.level == "ward"
    kobe = jpdx.place("神戸市", version=VERSION)
    assert {r.key for r in ward.curated if r.via == "city"} == {
        r.key for r in kobe.curated if r.via == "own"
    }


def test_a_former_body_names_its_successors() -> None:
    former = jpdx.place("福光町", version=VERSION)
    assert former.level == "former"
    assert [s.name for s in former.successors] == ["南砺市"]
    assert former.lg_code == "164216"
    assert [c["code"] for c in former.code_history] == ["16421"]
    with pytest.raises(jpdx.FormerPlaceError):
        jpdx.municipality("福光町")
    with pytest.raises(jpdx.UnknownPlaceError):
        jpdx.place("存在しない町")


# -- the command ----------------------------------------------------------------------------


def test_place_command_prints_sections_in_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["place", "下関市"]) == 0
    out = capsys.readouterr().out
    from jpdx.cli.layout import cells

    assert all(cells(line) <= 80 for line in out.splitlines())
    for section in ("National values", "Programs", "Procedures", "Code history"):
        assert section in out
    assert main(["place", "下関市", "--indicator", "card-rate"]) == 0
    detail = capsys.readouterr().out
    assert detail.count(" %") == 46
    assert main(["place", "下関市", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["values"]) == len(jpdx.place("下関市").values)


def test_place_command_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["place", "下関市", "--indicator", "card-rat"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "card-rate" in err
    assert main(["place", "存在しない町"]) == 2
