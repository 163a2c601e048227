"""localgovjp: websites and office coordinates of the 1,788 bodies and the designated-city wards,
re-derived from the raw files, with 浜松市's outdated wards and corrupted copies refused."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from release_builder.national import localgovjp as lg
from release_builder.national.cells import RawTableError, read_records
from release_builder.national.mic_master import Master, MasterBody

from jpdx.codes import check_digit

from .national_helpers import REFERENCE, copy_reference, read_raw, write_records
from .national_helpers import master as read_master


@pytest.fixture(scope="module")
def master() -> Master:
    return read_master()


@pytest.fixture(scope="module")
def data(master: Master) -> lg.LocalGovJp:
    return lg.read_localgovjp(REFERENCE, master)


@pytest.fixture(scope="module")
def municipal() -> list[list[str]]:
    return read_raw(lg.MUNICIPALITIES_FILE)


@pytest.fixture(scope="module")
def prefectures() -> list[list[str]]:
    return read_raw(lg.PREFECTURES_FILE)


def test_one_site_per_master_body_in_master_order(data: lg.LocalGovJp, master: Master) -> None:
    assert [site.lg_code for site in data.sites] == [body.lg_code for body in master.bodies]
    assert len(data.sites) == 1788
    assert [site.name for site in data.sites] == [body.name for body in master.bodies]


def test_every_site_value_is_its_cell(
    data: lg.LocalGovJp, municipal: list[list[str]], prefectures: list[list[str]]
) -> None:
    files = {lg.MUNICIPALITIES_FILE: municipal, lg.PREFECTURES_FILE: prefectures}
    for site in data.sites:
        cells = (site.name_cell, site.url_cell, site.latitude_cell, site.longitude_cell)
        for cell in cells:
            records = files[cell.file]
            header = records[0]
            record = records[cell.row]
            assert record[cell.column] == cell.text
            assert header[cell.column] == cell.column_header
            assert record[header.index("lgcode")] == cell.row_header
            assert cell.row_header.zfill(6) == site.lg_code
        assert [c.column_header for c in cells[1:]] == ["url", "lat", "lng"]
        assert site.url == site.url_cell.text
        assert site.latitude == float(site.latitude_cell.text)
        assert site.longitude == float(site.longitude_cell.text)
        assert site.name_as_published == site.name_cell.text
    assert sum(s.url_cell.file == lg.PREFECTURES_FILE for s in data.sites) == 47


def test_sites_are_matched_by_lgcode_and_name(
    data: lg.LocalGovJp, municipal: list[list[str]], master: Master
) -> None:
    names = {body.lg_code: (body.prefecture, body.name) for body in master.bodies}
    matched = [record for record in municipal[1:] if record[9] in names]
    assert len(matched) == 1741
    mismatched = [(r[9], r[1], r[3]) for r in matched if (r[1], r[3]) != names[r[9]]]
    assert mismatched == [("394050", "高知県", "檮原町")]
    assert names["394050"] == ("高知県", "梼原町")
    (variant,) = data.glyph_variants
    assert (variant.row, variant.column, variant.text) == (1617, 3, "檮原町")
    # cid is the 5-digit code as an integer: it agrees with lgcode everywhere.
    assert all(r[2] == str(int(r[9][:5])) for r in municipal[1:])


def test_hand_checked_sites(data: lg.LocalGovJp) -> None:
    sites = {site.lg_code: site for site in data.sites}
    sapporo = sites["011002"]
    assert (sapporo.url, sapporo.latitude, sapporo.longitude) == (
        "https://www.city.sapporo.jp/",
        43.06208877,
        141.3543886,
    )
    hokkaido = sites["010006"]
    assert (hokkaido.url, hokkaido.latitude_cell.text, hokkaido.longitude_cell.text) == (
        "https://www.pref.hokkaido.lg.jp/",
        "43.063968",
        "141.347899",
    )
    assert hokkaido.url_cell.row_header == "10006"  # prefjp drops the leading zero
    tomiya = sites["042161"]
    assert (tomiya.latitude_cell.text, tomiya.latitude) == ("38.4", 38.4)  # kept as published
    assert sites["113018"].latitude_cell.text == "36"  # 伊奈町: a whole number of degrees
    assert sites["394050"].name_as_published == "檮原町"


def test_observations_cite_url_and_coordinates(data: lg.LocalGovJp) -> None:
    observations = data.observations()
    assert len(observations) == 1788 * 3
    assert {o.measure for o in observations} == {"url", "lat", "lng"}
    for obs in observations:
        assert obs.value_text == obs.cell.text
        assert obs.value_answer is None
        if obs.measure == "url":
            assert obs.value_number is None
        else:
            assert obs.value_number == float(obs.cell.text)


def _designated(master: Master) -> list[MasterBody]:
    return [b for b in master.bodies if b.name.endswith("市") and 100 <= int(b.lg_code[2:5]) <= 199]


def test_wards_and_their_cities(
    data: lg.LocalGovJp, municipal: list[list[str]], master: Master
) -> None:
    codes = {body.lg_code for body in master.bodies}
    ward_rows = {
        r[9]: (row, r) for row, r in enumerate(municipal[1:], start=1) if r[9] not in codes
    }
    assert len(data.wards) == len(ward_rows) == 175
    designated = {city.name: city for city in _designated(master)}
    assert len(designated) == 20
    for ward in data.wards:
        row, record = ward_rows[ward.code]
        city_name, ward_name = record[3].split(" ")
        # The city by name agrees with the city derived from the code.
        assert designated[city_name].lg_code == ward.city_lg_code
        assert designated[city_name].prefecture == record[1]
        assert (ward.city_name, ward.name, ward.name_as_published) == (
            city_name,
            ward_name,
            record[3],
        )
        assert ward.city_lg_code[:5] < ward.code[:5] < f"{ward.code[:2]}200"
        assert (ward.url, ward.latitude, ward.longitude) == (
            record[7],
            float(record[5]),
            float(record[6]),
        )
        for cell in (ward.name_cell, ward.url_cell, ward.latitude_cell, ward.longitude_cell):
            assert (cell.row, record[cell.column], cell.row_header) == (row, cell.text, ward.code)
    per_city = {city: sum(w.city_name == city for w in data.wards) for city in designated}
    assert per_city["大阪市"] == 24
    assert per_city["浜松市"] == 7
    assert min(per_city.values()) == 3


def test_hamamatsu_wards_are_outdated_and_todays_are_missing(data: lg.LocalGovJp) -> None:
    outdated = [w for w in data.wards if not w.current]
    assert [w.code for w in outdated] == [
        "221317",
        "221325",
        "221333",
        "221341",
        "221350",
        "221368",
        "221376",
    ]
    assert [w.name for w in outdated] == [
        "中区",
        "東区",
        "西区",
        "南区",
        "北区",
        "浜北区",
        "天竜区",
    ]
    assert all(w.city_lg_code == "221309" and w.note for w in outdated)
    assert all(w.note is None for w in data.wards if w.current)
    missing = [(m.city_name, m.name, m.since) for m in data.missing_wards]
    assert missing == [
        ("浜松市", "中央区", dt.date(2024, 1, 1)),
        ("浜松市", "浜名区", dt.date(2024, 1, 1)),
        ("浜松市", "天竜区", dt.date(2024, 1, 1)),
    ]


def test_hand_checked_wards(data: lg.LocalGovJp) -> None:
    wards = {w.code: w for w in data.wards}
    chuo = wards["011011"]
    assert (chuo.name_as_published, chuo.city_lg_code, chuo.url) == (
        "札幌市 中央区",
        "011002",
        "https://www.city.sapporo.jp/chuo/",
    )
    assert wards["271217"].name_as_published == "大阪市 東住吉区"
    assert wards["271217"].city_lg_code == "271004"
    assert wards["271471"].city_lg_code == "271403"  # 堺市 美原区
    assert wards["141534"].city_lg_code == "141500"  # 相模原市 南区
    assert wards["401366"].city_lg_code == "401307"  # 福岡市 城南区


# --- corrupted copies are refused, naming the place ----------------------------------------------

Change = Callable[[list[list[str]]], object]


def _corrupt(tmp_path: Path, master: Master, name: str, change: Change) -> None:
    root = copy_reference(tmp_path, lg.DATASET)
    records = read_records(root / name)
    change(records)
    write_records(root / name, records)
    lg.read_localgovjp(root, master)


NOT_A_WARD = f"01299{check_digit('01299')}"  # valid, not in the MIC list, above the ward range
HAMAMATSU_NAKA = 1022  # the record of 浜松市 中区


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r[3].insert(4, "x"), r"row 3: 11 fields"),  # a shifted column
        (lambda r: r[0].__setitem__(9, "code"), r"row 0: expected header"),  # a renamed label
        (lambda r: r.insert(5, list(r[4])), r"row 5 column 9: 011037 appears twice"),
        (lambda r: r[12].__setitem__(9, ""), r"row 12 column 9: '' is not a code"),
        (
            lambda r: r[12].__setitem__(9, "012034"),
            r"row 12 column 9: '012034' is not a 6-digit code with its check digit",
        ),
        (lambda r: r[12].__setitem__(2, "1204"), r"row 12 column 2: pid '1' and cid '1204'"),
        (lambda r: r[12].__setitem__(3, "小樽町"), r"row 12 column 3: 北海道 '小樽町' is not"),
        (lambda r: r[12].__setitem__(5, "43,2"), r"row 12 column 5: '43,2' is not a decimal"),
        (lambda r: r[12].__setitem__(6, "14.1"), r"row 12 column 6: 14.1 is outside"),
        (
            lambda r: r[12].__setitem__(7, "www.city.hakodate.hokkaido.jp"),
            r"row 12 column 7: .* not an http",
        ),
        (
            lambda r: r[2].__setitem__(3, "函館市 中央区"),
            r"row 2 column 3: .* is not a ward of 北海道 札幌市",
        ),
        (lambda r: r[2].__setitem__(3, "札幌市 中央"), r"row 2 column 3"),
        (lambda r: r.pop(12), r"no row for \['北海道 函館市 \(012025\)'\]"),
        (
            lambda r: r[HAMAMATSU_NAKA].__setitem__(3, "浜松市 中央区"),
            r"row 1022 column 3: '浜松市 中央区' is not one of the wards of 浜松市 before 2024-01-01",
        ),
        (lambda r: r.pop(HAMAMATSU_NAKA), r"wards of 浜松市 are .*, expected the 7 before"),
        (
            lambda r: r.__setitem__(5, [*r[5][:2], NOT_A_WARD[1:5], *r[5][3:9], NOT_A_WARD]),
            rf"row 5 column 9: {NOT_A_WARD} is not the code of a designated city's ward",
        ),
    ],
)
def test_a_corrupted_municipal_file_is_refused(
    tmp_path: Path, master: Master, change: Change, message: str
) -> None:
    with pytest.raises(RawTableError, match=message) as raised:
        _corrupt(tmp_path, master, lg.MUNICIPALITIES_FILE, change)
    assert lg.MUNICIPALITIES_FILE in str(raised.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r[3].pop(), r"row 3: 12 fields"),
        (lambda r: r[0].__setitem__(11, "latitude"), r"row 0: expected header"),
        (lambda r: r.insert(3, list(r[2])), r"row 3 column 8: 青森県 appears twice"),
        (lambda r: r[4].__setitem__(8, ""), r"row 4 column 8: '' is not a code"),
        (lambda r: r[4].__setitem__(8, "040002"), r"row 4 column 8: '040002' is not a code"),
        (lambda r: r[4].__setitem__(1, "宮城"), r"row 4 column 1: 4 '宮城' is not 宮城県"),
        (lambda r: r.pop(13), r"no row for \['東京都 \(130001\)'\]"),
    ],
)
def test_a_corrupted_prefecture_file_is_refused(
    tmp_path: Path, master: Master, change: Change, message: str
) -> None:
    with pytest.raises(RawTableError, match=message):
        _corrupt(tmp_path, master, lg.PREFECTURES_FILE, change)


def test_hamamatsu_row_is_where_the_tests_say(municipal: list[list[str]]) -> None:
    assert municipal[HAMAMATSU_NAKA][3] == "浜松市 中区"


# --- property test: a coordinate that is not a decimal number is refused at its cell -------------

ROWS = range(1, 1917)


@settings(max_examples=60, deadline=None)
@given(
    row=st.sampled_from(ROWS),
    column=st.sampled_from([5, 6]),
    text=st.text(alphabet="0123456789.-, eE+°", min_size=0, max_size=12),
)
def test_any_malformed_coordinate_is_named_by_row_and_column(
    municipal: list[list[str]],
    prefectures: list[list[str]],
    master: Master,
    row: int,
    column: int,
    text: str,
) -> None:
    records: list[Sequence[str]] = list(municipal)
    records[row] = [*municipal[row][:column], text, *municipal[row][column + 1 :]]
    bounds = lg.LATITUDE_RANGE if column == 5 else lg.LONGITUDE_RANGE
    try:
        value = float(text)
    except ValueError:
        value = None
    well_formed = re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text) is not None
    if well_formed and value is not None and bounds[0] <= value <= bounds[1]:
        parsed = lg.parse_localgovjp(records, prefectures, master)
        cells = [(s.latitude_cell, s.longitude_cell) for s in parsed.sites]
        cells += [(w.latitude_cell, w.longitude_cell) for w in parsed.wards]
        assert any(cell.row == row and cell.text == text for pair in cells for cell in pair)
        return
    with pytest.raises(RawTableError, match=rf"row {row} column {column}: "):
        lg.parse_localgovjp(records, prefectures, master)
