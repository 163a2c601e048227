"""My Number card issuance over 46 snapshots: every observation re-derived from the raw files
apart from the import, values checked by hand, the findings pinned, corrupted copies refused."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from release_builder.national.card_issuance import (
    DATASET,
    LAYOUTS,
    Snapshot,
    read_card_issuance,
    read_snapshot,
    snapshot_folders,
)
from release_builder.national.cells import CellRef, Observation, RawTableError, refind
from release_builder.national.placing import names_agree

from .national_helpers import REFERENCE, master, placer, read_raw, write_records

FOLDERS = [
    "20170308",
    "20170515",
    "20170831",
    "20171201",
    "20180301",
    "20180701",
    "20181201",
    "20190401",
    "20190701",
    "20190916",
    "20191101",
    "20200120",
    "20200301",
    "20200401",
    "20200501",
    "20200601",
    "20200701",
    "20200801",
    "20200901",
    "20201001",
    "20201101",
    "20201201",
    "20210101",
    "20210201",
    "20210301",
    "20210401",
    "20210501",
    "20210601",
    "20210701",
    "20210801",
    "20210901",
    "20211001",
    "20211101",
    "20211201",
    "20220101",
    "20220201",
    "20220301",
    "20220501",
    "20220601",
    "20220630",
    "20220731",
    "20220831",
    "20220930",
    "20221031",
    "20221130",
    "20221231",
]
# The two municipalities published without a code (2021-08 …), as looked up by hand.
BY_NAME = {"三宅村": "133817", "八丈町": "134015"}
# measure column → date column, per file (0 is 算出基準日).
MEASURES = {"all_localgovs.csv": {3: 6, 4: 7, 5: 0}, "all_prefectures.csv": {2: 5, 3: 6, 4: 0}}


def _prefecture_codes() -> dict[str, str]:
    with (REFERENCE / "mic_lg_codes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["prefecture"]: row["code"] for row in csv.DictReader(handle) if not row["city"]}


def _date(text: str) -> dt.date:
    year, month, day = (int(part) for part in text.split("/"))
    return dt.date(year, month, day)


@pytest.fixture(scope="module")
def snapshots() -> tuple[Snapshot, ...]:
    return read_card_issuance(REFERENCE, placer())


def _expected(folder: str) -> tuple[Observation, ...]:
    """The observations of one snapshot, derived from the raw files without the import."""
    prefectures = _prefecture_codes()
    expected = []
    for file_name, measures in MEASURES.items():
        file = f"{DATASET}/{folder}/{file_name}"
        records = read_raw(REFERENCE / file)
        municipal = file_name == "all_localgovs.csv"
        for row, fields in enumerate(records[1:], start=1):
            name = fields[2] if municipal else fields[1]
            code = fields[8] if municipal else None
            if code is None:
                lg_code = prefectures[name]
            elif code == "<NA>":
                lg_code, code = BY_NAME[name], None
            else:
                lg_code = code.zfill(6)
            for column, date_column in measures.items():
                expected.append(
                    Observation(
                        dataset=DATASET,
                        lg_code=lg_code,
                        code_as_published=code,
                        name_as_published=name,
                        measure=records[0][column],
                        reference_date=_date(fields[date_column]),
                        value_text=fields[column],
                        value_number=float(fields[column]),
                        value_answer=None,
                        cell=CellRef(file, row, column, fields[column], name, records[0][column]),
                    )
                )
    return tuple(expected)


def test_every_observation_is_rederived(snapshots: tuple[Snapshot, ...]) -> None:
    assert [s.folder for s in snapshots] == FOLDERS
    for snapshot in snapshots:
        assert snapshot.observations == _expected(snapshot.folder)


def test_counts(snapshots: tuple[Snapshot, ...]) -> None:
    per_measure = Counter(
        (s.folder, o.cell.file.rsplit("/", 1)[1], o.measure)
        for s in snapshots
        for o in s.observations
    )
    assert len(per_measure) == 46 * 6
    for (_, file_name, _), count in per_measure.items():
        assert count == (1741 if file_name == "all_localgovs.csv" else 47)
    assert sum(len(s.observations) for s in snapshots) == 46 * (1741 + 47) * 3 == 246_744


def test_each_snapshot_has_every_place_once(snapshots: tuple[Snapshot, ...]) -> None:
    for snapshot in snapshots:
        for measure in ("総数（人口）", "交付枚数", "人口に対する交付枚数率"):
            places = [o.lg_code for o in snapshot.observations if o.measure == measure]
            assert sorted(places) == sorted(
                [*master().municipalities, *(p.lg_code for p in master().prefectures.values())]
            )


def test_a_few_cells_refound_by_address(snapshots: tuple[Snapshot, ...]) -> None:
    for snapshot in (snapshots[0], snapshots[-1]):
        for observation in snapshot.observations[::97]:
            municipal = observation.cell.file.endswith("all_localgovs.csv")
            refind(REFERENCE, observation.cell, 2 if municipal else 1, 0)


def _value(snapshots: tuple[Snapshot, ...], folder: str, lg_code: str, measure: str) -> Observation:
    (found,) = [
        o
        for s in snapshots
        if s.folder == folder
        for o in s.observations
        if o.lg_code == lg_code and o.measure == measure
    ]
    return found


def test_values_checked_by_hand(snapshots: tuple[Snapshot, ...]) -> None:
    sapporo = _value(snapshots, "20170308", "011002", "総数（人口）")
    assert (sapporo.value_number, sapporo.reference_date) == (1941832.0, dt.date(2016, 1, 1))
    assert (sapporo.code_as_published, sapporo.name_as_published) == ("11002", "札幌市")
    assert (sapporo.cell.row, sapporo.cell.column) == (1, 3)
    cards = _value(snapshots, "20170308", "011002", "交付枚数")
    assert (cards.value_number, cards.reference_date) == (144447.0, dt.date(2017, 3, 8))
    rate = _value(snapshots, "20170308", "011002", "人口に対する交付枚数率")
    assert (rate.value_text, rate.value_number) == ("7.4", 7.4)
    chiyoda = _value(snapshots, "20170308", "131016", "総数（人口）")
    assert (chiyoda.value_text, chiyoda.code_as_published) == ("58576", "131016")
    okinawa = [
        _value(snapshots, "20221231", "470007", m).value_text
        for m in ("総数（人口）", "交付枚数", "人口に対する交付枚数率")
    ]
    assert okinawa == ["1485670", "683721", "46.0"]
    miyake = _value(snapshots, "20221231", "133817", "交付枚数")
    assert (miyake.value_text, miyake.code_as_published, miyake.name_as_published) == (
        "1329",
        None,
        "三宅村",
    )
    assert miyake.cell.row == 685
    assert _value(snapshots, "20170308", "133817", "交付枚数").name_as_published == "三宅島三宅村"
    touma = _value(snapshots, "20170308", "013030", "交付枚数")
    assert touma.name_as_published == "石狩郡当別町"


def test_nakagawa_is_one_series(snapshots: tuple[Snapshot, ...]) -> None:
    """那珂川市 is published as 402311 in every snapshot, before 2018-10-01 too."""
    series = [
        o
        for s in snapshots
        for o in s.observations
        if o.lg_code == "402311" and o.measure == "交付枚数"
    ]
    assert len(series) == 46
    assert {(o.code_as_published, o.name_as_published) for o in series} == {("402311", "那珂川市")}
    early = [
        f.file.split("/")[1]
        for s in snapshots
        for f in s.findings
        if f.kind == "code_not_yet_in_use"
    ]
    assert early == FOLDERS[:6]  # the snapshots before 2018-10-01


def test_findings(snapshots: tuple[Snapshot, ...]) -> None:
    findings = [f for s in snapshots for f in s.findings]
    assert Counter(f.kind for f in findings) == {
        "spelling_variant": 46,
        "code_missing": 34,
        "name_not_yet_in_use": 8,
        "code_not_yet_in_use": 6,
    }
    missing = [f for f in findings if f.kind == "code_missing"]
    assert sorted({f.file.split("/")[1] for f in missing}) == FOLDERS[29:]
    assert {(f.row, f.column) for f in missing} == {(685, 8), (687, 8)}
    renamed = [f for f in findings if f.kind == "name_not_yet_in_use"]
    assert [f.file.split("/")[1] for f in renamed] == FOLDERS[:8]  # before 2019-05-01
    assert all("'丹波篠山市'" in f.note and "'篠山市'" in f.note for f in renamed)
    variants = {f.note for f in findings if f.kind == "spelling_variant"}
    assert variants == {"'高岡郡檮原町'; the master has '梼原町'"}


def test_rates_and_totals_agree_in_the_raw_files() -> None:
    """Every rate is cards / population rounded half up to 0.1, and every prefecture row is
    the sum of its municipalities (checked on the raw files; the import reports no finding)."""
    for folder in FOLDERS:
        base = REFERENCE / DATASET / folder
        sums: Counter[tuple[str, str]] = Counter()
        for fields in read_raw(base / "all_localgovs.csv")[1:]:
            expected = (Decimal(fields[4]) * 100 / Decimal(fields[3])).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
            assert str(expected) == fields[5]
            assert fields[0] == f"{folder[:4]}/{folder[4:6]}/{folder[6:]}" == fields[7]
            sums[(fields[1], "population")] += int(fields[3])
            sums[(fields[1], "cards")] += int(fields[4])
        for fields in read_raw(base / "all_prefectures.csv")[1:]:
            assert sums[(fields[1], "population")] == int(fields[2])
            assert sums[(fields[1], "cards")] == int(fields[3])


def test_every_snapshot_has_the_known_layouts() -> None:
    assert snapshot_folders(REFERENCE) == tuple(FOLDERS)
    for folder in FOLDERS:
        for file_name, (layout,) in LAYOUTS.items():
            header = read_raw(REFERENCE / DATASET / folder / file_name)[0]
            assert tuple(header) == layout.header


@given(
    county=st.text(alphabet="上中下東西南北石狩余市川", min_size=1, max_size=4),
    name=st.sampled_from(["当別町", "仁木町", "幌加内町", "三島村"]),
)
def test_names_agree_with_a_county_prefix(county: str, name: str) -> None:
    assert names_agree(f"{county}郡{name}", name, "000000")
    assert names_agree(name, f"{county}支庁{name}", "000000")
    assert names_agree(f"{county}郡{name}", f"北海道{name}", "000000")
    assert names_agree(f"和歌山県{county}郡{name}", name, "000000")
    assert not names_agree(f"{county}{name}", name, "000000")


def test_names_agree_only_as_stated() -> None:
    assert names_agree("三宅島三宅村", "三宅村", "133817")
    assert not names_agree("三宅島三宅村", "三宅村", "134015")
    assert not names_agree("丹波篠山市", "篠山市", "282219")
    assert not names_agree("大和郡山市", "郡山市", "292036")
    # a name's own 都, 府 or 県 is no prefecture: 寿都町 and 訓子府町 are two towns
    assert not names_agree("寿都町", "訓子府町", "000000")
    assert not names_agree("京都町", "町", "000000")
    assert names_agree("神奈川県愛川町", "愛川町", "000000")


@given(st.sampled_from(read_raw("mic_lg_codes.csv")[1:]))
def test_names_agree_with_each_prefecture_before_them(record: list[str]) -> None:
    """Every prefecture of the MIC list, written before the name of each of its bodies."""
    prefecture, name = record[1], record[2]
    if name:
        assert names_agree(f"{prefecture}{name}", name, record[0])


# --- corrupted copies are refused -------------------------------------------------------------

FOLDER = "20221231"


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(REFERENCE / DATASET / FOLDER, tmp_path / DATASET / FOLDER)
    return tmp_path


def _rewrite(root: Path, file_name: str, rows: list[list[str]]) -> Path:
    write_records(root / DATASET / FOLDER / file_name, rows, encoding="utf-8-sig")
    return root


def _changed(tmp_path: Path, file_name: str, row: int, column: int, text: str) -> Path:
    root = _copy(tmp_path)
    records = read_raw(root / DATASET / FOLDER / file_name)
    records[row][column] = text
    return _rewrite(root, file_name, records)


MUNICIPAL = f"{DATASET}/{FOLDER}/all_localgovs.csv"
PREFECTURAL = f"{DATASET}/{FOLDER}/all_prefectures.csv"


def test_an_unchanged_copy_reads_the_same(tmp_path: Path, snapshots: tuple[Snapshot, ...]) -> None:
    root = _copy(tmp_path)
    for name in ("all_localgovs.csv", "all_prefectures.csv"):
        _rewrite(root, name, read_raw(root / DATASET / FOLDER / name))
    assert read_snapshot(root, FOLDER, placer()) == snapshots[-1]


@pytest.mark.parametrize(
    ("file_name", "row", "column", "text", "message"),
    [
        ("all_localgovs.csv", 0, 5, "交付率", f"{MUNICIPAL} row 0: unknown layout"),
        ("all_prefectures.csv", 0, 6, "交付件数基準日", f"{PREFECTURAL} row 0: unknown layout"),
        (
            "all_localgovs.csv",
            1,
            8,
            "",
            f"{MUNICIPAL} row 1 column 8 (団体コード): '' is not a code",
        ),
        ("all_localgovs.csv", 1, 8, "11003", "11003' is not a 6-digit code with its check digit"),
        ("all_localgovs.csv", 1, 8, "403059", "40305 was not in use on 2022-12-31"),
        (
            "all_localgovs.csv",
            1,
            8,
            "12025",
            f"{MUNICIPAL} row 1 column 2 (市区町村名): '札幌市' is not ['函館市'] (12025)",
        ),
        ("all_localgovs.csv", 1, 1, "青森県", f"{MUNICIPAL} row 1 column 1 (都道府県名): 11002"),
        ("all_localgovs.csv", 1, 3, "1,960,668", f"{MUNICIPAL} row 1 column 3 (総数（人口）)"),
        ("all_localgovs.csv", 1, 5, "56.80", f"{MUNICIPAL} row 1 column 5"),
        ("all_localgovs.csv", 1, 6, "2022-01-01", f"{MUNICIPAL} row 1 column 6 (人口算出基準日)"),
        (
            "all_localgovs.csv",
            685,
            2,
            "三宅町",
            f"{MUNICIPAL} row 685 column 8 (団体コード): '三宅町' names no municipality of 東京都; "
            "candidates: 東京都 三鷹市 (132047), 東京都 三宅村 (133817)",
        ),
        ("all_prefectures.csv", 3, 1, "岩手", f"{PREFECTURAL} row 3 column 1 (都道府県名)"),
        (
            "all_prefectures.csv",
            3,
            1,
            "北海道",
            f"{PREFECTURAL} row 3: 北海道 (010006) already placed by row 1",
        ),
    ],
)
def test_corrupted_cells_are_refused(
    tmp_path: Path,
    file_name: str,
    row: int,
    column: int,
    text: str,
    message: str,
) -> None:
    root = _changed(tmp_path, file_name, row, column, text)
    with pytest.raises(RawTableError, match=re.escape(message)):
        read_snapshot(root, FOLDER, placer())


def test_a_shifted_or_duplicated_row_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    records = read_raw(root / DATASET / FOLDER / "all_localgovs.csv")
    shifted = [list(r) for r in records]
    shifted[10] = [*shifted[10][:2], "", *shifted[10][2:-1]]  # values moved right, code lost
    _rewrite(root, "all_localgovs.csv", shifted)
    with pytest.raises(RawTableError, match=re.escape(f"{MUNICIPAL} row 10 column 8")):
        read_snapshot(root, FOLDER, placer())
    short = [list(r) for r in records]
    short[10] = short[10][:-1]
    _rewrite(root, "all_localgovs.csv", short)
    with pytest.raises(RawTableError, match=re.escape(f"{MUNICIPAL} row 10: 8 fields")):
        read_snapshot(root, FOLDER, placer())
    doubled = [*records[:11], records[10], *records[11:]]
    _rewrite(root, "all_localgovs.csv", doubled)
    with pytest.raises(
        RawTableError,
        match=re.escape(f"{MUNICIPAL} row 11: 北海道 岩見沢市 (012106) already placed by row 10"),
    ):
        read_snapshot(root, FOLDER, placer())


def test_disagreements_are_reported_not_fixed(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    records = read_raw(root / DATASET / FOLDER / "all_localgovs.csv")
    records[1][0] = "2022/12/30"
    records[2][5] = "52.9"
    del records[3]
    _rewrite(root, "all_localgovs.csv", records)
    snapshot = read_snapshot(root, FOLDER, placer())
    found = [
        (f.row, f.column, f.kind, f.note)
        for f in snapshot.findings
        if f.kind not in ("code_missing", "spelling_variant")
    ]
    assert found[:3] == [
        (1, 0, "date_disagrees", "2022-12-30 in a folder named 20221231"),
        (2, 5, "rate_disagrees", "52.9 published, 130964/248106 gives 52.8"),
        (None, None, "place_missing", "012033 has no row"),
    ]
    rate = [o for o in snapshot.observations if o.cell.row == 2 and o.cell.column == 5]
    assert [o.value_text for o in rate] == ["52.9"]


def test_unknown_files_are_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / DATASET / FOLDER / "notes.txt").write_text("", encoding="utf-8")
    with pytest.raises(RawTableError, match=re.escape(f"{DATASET}/{FOLDER}: expected")):
        snapshot_folders(root)
    (root / DATASET / FOLDER / "notes.txt").unlink()
    (root / DATASET / "latest").mkdir()
    with pytest.raises(RawTableError, match=re.escape(f"{DATASET}/latest: not a snapshot")):
        snapshot_folders(root)
