"""The e-Stat code-change table: every record re-found in the raw file, the parse checked
against the text, facts checked by hand, the mapping to today's codes proved on its own terms,
and corrupted copies refused with the place named."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from release_builder.national.cells import RawTableError
from release_builder.national.code_changes import (
    FILE,
    CodeChange,
    CodeChangeError,
    CodeHistory,
    Place,
    check_master,
    lg_code,
    parse_statement,
    read_code_changes,
)
from release_builder.national.mic_master import Master, read_master

from jpdx.codes import is_valid
from jpdx.enums import ChangeKind

from .conftest import SOURCES

REFERENCE = SOURCES / "reference"
RAW = REFERENCE / FILE


def _raw_records() -> list[list[str]]:
    """The raw table as csv records, read without the import's helpers."""
    text = RAW.read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def master() -> Master:
    return read_master(REFERENCE)


@pytest.fixture(scope="module")
def changes(master: Master) -> tuple[CodeChange, ...]:
    return read_code_changes(REFERENCE, master)


@pytest.fixture(scope="module")
def history(changes: tuple[CodeChange, ...]) -> CodeHistory:
    return CodeHistory(changes)


def _at(changes: tuple[CodeChange, ...], row: int) -> CodeChange:
    (change,) = [c for c in changes if c.row == row]
    return change


# --- every record, re-found -------------------------------------------------------------------


def test_every_record_is_read_and_refound(changes: tuple[CodeChange, ...]) -> None:
    records = _raw_records()
    assert len(records) == 3508
    assert [c.row for c in changes] == list(range(1, 3508))
    for change in changes:
        fields = records[change.row]
        assert change.reason.file == FILE
        assert change.reason.column == 7
        assert change.reason.text == fields[7]
        assert change.reason.row_header == fields[0] == change.code
        assert change.reason.column_header == records[0][7] == "改正事由"
        assert change.prefecture == fields[1]
        assert (change.district or "", change.district_reading or "") == (fields[2], fields[3])
        assert (change.municipality or "", change.municipality_reading or "") == (
            fields[4],
            fields[5],
        )
        assert change.date.isoformat() == fields[6]
        assert "\r\n".join(s.text for s in change.statements) == fields[7]
    assert min(c.date for c in changes) == dt.date(1970, 4, 20)
    assert max(c.date for c in changes) == dt.date(2024, 1, 1)


# The wording each kind's statements carry (checked on the text, apart from the patterns).
WORDING = {
    ChangeKind.designated_city: "への政令指定都市",
    ChangeKind.ward_creation: "区(",
    ChangeKind.county_creation: "郡(",
    ChangeKind.county_abolition: "郡(",
    ChangeKind.subprefecture_abolition: "支庁(",
    ChangeKind.absorption: "に編入",
    ChangeKind.new_merger: "が合併し、",
    ChangeKind.city_status: "に市制施行",
    ChangeKind.town_status: "に町制施行",
    ChangeKind.rename: "に名称変更",
    ChangeKind.reading_change: "に名称変更",
    ChangeKind.city_status_renamed: "に市制施行し、",
    ChangeKind.town_status_renamed: "に町制施行し、",
    ChangeKind.renamed_city_status: "に名称変更し、",
    ChangeKind.renamed_town_status: "に名称変更し、",
    ChangeKind.special_city: "が特例市に移行",
    ChangeKind.core_city: "が中核市に移行",
    ChangeKind.special_to_core_city: "が特例市から中核市に移行",
    ChangeKind.county_transfer: "に郡の区域変更",
    ChangeKind.subprefecture_transfer: "支庁",
    ChangeKind.ward_split: "から分離し、",
    ChangeKind.ward_merger: "が統合し、",
    ChangeKind.ward_division: "を分割し、",
    ChangeKind.ward_reorganisation: "の区の再編",
}
CODE_IN_TEXT = re.compile(r"[(（](?:[ぁ-ん]+、)?([0-9]{5})[)）]")


