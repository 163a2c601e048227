"""The query API: filters select subsets, commute, are idempotent, and agree with a reference."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jpdx
from jpdx.enums import PolicyField, Status
from jpdx.models import Municipality
from jpdx.queries import Query
from jpdx.recordsets import records
from jpdx.store import Store, bundled
from jpdx.tablespec import PRIMARY_KEYS

PROGRAMS = jpdx.records("programs")
PROGRAM_BY_ID = {p.program_id: p for p in PROGRAMS}
PLACE_CODES = sorted({p.lg_code for p in PROGRAMS if p.lg_code})
PREFECTURES = sorted({code[:2] for code in PLACE_CODES})
SOURCE_IDS = sorted(s.source_id for s in jpdx.records("sources"))
WORDS = sorted({p.name[:2] for p in PROGRAMS})

TABLES = jpdx.tables()  # the tables of the default release
# The plain-Python references loop over records: they run on the tables of up to 100,000
# rows; the national tables' filters and text= are checked against polars references in
# test_national_queries.py.
SMALL = tuple(t for t in TABLES if jpdx.load(t).height <= 100_000)


def _keys(query: jpdx.queries.Query[Any]) -> set[Any]:
    return set(query.frame().get_column(PRIMARY_KEYS[query.table]).to_list())


def _filter_strategy(table: str) -> st.SearchStrategy[tuple[str, Any]]:
    names = set(jpdx.query(table).filter_names())
    options: list[st.SearchStrategy[tuple[str, Any]]] = []
    if "municipality" in names and PLACE_CODES:
        options.append(st.tuples(st.just("municipality"), st.sampled_from(PLACE_CODES)))
    if "prefecture" in names and PREFECTURES:
        options.append(st.tuples(st.just("prefecture"), st.sampled_from(PREFECTURES)))
    if "field" in names:
        options.append(st.tuples(st.just("field"), st.sampled_from([f.value for f in PolicyField])))
    if "status" in names:
        options.append(st.tuples(st.just("status"), st.sampled_from([s.value for s in Status])))
    if "fiscal_year" in names:
        options.append(st.tuples(st.just("fiscal_year"), st.integers(2010, 2032)))
    if "source" in names:
        options.append(st.tuples(st.just("source"), st.sampled_from(SOURCE_IDS)))
    options.append(st.tuples(st.just("text"), st.sampled_from(WORDS)))
    return st.one_of(options)


TABLE_AND_FILTERS = st.sampled_from(TABLES).flatmap(
    lambda t: st.tuples(st.just(t), st.lists(_filter_strategy(t), min_size=1, max_size=3))
)


@given(TABLE_AND_FILTERS)
def test_filters_select_subsets(case: tuple[str, list[tuple[str, Any]]]) -> None:
    table, filters = case
    everything = _keys(jpdx.query(table))
    combined = jpdx.query(table)
    for name, value in filters:
        single = _keys(jpdx.query(table).where(**{name: value}))
        assert single <= everything
        before = _keys(combined)
        combined = combined.where(**{name: value})
        assert _keys(combined) <= before
        assert _keys(combined) <= single
    assert len(combined) == len(_keys(combined)) == combined.frame().height


@given(TABLE_AND_FILTERS, st.randoms(use_true_random=False))
def test_filters_commute_and_are_idempotent(
    case: tuple[str, list[tuple[str, Any]]], rng: Any
) -> None:
    table, filters = case
    forward = jpdx.query(table)
    for name, value in filters:
        forward = forward.where(**{name: value})
    shuffled = list(filters)
    rng.shuffle(shuffled)
    backward = jpdx.query(table)
    for name, value in shuffled:
        backward = backward.where(**{name: value}).where(**{name: value})
    assert _keys(forward) == _keys(backward)


@pytest.mark.parametrize("table", TABLES)
def test_no_filter_is_the_whole_table(table: str) -> None:
    assert jpdx.query(table).frame().equals(jpdx.load(table))


ORGANIZATION_BY_ID = {o.org_id: o for o in jpdx.records("organizations")}


def _program_of(record: Any) -> Any:
    return PROGRAM_BY_ID.get(getattr(record, "program_id", None) or "")


def _reference(table: str, name: str, value: Any) -> set[Any]:
    """The rows a filter must select, computed from the records in plain Python."""
    selected = set()
    for record in jpdx.records(table):
        own_code = (
            getattr(record, "lg_code", None) if "lg_code" in type(record).model_fields else None
        )
        program = _program_of(record)
        organization = ORGANIZATION_BY_ID.get(getattr(record, "organization_id", None) or "")
        code = (
            own_code
            if "lg_code" in type(record).model_fields
            # a count belongs to its program's place, else to its organization's
            else (program.lg_code if program else None)
            or (organization.lg_code if organization else None)
        )
        fields = (
            getattr(record, "fields", ())
            if table == "programs"
            else (program.fields if program else ())
        )
        keep = {
            "prefecture": code is not None and code[:2] == value,
            "municipality": code == value,
            "field": value in fields,
            "status": getattr(record, "status", None) == value,
            "source": any(e.source_id == value for e in record.evidence)
            if hasattr(record, "evidence")
            else False,
        }[name]
        if keep:
            selected.add(getattr(record, PRIMARY_KEYS[table]))
    return selected


@given(st.sampled_from(SMALL).flatmap(lambda t: st.tuples(st.just(t), _filter_strategy(t))))
def test_filters_agree_with_a_plain_python_reference(case: tuple[str, tuple[str, Any]]) -> None:
    table, (name, value) = case
    if name in ("fiscal_year", "text"):
        return
    if name == "source" and table == "sources":
        expected = {value}
    else:
        expected = _reference(table, name, value)
    assert _keys(jpdx.query(table).where(**{name: value})) == expected


def test_prefecture_includes_its_municipalities_and_itself() -> None:
    frame = jpdx.query("municipalities").where(prefecture="山口県").frame()
    assert frame.height == 20
    assert set(frame.get_column("prefecture")) == {"山口県"}


def test_a_list_value_means_any_of_them() -> None:
    both = _keys(jpdx.query("programs").where(field=["tourism", "education"]))
    tourism = _keys(jpdx.query("programs").where(field="tourism"))
    education = _keys(jpdx.query("programs").where(field="education"))
    assert both == tourism | education


def _source_year(record: Any) -> int | None:
    source = {s.source_id: s for s in jpdx.records("sources")}[record.evidence[0].source_id]
    if source.date is None or source.date_precision == "year":
        return None
    return jpdx.fiscal_year(source.date)


def _runs_in(program: Any, year: int) -> bool:
    start = program.start_fiscal_year
    if start is None and program.start_date and program.start_date_precision != "year":
        start = jpdx.fiscal_year(program.start_date)
    if program.end_fiscal_year is not None and program.end_fiscal_year < year:
        return False
    if start is not None:
        return bool(start <= year)
    return program.status in ("active", "pilot") and _source_year(program) == year


@pytest.mark.parametrize("year", [2019, 2022, 2023, 2024, 2026, 2029, 2030])
def test_fiscal_year_follows_the_documented_rule(year: int) -> None:
    expected = {p.program_id for p in PROGRAMS if _runs_in(p, year)}
    assert _keys(jpdx.query("programs").where(fiscal_year=year)) == expected


def test_fiscal_year_accepts_int_and_japanese_text() -> None:
    as_int = _keys(jpdx.query("programs").where(fiscal_year=2023))
    assert as_int == _keys(jpdx.query("programs").where(fiscal_year="令和5年度"))
    assert as_int == _keys(jpdx.query("programs").where(fiscal_year="2023"))


def test_the_design_example_query_finds_amagasaki_tourism() -> None:
    query = jpdx.query("programs").where(prefecture="兵庫県", field="tourism", fiscal_year=2024)
    assert {p.lg_code for p in query.records()} == {jpdx.municipality("尼崎市").lg_code}


def test_text_search_ignores_width_and_case() -> None:
    runs = sorted({run for p in PROGRAMS for run in re.findall(r"[A-Za-z]{3,}", p.name)})
    assert runs, "no program name has a run of Latin letters"
    for latin in runs:
        full_width_upper = latin.upper().translate({i: i + 0xFEE0 for i in range(0x21, 0x7F)})
        found = _keys(jpdx.query("programs").where(text=full_width_upper))
        assert found == _keys(jpdx.query("programs").where(text=latin.lower()))
        assert {p.program_id for p in PROGRAMS if latin.lower() in p.name.lower()} <= found


def test_records_follow_the_frame() -> None:
    query = jpdx.query("programs").where(field="digital_talent")
    assert [r.program_id for r in query.records()] == query.frame().get_column(
        "program_id"
    ).to_list()
    assert list(query) == list(query.records())


def test_returned_query_frames_are_private() -> None:
    frame = jpdx.query("programs").frame()
    frame.drop_in_place("name")
    assert "name" in jpdx.query("programs").frame().columns


@pytest.mark.parametrize(
    ("filters", "error", "listed"),
    [({"feild": "tourism"}, jpdx.UnknownFilterError, "field"),
     ({"field": "tourismo"}, jpdx.UnknownValueError, "tourism"),
     ({"status": "running"}, jpdx.UnknownValueError, "active"),
     ({"prefecture": "下関市"}, jpdx.UnknownPlaceError, "municipality="),
     ({"municipality": "伊達市"}, jpdx.AmbiguousNameError, "福島県"),
     ({"source": "nope"}, jpdx.UnknownValueError, SOURCE_IDS[0]),
     ({"fiscal_year": "令和0年度"}, jpdx.InvalidDateError, "令和0年度"),
     ({"fiscal_year": 2024.5}, jpdx.InvalidArgumentError, "2024.5"),
     ({"fiscal_year": True}, jpdx.InvalidArgumentError, "True"),
     ({"kind": 3}, jpdx.InvalidArgumentError, "3"),
     ({"start_fiscal_year": "soon"}, jpdx.InvalidArgumentError, "soon"),
     ({"start_date": "2024-13-01"}, jpdx.InvalidArgumentError, "2024-13-01"),
     ({"field": []}, jpdx.InvalidArgumentError, "empty"),
     ({"text": ""}, jpdx.InvalidArgumentError, "text"),
     ({"evidence": "x"}, jpdx.UnknownFilterError, "field")],
)  # fmt: skip
def test_bad_filters_raise_typed_errors_naming_value_and_choices(
    filters: dict[str, Any], error: type[Exception], listed: str
) -> None:
    with pytest.raises(error) as raised:
        jpdx.query("programs").where(**filters)
    assert listed in str(raised.value)


def test_column_filters_convert_text_values() -> None:
    query = jpdx.query("programs")
    assert _keys(query.where(start_fiscal_year="2023")) == _keys(
        query.where(start_fiscal_year=2023)
    )
    dated = [p for p in PROGRAMS if p.start_date]
    if dated:
        day: dt.date = dated[0].start_date  # type: ignore[assignment]
        assert _keys(query.where(start_date=day.isoformat())) == _keys(query.where(start_date=day))
    assert _keys(query.where(parent_id=None)) == {
        p.program_id for p in PROGRAMS if p.parent_id is None
    }


def test_lazy_is_a_lazy_frame() -> None:
    lazy = jpdx.query("programs").where(field="tourism").lazy()
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().equals(jpdx.query("programs").where(field="tourism").frame())


def _texts(table: str, record: Any) -> list[str]:
    from jpdx.tablespec import SPECS

    values = [getattr(record, c) for c in SPECS[table].text_columns]
    values += [e.quote for e in getattr(record, "evidence", ())]
    return [unicodedata.normalize("NFKC", str(v)).lower() for v in values if v is not None]


NEEDLES = st.sampled_from(SMALL).flatmap(
    lambda t: st.tuples(
        st.just(t),
        st.sampled_from([text for r in jpdx.records(t) for text in _texts(t, r)] or ["x"]).flatmap(
            lambda text: st.integers(0, max(len(text) - 1, 0)).flatmap(
                lambda i: st.integers(i + 1, max(i + 1, min(len(text), i + 8))).map(
                    lambda j: text[i:j]
                )
            )
        ),
    )
)


@given(NEEDLES)
def test_text_agrees_with_a_plain_python_reference(case: tuple[str, str]) -> None:
    """text= finds a substring of any searched text or quote, NFKC and case-insensitive."""
    table, needle = case
    if not needle.strip():
        return
    expected = {
        getattr(r, PRIMARY_KEYS[table])
        for r in jpdx.records(table)
        if any(needle in text for text in _texts(table, r))
    }
    assert _keys(jpdx.query(table).where(text=needle)) == expected
    assert expected  # the needle is taken from these texts


def test_text_with_several_values_means_any_of_them() -> None:
    one = _keys(jpdx.query("programs").where(text="観光"))
    other = _keys(jpdx.query("programs").where(text="教育"))
    assert one
    assert other
    assert _keys(jpdx.query("programs").where(text=["観光", "教育"])) == one | other
    assert _keys(jpdx.query("programs").where(text=["観光", "観光"])) == one


def test_records_of_a_selection_validate_only_the_selected_rows() -> None:
    """A query's records are the table's records for its rows, whether or not the whole
    table's records were built first, and selecting does not build them all."""
    store = Store(bundled().root)
    query: Query[Municipality] = Query(store, "municipalities").where(prefecture="山口県")
    fresh = query.records()
    assert store.memoized(("records", "municipalities", store.resolve(None))) is None
    whole = {r.lg_code: r for r in records(store, "municipalities") if isinstance(r, Municipality)}
    shared = query.records()
    assert fresh == shared == tuple(whole[r.lg_code] for r in fresh)
    assert all(a is whole[a.lg_code] for a in shared)
    assert [r.lg_code for r in fresh] == sorted(c for c in whole if c.startswith("35"))
