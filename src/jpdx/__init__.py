"""jpdx: structured, versioned, cited data on Japanese local-government DX (自治体DX・地域DX).

>>> import jpdx
>>> jpdx.tables()
('code_changes', 'indicator_values', 'indicators', 'kpis', 'municipalities', 'organizations', 'participant_counts', 'procedures', 'programs', 'sources')
>>> jpdx.fiscal_year("令和5年度")
2023

Importing jpdx loads neither polars nor pydantic; they are imported on first use.
``jpdx.boundaries()`` gives the municipal or prefectural boundaries as GeoJSON, for maps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, overload

from jpdx import store as _store  # light: polars and pydantic load on first use
from jpdx._version import __version__
from jpdx.errors import (
    AmbiguousNameError,
    ExportError,
    FormerPlaceError,
    IncompatibleReleaseError,
    IntegrityError,
    InvalidArgumentError,
    InvalidCodeError,
    InvalidDateError,
    JpdxError,
    NotInReleaseError,
    OutOfRangeError,
    TableNotInReleaseError,
    UnknownColumnError,
    UnknownFilterError,
    UnknownIndicatorError,
    UnknownPlaceError,
    UnknownTableError,
    UnknownValueError,
    UnknownVersionError,
)
from jpdx.tablespec import TableName

if TYPE_CHECKING:
    import datetime as dt
    import os
    from collections.abc import Sequence
    from pathlib import Path

    import polars as pl

    from jpdx.analysis.profile import PlaceProfile
    from jpdx.dates import fiscal_year, to_date, to_wareki
    from jpdx.diffs import Diff

    # <generated model imports>
    from jpdx.models import (
        KPI,
        CodeChange,
        FormerMunicipality,
        Indicator,
        IndicatorValue,
        Municipality,
        Organization,
        ParticipantCount,
        Procedure,
        Program,
        Record,
        Source,
    )

    # </generated model imports>
    from jpdx.queries import Query

__all__ = [
    "AmbiguousNameError",
    "ExportError",
    "FormerPlaceError",
    "IncompatibleReleaseError",
    "IntegrityError",
    "InvalidArgumentError",
    "InvalidCodeError",
    "InvalidDateError",
    "JpdxError",
    "NotInReleaseError",
    "OutOfRangeError",
    "TableNotInReleaseError",
    "UnknownColumnError",
    "UnknownFilterError",
    "UnknownIndicatorError",
    "UnknownPlaceError",
    "UnknownTableError",
    "UnknownValueError",
    "UnknownVersionError",
    "__version__",
    "boundaries",
    "cite",
    "diff",
    "export",
    "fiscal_year",
    "indicator",
    "lg_code",
    "load",
    "municipality",
    "panel",
    "place",
    "query",
    "records",
    "scan",
    "share_by",
    "tables",
    "to_date",
    "to_wareki",
    "versions",
]


def tables(*, version: str | None = None) -> tuple[str, ...]:
    """The names of the tables of a release (the default one unless ``version`` pins one),
    in alphabetical order."""
    return _store.bundled().tables(version)


def versions() -> tuple[str, ...]:
    """Every data release bundled in this installation, oldest first (CalVer)."""
    return _store.bundled().versions()


def load(table: TableName | str, *, version: str | None = None) -> pl.DataFrame:
    """A table as a polars DataFrame (the newest release unless ``version`` pins one).

    Files are verified against their recorded sha256 on first read; the frame
    returned is a copy, safe to modify.
    """
    return _store.bundled().frame(table, version).clone()


def scan(table: TableName | str, *, version: str | None = None) -> pl.LazyFrame:
    """A table as a polars LazyFrame, for joins and filters that polars optimises.

    Until the table is loaded, the LazyFrame reads the verified Parquet file, so
    filters and column selections are pushed down into the reader.
    """
    return _store.bundled().scan(table, version)


# The overloads are generated from the table descriptors (python -m release_builder.overloads).
# <generated records overloads>
@overload
def records(
    table: Literal["code_changes"], *, version: str | None = None
) -> tuple[CodeChange, ...]: ...
@overload
def records(
    table: Literal["former_municipalities"], *, version: str | None = None
) -> tuple[FormerMunicipality, ...]: ...
@overload
def records(
    table: Literal["indicator_values"], *, version: str | None = None
) -> tuple[IndicatorValue, ...]: ...
@overload
def records(
    table: Literal["indicators"], *, version: str | None = None
) -> tuple[Indicator, ...]: ...
@overload
def records(table: Literal["kpis"], *, version: str | None = None) -> tuple[KPI, ...]: ...
@overload
def records(
    table: Literal["municipalities"], *, version: str | None = None
) -> tuple[Municipality, ...]: ...
@overload
def records(
    table: Literal["organizations"], *, version: str | None = None
) -> tuple[Organization, ...]: ...
@overload
def records(
    table: Literal["participant_counts"], *, version: str | None = None
) -> tuple[ParticipantCount, ...]: ...
@overload
def records(
    table: Literal["procedures"], *, version: str | None = None
) -> tuple[Procedure, ...]: ...
@overload
def records(table: Literal["programs"], *, version: str | None = None) -> tuple[Program, ...]: ...
@overload
def records(table: Literal["sources"], *, version: str | None = None) -> tuple[Source, ...]: ...
@overload
def records(table: str, *, version: str | None = None) -> tuple[Record, ...]: ...
# </generated records overloads>
def records(table: str, *, version: str | None = None) -> tuple[Any, ...]:
    """A table as a tuple of frozen pydantic records, typed per table, in primary-key order."""
    from jpdx.recordsets import records as _records

    return _records(_store.bundled(), table, version)


# <generated query overloads>
@overload
def query(table: Literal["code_changes"], *, version: str | None = None) -> Query[CodeChange]: ...
@overload
def query(
    table: Literal["former_municipalities"], *, version: str | None = None
) -> Query[FormerMunicipality]: ...
@overload
def query(
    table: Literal["indicator_values"], *, version: str | None = None
) -> Query[IndicatorValue]: ...
@overload
def query(table: Literal["indicators"], *, version: str | None = None) -> Query[Indicator]: ...
@overload
def query(table: Literal["kpis"], *, version: str | None = None) -> Query[KPI]: ...
@overload
def query(
    table: Literal["municipalities"], *, version: str | None = None
) -> Query[Municipality]: ...
@overload
def query(
    table: Literal["organizations"], *, version: str | None = None
) -> Query[Organization]: ...
@overload
def query(
    table: Literal["participant_counts"], *, version: str | None = None
) -> Query[ParticipantCount]: ...
@overload
def query(table: Literal["procedures"], *, version: str | None = None) -> Query[Procedure]: ...
@overload
def query(table: Literal["programs"], *, version: str | None = None) -> Query[Program]: ...
@overload
def query(table: Literal["sources"], *, version: str | None = None) -> Query[Source]: ...
@overload
def query(table: str, *, version: str | None = None) -> Query[Record]: ...
# </generated query overloads>
def query(table: str, *, version: str | None = None) -> Query[Any]:
    """Start a query on a table: ``query("programs").where(prefecture="兵庫県").frame()``.

    See :mod:`jpdx.queries` for the filters.
    """
    from jpdx.queries import Query

    return Query(_store.bundled(), table, version)


def municipality(name_or_code: str, *, version: str | None = None) -> Municipality:
    """The prefecture or municipality named by a name, reading, romaji or code.

    ``municipality("下関市")``, ``municipality("Shimonoseki")``, ``municipality("352012")``.
    A name shared by several places raises :class:`AmbiguousNameError` listing them. From
    release 2026.12.0 on, a former name or code that no place has today (``"福岡県那珂川町"``,
    ``"40305"``) raises :class:`FormerPlaceError` naming the place it became and when.
    """
    from jpdx.places import gazetteer, place_record

    store = _store.bundled()
    release = store.resolve(version)
    return place_record(store, release, gazetteer(store, release).resolve(name_or_code))


def lg_code(name_or_code: str, *, version: str | None = None) -> str:
    """The 6-digit code of the place ``municipality()`` would return, with the same errors,
    without building its record: ``lg_code("下関市") == "352012"``. From release 2026.12.1 on
    it reads only the release's stored place index (neither polars nor pydantic), so it is
    the quick way to put codes on a list of names before a join."""
    from jpdx.places import gazetteer

    store = _store.bundled()
    return gazetteer(store, store.resolve(version)).resolve(name_or_code).lg_code


def indicator(indicator_id: str, *, version: str | None = None) -> pl.DataFrame:
    """One national indicator as a tidy frame: one row per place and date, with the place's
    ``name``, ``prefecture``, ``level`` (prefecture, municipality, ward, former) and
    ``kind``; the ``date`` the value is about and ``date_kind`` (``as_of``,
    ``fiscal_year``, or ``publication`` where the source states no as-of date); ``value``;
    the ``answer`` and its labels ``label_ja``/``label_en``; ``unit`` and ``source_id``.

    A yes/no answer (実施/未実施) has ``value`` 1 or 0 and null for 調査無し or a blank cell,
    so the mean of ``value`` is the share among the places that answered.
    ``indicator("dx-cio-appointed")``. An unknown id raises
    :class:`UnknownIndicatorError` with suggestions. See :mod:`jpdx.analysis.tidy`.
    """
    from jpdx.analysis.tidy import indicator as _indicator

    return _indicator(_store.bundled(), indicator_id, version)


def panel(
    indicator_ids: Sequence[str],
    *,
    at: str | dt.date | None = None,
    level: Literal["prefecture", "municipality", "ward", "former"] = "municipality",
    version: str | None = None,
) -> pl.DataFrame:
    """One row per place of ``level`` with its ``name``, ``prefecture``, ``kind`` and
    covariates (``population`` and ``population_date``: the card statistics' population),
    and per indicator a column (named by its id) with the latest value on or before ``at``
    and a column ``<id>_date`` with that value's date.

    ``panel(["card-rate", "dx-cio-appointed"], at="2022-12-31")``. Levels are never mixed:
    ``level="prefecture"`` gives the 47 prefectures. See :mod:`jpdx.analysis.panels`.
    """
    from jpdx.analysis.panels import panel as _panel

    return _panel(_store.bundled(), indicator_ids, at, level, version)


def place(name_or_code: str, *, version: str | None = None) -> PlaceProfile:
    """Everything jpdx knows about one place, today's or former: its record, national
    values, curated programs, procedures, KPIs and participant counts (its own, its
    prefecture's and a ward's city's, marked by ``via``) and its code history.

    ``place("下関市")``; ``place("福光町")`` gives the former body with its successor 南砺市.
    See :class:`jpdx.analysis.profile.PlaceProfile`.
    """
    from jpdx.analysis.profile import profile

    return profile(_store.bundled(), name_or_code, version)


def share_by(
    data: str | pl.DataFrame,
    by: str = "prefecture",
    *,
    column: str | None = None,
    weight: str | None = None,
    at: str | dt.date | None = None,
    level: Literal["prefecture", "municipality", "ward", "former"] = "municipality",
    version: str | None = None,
) -> pl.DataFrame:
    """The mean (for a yes/no question, the share of yes) of an indicator or of a frame's
    column per ``by`` (``"prefecture"``, ``"size_band"`` or a column of the frame), with
    ``n_answered`` and ``n_missing`` per group; ``weight="population"`` weights by the
    population. 調査無し and blank cells are missing, never "no".

    ``share_by("dx-cio-appointed", by="prefecture")``. ``data`` is an indicator id (its
    places' latest values on or before ``at``) or a frame with one row per place. Size
    bands: :data:`jpdx.analysis.aggregates.SIZE_BANDS`. See :mod:`jpdx.analysis.aggregates`.
    """
    from jpdx.analysis.aggregates import share_by as _share_by

    return _share_by(
        _store.bundled(),
        data,
        by,
        column=column,
        weight=weight,
        at=at,
        level=level,
        version=version,
    )


def diff(table: TableName | str, old: str, new: str) -> Diff:
    """Rows added, removed and changed in a table between two releases (by primary key)."""
    from jpdx.diffs import diff as _diff

    return _diff(_store.bundled(), table, old, new)


def export(
    to: str | os.PathLike[str],
    *,
    format: str = "parquet",
    version: str | None = None,
) -> Path:
    """Write every table of a release into folder ``to`` in an export format (``parquet``
    or ``csv``: the names of :data:`jpdx.exports.FORMATS`), with a Frictionless
    ``datapackage.json`` describing types, keys and checksums.

    Returns the path of ``datapackage.json``. See :mod:`jpdx.exports` for the CSV encoding.
    An unknown format raises :class:`jpdx.UnknownValueError` listing the formats.
    """
    from jpdx.exports import export as _export

    return _export(_store.bundled(), to, format, version)


def boundaries(
    level: Literal["municipality", "prefecture"] = "municipality", *, version: str | None = None
) -> dict[str, Any]:
    """Boundaries for maps: a GeoJSON FeatureCollection (a plain dict) of the 1,741
    municipalities or the 47 prefectures, from release 2026.12.2 on.

    Each feature's properties give today's ``lg_code``, ``name``, ``prefecture`` and
    ``level``, and the N03 code and names as published (``N03_001`` …); its geometry is a
    ``MultiPolygon`` in longitude and latitude, or null where the simplified source has no
    shape. The collection carries the ``credit`` line 国土交通省 requires; :func:`cite` adds
    it once boundaries were read. The file is verified against its sha256 first; neither
    polars nor pydantic is imported. An unknown level raises :class:`UnknownValueError`
    listing the levels; a release without boundaries raises :class:`NotInReleaseError`
    naming the releases that have them.
    """
    from jpdx.maps import boundaries as _boundaries

    return _boundaries(_store.bundled(), level, version)


def cite(*, format: Literal["text", "bibtex", "apa"] = "text") -> str:
    """How to cite jpdx, naming every table this session read with its release and sha256."""
    from jpdx.citation import cite as _cite

    return _cite(_store.bundled(), format)


_FROM_DATES = frozenset({"fiscal_year", "to_date", "to_wareki"})

if not TYPE_CHECKING:  # type checkers see the imports above; an unknown name stays an error

    def __getattr__(name: str) -> Any:
        """The date helpers of :mod:`jpdx.dates`, imported on first use (PEP 562): a lookup
        or a load does not need them, and their patterns take milliseconds to compile."""
        if name in _FROM_DATES:
            from jpdx import dates

            return getattr(dates, name)
        raise AttributeError(f"module 'jpdx' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API only: what ``dir(jpdx)`` and a notebook's completion offer."""
    return sorted(__all__)