def test_every_statement_keeps_every_code_it_names(changes: tuple[CodeChange, ...]) -> None:
    """The parse loses no code of the text, and each kind's wording is in its statement."""
    for change in changes:
        assert change.code in CODE_IN_TEXT.findall(change.reason.text)
        for statement in change.statements:
            named = set(CODE_IN_TEXT.findall(statement.text))
            assert set(statement.codes) == named
            assert WORDING[statement.kind].replace("(", "") in statement.text.replace("(", "")
            if not statement.parsed:
                continue
            parsed = {
                place.code
                for transition in statement.transitions
                for place in (*transition.old, *transition.new)
                if place.code is not None
            }
            if statement.kind is ChangeKind.ward_reorganisation:
                assert named - parsed == {"22130"}  # the city whose wards are reorganised
            else:
                assert parsed == named


def test_counts_by_kind(changes: tuple[CodeChange, ...], history: CodeHistory) -> None:
    rows = Counter(c.kind.value for c in changes)
    assert rows == {
        "new_merger": 1952,
        "absorption": 704,
        "town_status": 252,
        "city_status": 196,
        "ward_creation": 83,
        "special_city": 51,
        "core_city": 42,
        "ward_split": 40,
        "rename": 34,
        "designated_city": 28,
        "special_to_core_city": 27,
        "city_status_renamed": 18,
        "county_transfer": 18,
        "renamed_city_status": 14,
        "ward_reorganisation": 12,
        "renamed_town_status": 10,
        "reading_change": 8,
        "ward_merger": 6,
        "ward_division": 6,
        "subprefecture_transfer": 4,
        "town_status_renamed": 2,
    }
    statements = {(c.date, s.text): s.kind for c in changes for s in c.statements}
    assert len(statements) == 1395
    assert Counter(k.value for k in statements.values())["county_abolition"] == 198
    assert len(history.steps) == 1394
    # Every kind of the vocabulary occurs.
    assert {k for k in statements.values()} == set(ChangeKind)


# --- facts checked by hand in the raw file ----------------------------------------------------


def test_nakagawa_becomes_a_city(changes: tuple[CodeChange, ...]) -> None:
    town = _at(changes, 2936)
    assert (town.code, town.municipality, town.district) == ("40305", "那珂川町", "筑紫郡")
    assert town.date == dt.date(2018, 10, 1)
    assert town.kind is ChangeKind.city_status
    assert town.old == (Place("那珂川町", "40305"),)
    assert town.new == (Place("那珂川市", "40231"),)
    assert town.reason.text == "那珂川町(40305)が那珂川市(40231)に市制施行\r\n筑紫郡(40300)の廃止"
    assert [s.kind for s in town.statements] == [
        ChangeKind.city_status,
        ChangeKind.county_abolition,
    ]
    assert town.statements[1].transitions[0].old == (Place("筑紫郡", "40300"),)
    city = _at(changes, 2931)
    assert (city.code, city.municipality, city.district) == ("40231", "那珂川市", None)


def test_sasayama_renamed_and_readings(changes: tuple[CodeChange, ...]) -> None:
    renamed = _at(changes, 2084)
    assert renamed.municipality == "丹波篠山市"
    assert renamed.municipality_reading == "たんばささやまし"
    assert renamed.kind is ChangeKind.rename
    assert (renamed.old, renamed.new) == (
        (Place("篠山市", "28221"),),
        (Place("丹波篠山市", "28221"),),
    )
    # A reading change; the half-width closing bracket after a full-width opening one.
    hirokawa = _at(changes, 2217)
    assert (
        hirokawa.reason.text
        == "広川町（ひろかわちょう、30362)が広川町（ひろがわちょう、30362)に名称変更"
    )
    assert hirokawa.kind is ChangeKind.reading_change
    assert hirokawa.old == (Place("広川町", "30362", "ひろかわちょう"),)
    assert hirokawa.new == (Place("広川町", "30362", "ひろがわちょう"),)
    yonashiro = _at(changes, 3473)
    assert yonashiro.kind is ChangeKind.renamed_town_status
    (transition,) = yonashiro.principal.transitions
    assert transition.via == Place("与那城村", None, "よなしろそん")
    assert transition.new == (Place("与那城町", "47322"),)


