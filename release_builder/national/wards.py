"""The wards of the designated cities as they stand today, as rows of ``municipalities``.

localgovjp (CC0) lists each ward with its 6-digit code, reading, website and office
coordinates. It predates 浜松市's reorganisation of 2024-01-01, so its seven 浜松市 wards
are left out, and today's three (中央区, 浜名区, 天竜区, each with a new code) are taken
from the e-Stat change table, which states their codes and readings; neither file gives
their websites or offices, so those stay null. A ward row has kind ``ward`` and the
lg_code of its city in ``city_lg_code``; its reading's city part must equal the city's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from jpdx.enums import MunicipalityKind
from jpdx.text import katakana
from release_builder.master import place_row
from release_builder.national.cells import CellRef, RawTableError
from release_builder.national.code_changes import FILE as CHANGES_FILE
from release_builder.national.code_changes import HEADER as CHANGES_HEADER
from release_builder.national.code_changes import CodeChange, lg_code

if TYPE_CHECKING:  # localgovjp's importer adds these rows
    from release_builder.national.localgovjp import LocalGovJp, MissingWard, Ward

Cite = Callable[[CellRef], dict[str, Any]]


def _row(
    city: dict[str, Any],
    code: str,
    name: str,
    kana: str,
    where: str,
    evidence: list[dict[str, Any]],
    site: tuple[str, float, float] | None,
) -> dict[str, Any]:
    website, latitude, longitude = site if site else (None, None, None)
    return {
        **place_row(
            code, city["prefecture"], name, kana, MunicipalityKind.ward, where, city["lg_code"]
        ),
        "website": website,
        "latitude": latitude,
        "longitude": longitude,
        "evidence": evidence,
    }


def _listed_ward(ward: Ward, city: dict[str, Any], cite: Cite) -> dict[str, Any]:
    where = f"{ward.reading_cell.file} row {ward.reading_cell.row}"
    if katakana(ward.city_reading) != city["kana"]:
        raise RawTableError(
            f"{where} column {ward.reading_cell.column}: the city's reading "
            f"{ward.city_reading!r} is not {city['name']}'s ({city['kana']})"
        )
    cells = (ward.name_cell, ward.reading_cell, ward.url_cell, ward.latitude_cell)
    return _row(
        city,
        ward.code,
        ward.name,
        katakana(ward.reading),
        where,
        [cite(cell) for cell in (*cells, ward.longitude_cell)],
        (ward.url, ward.latitude, ward.longitude),
    )


def _new_ward(
    missing: MissingWard,
    city: dict[str, Any],
    changes: Sequence[CodeChange],
    cite: Cite,
) -> dict[str, Any]:
    """A ward the localgovjp file predates, from the e-Stat record that creates its code."""
    found = [
        change
        for change in changes
        if change.date == missing.since
        and change.district == missing.city_name
        and change.municipality == missing.name
        and change.code in {place.code for place in change.new}
        and change.code not in {place.code for place in change.old}
    ]
    if len(found) != 1 or found[0].municipality_reading is None:
        raise RawTableError(
            f"{CHANGES_FILE}: expected one record creating {missing.city_name}{missing.name} on "
            f"{missing.since} with its reading, found rows {[c.row for c in found]}"
        )
    change = found[0]
    assert change.municipality is not None
    assert change.municipality_reading is not None
    cells = [
        CellRef(CHANGES_FILE, change.row, column, text, change.code, CHANGES_HEADER[column])
        for column, text in ((4, change.municipality), (5, change.municipality_reading))
    ]
    return _row(
        city,
        lg_code(change.code),
        change.municipality,
        katakana(change.municipality_reading),
        f"{CHANGES_FILE} row {change.row}",
        [cite(cell) for cell in (*cells, change.reason)],
        None,
    )


def ward_rows(
    municipalities: Sequence[dict[str, Any]],
    sites: LocalGovJp,
    changes: Sequence[CodeChange],
    cite: Cite,
) -> list[dict[str, Any]]:
    """Rows of today's wards, each checked against its city's row in ``municipalities``."""
    cities = {row["lg_code"]: row for row in municipalities}
    rows = [
        _listed_ward(ward, cities[ward.city_lg_code], cite) for ward in sites.wards if ward.current
    ]
    rows += [
        _new_ward(missing, cities[missing.city_lg_code], changes, cite)
        for missing in sites.missing_wards
    ]
    codes = [row["lg_code"] for row in rows]
    clash = sorted({code for code in codes if codes.count(code) > 1} | (set(codes) & set(cities)))
    if clash:
        raise RawTableError(f"ward codes {clash} are given twice or belong to a municipality")
    return rows