def test_hamamatsu_wards_reorganised(changes: tuple[CodeChange, ...]) -> None:
    city = _at(changes, 1606)
    assert (city.code, city.district, city.municipality) == ("22130", "浜松市", None)
    assert city.date == dt.date(2024, 1, 1)
    (statement,) = city.statements
    assert statement.kind is ChangeKind.ward_reorganisation
    central, hamana, tenryu = statement.transitions
    assert [p.code for p in central.old] == ["22131", "22132", "22133", "22134", "22135"]
    assert (
        central.old[4].part
        == "三方原地区／初生町、三方原町、東三方町、豊岡町、三幸町、大原町、根洗町"
    )
    assert central.new == (Place("中央区", "22138"),)
    assert hamana.old == (Place("北区", "22135", part="三方原地区以外"), Place("浜北区", "22136"))
    assert hamana.new == (Place("浜名区", "22139"),)
    assert (tenryu.old, tenryu.new) == ((Place("天竜区", "22137"),), (Place("天竜区", "22140"),))
    # The ward records state one clause each, and give the same transitions.
    north = [c for c in changes if c.code == "22135" and c.date == dt.date(2024, 1, 1)]
    assert [c.principal.transitions for c in north] == [(central,), (hamana,)]


def test_rows_that_cannot_be_parsed_into_pairs(changes: tuple[CodeChange, ...]) -> None:
    """Two records keep their text unparsed; 646 name a merger's new place without a code."""
    unparsed = [(c.row, s) for c in changes for s in c.statements if not s.parsed]
    assert [row for row, _ in unparsed] == [1368, 1411]
    for _, statement in unparsed:
        assert statement.kind is ChangeKind.absorption
        assert statement.text == (
            "上九一色村(19341)大字梯及び古関が甲府市(19201)に編入し、"
            "大字精進、本栖及び富士ヶ嶺が富士河口湖町(19430)に編入"
        )
        assert statement.codes == ("19341", "19201", "19430")
    incomplete = [c for c in changes if not c.complete]
    assert len(incomplete) == 648
    codeless = {
        (c.date, s.text): s for c in changes for s in c.statements if s.parsed and not s.complete
    }
    assert len(codeless) == 187
    for statement in codeless.values():
        assert statement.kind is ChangeKind.new_merger
        (transition,) = statement.transitions
        (new,) = transition.new
        assert new.code is None
        # The new place always bears the name of exactly one of the merged places.
        assert [p.name for p in transition.old].count(new.name) == 1
    kushiro = _at(changes, 22)
    assert kushiro.new == (Place("釧路市"),)


def test_the_table_repeats_two_records(changes: tuple[CodeChange, ...]) -> None:
    records = _raw_records()
    assert records[795] == records[796]
    assert records[2172] == records[2173]
    repeated = Counter(tuple(r) for r in records[1:])
    assert sum(n > 1 for n in repeated.values()) == 2
    # Both are renames to the very same name and code (the change is not visible in the text).
    for row in (795, 2172):
        change = _at(changes, row)
        assert change.kind is ChangeKind.rename
        assert change.old == change.new


# --- carrying codes to today ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        ("40305", "2017-03-08", "402311"),  # 那珂川町 → 那珂川市
        ("40231", "2019-01-01", "402311"),
        ("28221", "2017-03-08", "282219"),  # 篠山市 → 丹波篠山市, same code
        ("01201", "1971-01-01", "011002"),  # 札幌市 → designated city code
        ("22202", "2000-01-01", "221309"),  # 浜松市 → designated city code (2007)
        ("22131", "2023-12-31", "221384"),  # 中区 → 中央区
        ("22137", "2023-12-31", "221406"),  # 天竜区 → 天竜区 (new code)
        ("22138", "2024-01-01", "221384"),
        ("19326", "2005-01-01", "192015"),  # 中道町 → 甲府市
        ("19201", "2005-01-01", "192015"),  # 甲府市 keeps its code through the partition
        ("03305", "2013-01-01", "032166"),  # 滝沢村 → 滝沢市
        ("08211", "2005-01-01", "082112"),  # 水海道市 → 常総市, same code
        ("13101", "2017-03-08", "131016"),  # never changed
    ],
)
def test_place(history: CodeHistory, code: str, on: str, expected: str) -> None:
    assert history.place(code, dt.date.fromisoformat(on)).lg_code == expected


def test_place_records_its_steps(history: CodeHistory) -> None:
    placement = history.place("40305", dt.date(2017, 3, 8))
    (step,) = placement.steps
    assert (step.date, step.transition.kind, step.rows) == (
        dt.date(2018, 10, 1),
        ChangeKind.city_status,
        (2931, 2936),
    )
    assert placement.created is None
    early = history.place("40231", dt.date(2017, 3, 8))
    assert (early.lg_code, early.steps, early.created) == ("402311", (), dt.date(2018, 10, 1))


@pytest.mark.parametrize(
    ("code", "on", "message"),
    [
        ("40305", "2019-01-01", "40305 was not in use on 2019-01-01: it ceased on 2018-10-01"),
        ("22135", "2023-12-31", "passed to several codes: ['22138', '22139']"),
        ("40102", "1970-01-01", "passed to several codes: ['40106', '40107']"),  # 小倉区
        ("40300", "2000-01-01", "abolished without a successor"),
        ("19341", "2000-01-01", "rows [1368, 1411] could not be parsed"),
        ("19430", "2000-01-01", "rows [1368, 1411] could not be parsed"),
        ("4030", "2000-01-01", "not a five-digit code"),
    ],
)
def test_place_refuses(history: CodeHistory, code: str, on: str, message: str) -> None:
    with pytest.raises(CodeChangeError, match=re.escape(message)):
        history.place(code, dt.date.fromisoformat(on))


def test_a_new_body_named_without_a_code_keeps_its_namesakes_code(history: CodeHistory) -> None:
    # 釧路市(01206)、阿寒町(01666)、音別町(01669)が合併し、釧路市を新設 (2005-10-11)
    assert history.place("01206", dt.date(2000, 1, 1)).lg_code == "012068"
    assert history.lineage("01206", dt.date(2000, 1, 1)).ceased is None
    akan = history.lineage("01666", dt.date(2000, 1, 1))
    assert (akan.code5, akan.ceased, akan.successors) == (
        "01666",
        dt.date(2005, 10, 11),
        ("01206",),
    )


def test_a_body_carries_on_through_status_name_and_county(history: CodeHistory) -> None:
    nakagawa = history.lineage("40305", dt.date(2017, 3, 31))  # 那珂川町 → 那珂川市
    assert (nakagawa.lg_code, nakagawa.ceased) == ("402311", None)
    miyoshi = history.lineage(
        "23521", dt.date(2009, 3, 31)
    )  # 三好町 → みよし町 → みよし市, one day
    assert (miyoshi.lg_code, miyoshi.ceased) == ("232360", None)
    horokanai = history.lineage("01439", dt.date(2006, 3, 31))  # moved to 上川支庁's code
    assert (horokanai.lg_code, horokanai.ceased) == ("014729", None)
    ohira = history.lineage("09365", dt.date(2006, 3, 31))  # 大平町 merged into 栃木市
    assert (ohira.lg_code, ohira.ceased, ohira.successors) == (
        "093653",
        dt.date(2010, 3, 29),
        ("09203",),
    )


def test_codes_in_use_on_a_date(history: CodeHistory) -> None:
    assert history.in_use("09365", dt.date(2010, 3, 28))
    assert not history.in_use("09365", dt.date(2010, 3, 29))
    assert not history.in_use("40231", dt.date(2017, 1, 1))  # 那珂川市 from 2018-10-01
    assert history.in_use("40231", dt.date(2018, 10, 1))
    assert history.in_use("13101", dt.date(2006, 3, 31))


def test_former_bodies(history: CodeHistory) -> None:
    bodies = {body.code5: body for body in history.former_bodies()}
    fukumitsu = bodies["16421"]
    assert (fukumitsu.ceased, fukumitsu.kind.value, fukumitsu.successors) == (
        dt.date(2004, 11, 1),
        "new_merger",
        ("16210",),
    )
    assert "40305" not in bodies  # 那珂川町 carries on as 那珂川市
    assert "09203" not in bodies  # 栃木市's code carries on through its 2010 merger
    assert bodies["22135"].successors == ("22138", "22139")  # 浜松市北区, split in 2024
    assert len(bodies) == 1_927


def test_names_on_a_date(history: CodeHistory) -> None:
    assert history.name_on("28221", dt.date(2019, 4, 30)) == "篠山市"
    assert history.name_on("28221", dt.date(2019, 5, 1)) == "丹波篠山市"
    assert history.name_on("08211", dt.date(2017, 1, 1)) == "常総市"
    assert history.name_on("40231", dt.date(2017, 1, 1)) is None
    assert history.name_on("13101", dt.date(2017, 1, 1)) is None


@given(data=st.data())
def test_today_is_a_fixed_point(history: CodeHistory, data: st.DataObject) -> None:
    """A code carried to today has a check digit and stays put when carried again."""
    codes = sorted(
        {
            place.code
            for step in history.steps
            for place in (*step.transition.old, *step.transition.new)
            if place.code is not None
        }
    )
    code = data.draw(st.sampled_from(codes))
    on = data.draw(st.dates(min_value=dt.date(1969, 1, 1), max_value=dt.date(2025, 12, 31)))
    try:
        placement = history.place(code, on)
    except CodeChangeError:
        return
    assert is_valid(placement.lg_code)
    assert history.place(placement.code5, history.today).lg_code == placement.lg_code
    assert all(on < step.date for step in placement.steps)


@given(index=st.integers(min_value=0, max_value=1393))
def test_one_step_then_the_rest(history: CodeHistory, index: int) -> None:
    """Carrying an old code across a change equals carrying its one successor from that date."""
    step = history.steps[index]
    transition = step.transition
    if not (transition.retires_old and len(transition.new) == 1 and transition.new[0].code):
        return
    new_code = transition.new[0].code
    for old in transition.old:
        if old.code is None or old.part is not None:
            continue
        before = step.date - dt.timedelta(days=1)
        try:
            carried = history.place(old.code, before).lg_code
        except CodeChangeError:
            continue
        assert carried == history.place(new_code, step.date).lg_code


# --- the MIC master against the table ---------------------------------------------------------


def test_master_matches_the_state_since_2019_05_01(history: CodeHistory, master: Master) -> None:
    names = {code: place.name for code, place in master.municipalities.items()}
    checks = check_master(history, names, dt.date(2018, 10, 1))
    summary = [(c.step.date.isoformat(), c.step.transition.kind.value, c.outcome) for c in checks]
    assert summary == [
        ("2018-10-01", "city_status", "reflected"),  # 那珂川町 → 那珂川市
        ("2019-04-01", "special_to_core_city", "status_only"),  # 山形市
        ("2019-04-01", "special_to_core_city", "status_only"),  # 福井市
        ("2019-04-01", "special_to_core_city", "status_only"),  # 甲府市
        ("2019-04-01", "special_to_core_city", "status_only"),  # 寝屋川市
        ("2019-05-01", "rename", "reflected"),  # 篠山市 → 丹波篠山市
        ("2020-04-01", "special_to_core_city", "status_only"),  # 水戸市
        ("2020-04-01", "special_to_core_city", "status_only"),  # 吹田市
        ("2021-04-01", "special_to_core_city", "status_only"),  # 松本市
        ("2021-04-01", "special_to_core_city", "status_only"),  # 一宮市
        ("2024-01-01", "ward_reorganisation", "wards_only"),  # 浜松市: → 中央区
        ("2024-01-01", "ward_reorganisation", "wards_only"),  # → 浜名区
        ("2024-01-01", "ward_reorganisation", "wards_only"),  # 天竜区 → 天竜区 (22140)
    ]
    assert master.municipalities["282219"].name == "丹波篠山市"
    assert "403059" not in master.municipalities
    wards = {lg_code(f"{22131 + n}") for n in range(10)}  # 中区 22131 … 天竜区 22140
    assert not wards & set(master.municipalities)


# --- corrupted copies are refused -------------------------------------------------------------


def _write(tmp_path: Path, records: list[list[str]]) -> Path:
    path = tmp_path / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO(newline="")
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(records)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return tmp_path


def test_an_unchanged_copy_reads_the_same(
    tmp_path: Path, master: Master, changes: tuple[CodeChange, ...]
) -> None:
    assert read_code_changes(_write(tmp_path, _raw_records()), master) == changes


def _corrupt(row: int, column: int, text: str) -> list[list[str]]:
    records = _raw_records()
    records[row][column] = text
    return records


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (_corrupt(0, 7, "事由"), "row 0: unexpected header"),
        (_corrupt(2936, 0, ""), "row 2936 column 0 (標準地域コード): not a 5-digit code"),
        (_corrupt(2936, 0, "13101"), "row 2936 column 0 (標準地域コード): 13101 is not in 福岡県"),
        (_corrupt(2936, 4, "那珂川村"), "row 2936 column 4: the text does not name 40305"),
        (_corrupt(2936, 6, "2018/10/01"), "row 2936 column 6 (廃置分合等施行年月日)"),
        (_corrupt(2936, 1, "福岡"), "row 2936 column 1 (都道府県): not a prefecture"),
        (
            _corrupt(2936, 7, "那珂川町(40305)が那珂川市(40231)に移行"),
            "row 2936 column 7 (改正事由): unknown kind of change",
        ),
        (
            _corrupt(2936, 7, "那珂川町(40305)が那珂川市(40231)に市制施行\n筑紫郡(40300)の廃止"),
            "row 2936 column 7 (改正事由): unexpected line breaks",
        ),
    ],
)
def test_corrupted_cells_are_refused(
    tmp_path: Path, master: Master, records: list[list[str]], message: str
) -> None:
    with pytest.raises(RawTableError, match=re.escape(f"{FILE} {message}")):
        read_code_changes(_write(tmp_path, records), master)


def test_a_shifted_row_is_refused(tmp_path: Path, master: Master) -> None:
    records = _raw_records()
    records[100] = ["", *records[100][:-1]]  # every field one to the right
    with pytest.raises(RawTableError, match=re.escape(f"{FILE} row 100 column 0")):
        read_code_changes(_write(tmp_path, records), master)
    records = _raw_records()
    records[100] = [*records[100], ""]
    with pytest.raises(RawTableError, match=re.escape(f"{FILE} row 100: 9 fields")):
        read_code_changes(_write(tmp_path, records), master)


def test_a_duplicated_row_is_refused(tmp_path: Path, master: Master) -> None:
    records = _raw_records()
    records.insert(2937, list(records[2936]))
    with pytest.raises(RawTableError, match=re.escape(f"{FILE} row 2937: duplicates row 2936")):
        read_code_changes(_write(tmp_path, records), master)


def test_parse_statement_vocabulary() -> None:
    assert parse_statement("何か(12345)が変わった") is None
    statement = parse_statement("北区(27101)と大淀区(27112)が統合し、北区(27127)を新設")
    assert statement is not None
    assert statement.kind is ChangeKind.ward_merger
    (transition,) = statement.transitions
    assert [p.code for p in transition.old] == ["27101", "27112"]
    assert transition.new == (Place("北区", "27127"),)
