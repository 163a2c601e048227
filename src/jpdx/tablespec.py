"""One descriptor per table: everything jpdx knows about a table, in one place.

A :class:`TableSpec` names the table's record model and states its primary key, foreign
keys, how a row belongs to a place and to a policy field, which fiscal-year rule the
``fiscal_year=`` filter applies, which columns ``text=`` searches, its titles and its
place in the catalog. Queries, records, checks, exports, the codebook, the catalog and
the ``records()`` overloads all derive from these descriptors, so adding a table means
adding its model, its descriptor and its curation or import.

This module loads neither pydantic nor polars: the model is imported when first asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

if TYPE_CHECKING:
    from jpdx.models import Record

TableName = Literal[
    "code_changes",
    "former_municipalities",
    "indicator_values",
    "indicators",
    "kpis",
    "municipalities",
    "organizations",
    "participant_counts",
    "procedures",
    "programs",
    "sources",
]


class ForeignKey(NamedTuple):
    """``column`` refers to ``target.target_column`` (a list column refers element-wise;
    ``evidence.source_id`` refers from inside the items of a list of structs), or, where
    ``also`` names other tables, to the same column of one of them."""

    column: str
    target: str
    target_column: str
    also: tuple[str, ...] = ()

    @property
    def targets(self) -> tuple[str, ...]:
        """Every table a value may refer to, ``target`` first."""
        return (self.target, *self.also)


class FiscalYearRule(NamedTuple):
    """How ``fiscal_year=Y`` selects rows of a table.

    * ``span``: rows running in Y — ``start`` (a stated fiscal year, else the fiscal year of
      the ``date`` column when its ``precision`` is finer than a year) ≤ Y ≤ ``end``; a row
      with no known start counts when its status is active or pilot and the document its
      first quote comes from is dated in Y. Without ``end``, rows available by Y.
    * ``point``: rows whose stated (or dated) fiscal year is Y.
    * ``dated``: rows whose ``date`` (finer than a year) falls in Y.
    * ``via``: rows whose referenced row (``via`` column) is selected.
    """

    kind: Literal["span", "point", "dated", "via"]
    year: str = ""
    date: str = ""
    precision: str = ""
    end: str = ""
    via: str = ""


class TableSpec(NamedTuple):
    """The descriptor of one table."""

    name: str
    model_path: str
    """``module:Class`` of the record model, imported on first use."""
    primary_key: str
    title_en: str
    title_ja: str
    short_title: str
    """What one row is called in counts (``3 programs``)."""
    foreign_keys: tuple[ForeignKey, ...] = ()
    place: tuple[str, ...] = ()
    """How a row belongs to a local government: the first of these that gives a code —
    ``lg_code`` (its own column) or a foreign-key column (the place of the row it refers to)."""
    fields: tuple[str, ...] = ()
    """How a row belongs to policy fields: ``fields`` (its own column) or a foreign key."""
    fiscal_year: FiscalYearRule | None = None
    text_columns: tuple[str, ...] = ()
    """Columns that ``text=`` searches (evidence quotes too, where the table has evidence)."""
    curated: bool = True
    """Rows are curated from documents (curation files) and carry quote evidence; the
    national tables carry cell evidence instead."""
    in_catalog: bool = True
    """Listed on the catalog pages of sources and places."""
    in_parts: bool = False
    """Stored in parts (:class:`jpdx.release_format.TableEntry`): a large table that releases
    extend keeps the rows of an earlier release's file in that file, so its rows come in
    primary-key order within each part, the parts in the order of the releases that wrote
    them."""
    default_columns: tuple[str, ...] = ()
    """The columns ``jpdx show`` prints as a table when ``--columns`` is not given, the
    primary key first and the most telling next: columns that do not fit the terminal's
    width are left out, from the end (empty: every column but evidence)."""

    @property
    def model(self) -> type[Record]:
        """The record model (imports pydantic on first use)."""
        module, _, name = self.model_path.partition(":")
        model: type[Record] = getattr(importlib.import_module(module), name)
        return model


class TableSet:
    """The tables one version of jpdx knows, in catalog order, keyed by name."""

    __slots__ = ("_by_name", "specs")

    def __init__(self, specs: tuple[TableSpec, ...]) -> None:
        self.specs = specs
        self._by_name: Mapping[str, TableSpec] = {spec.name: spec for spec in specs}

    def __getitem__(self, name: str) -> TableSpec:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[TableSpec]:
        return iter(self.specs)

    @property
    def names(self) -> tuple[str, ...]:
        """Every table name, in alphabetical order."""
        return tuple(sorted(self._by_name))

    @property
    def primary_keys(self) -> dict[str, str]:
        return {spec.name: spec.primary_key for spec in self.specs}

    def foreign_keys(self) -> Iterator[tuple[str, ForeignKey]]:
        """(table, foreign key) for every reference between tables."""
        for spec in self.specs:
            for fk in spec.foreign_keys:
                yield spec.name, fk


def _evidence() -> ForeignKey:
    return ForeignKey("evidence.source_id", "sources", "source_id")


_MUNICIPALITY = ForeignKey("lg_code", "municipalities", "lg_code")

SPECS = TableSet(
    (
        TableSpec(
            name="programs",
            model_path="jpdx.models:Program",
            primary_key="program_id",
            title_en="Programs",
            title_ja="計画・事業等",
            short_title="programs",
            foreign_keys=(
                ForeignKey("parent_id", "programs", "program_id"),
                _MUNICIPALITY,
                ForeignKey("organization_ids", "organizations", "org_id"),
                _evidence(),
            ),
            place=("lg_code",),
            fields=("fields",),
            fiscal_year=FiscalYearRule(
                "span",
                year="start_fiscal_year",
                date="start_date",
                precision="start_date_precision",
                end="end_fiscal_year",
            ),
            text_columns=("name", "name_en", "summary"),
            default_columns=(
                "program_id",
                "name",
                "kind",
                "status",
                "lg_code",
                "fields",
                "start_fiscal_year",
                "end_fiscal_year",
                "parent_id",
            ),
        ),
        TableSpec(
            name="kpis",
            model_path="jpdx.models:KPI",
            primary_key="kpi_id",
            title_en="KPIs",
            title_ja="重要業績評価指標",
            short_title="KPIs",
            foreign_keys=(ForeignKey("program_id", "programs", "program_id"), _evidence()),
            place=("program_id",),
            fields=("program_id",),
            fiscal_year=FiscalYearRule("via", via="program_id"),
            text_columns=("name", "name_en", "definition"),
            default_columns=(
                "kpi_id",
                "name",
                "unit",
                "baseline_value",
                "baseline_fiscal_year",
                "target_value",
                "target_fiscal_year",
                "direction",
                "program_id",
            ),
        ),
        TableSpec(
            name="participant_counts",
            model_path="jpdx.models:ParticipantCount",
            primary_key="count_id",
            title_en="Participant counts",
            title_ja="参加者数等",
            short_title="counts",
            foreign_keys=(
                ForeignKey("program_id", "programs", "program_id"),
                ForeignKey("organization_id", "organizations", "org_id"),
                _evidence(),
            ),
            place=("program_id", "organization_id"),
            fields=("program_id",),
            fiscal_year=FiscalYearRule(
                "point",
                year="as_of_fiscal_year",
                date="as_of_date",
                precision="as_of_date_precision",
            ),
            text_columns=("label",),
            default_columns=(
                "count_id",
                "label",
                "value",
                "unit",
                "qualifier",
                "category",
                "as_of_fiscal_year",
                "as_of_date",
                "program_id",
                "organization_id",
            ),
        ),
        TableSpec(
            name="procedures",
            model_path="jpdx.models:Procedure",
            primary_key="procedure_id",
            title_en="Procedures",
            title_ja="手続",
            short_title="procedures",
            foreign_keys=(
                ForeignKey("program_id", "programs", "program_id"),
                _MUNICIPALITY,
                _evidence(),
            ),
            place=("lg_code",),
            fields=("program_id",),
            fiscal_year=FiscalYearRule(
                "span",
                year="since_fiscal_year",
                date="since_date",
                precision="since_date_precision",
            ),
            text_columns=("name", "name_en", "summary"),
            default_columns=(
                "procedure_id",
                "name",
                "channel",
                "procedure_count",
                "status",
                "lg_code",
                "since_fiscal_year",
                "since_date",
                "program_id",
            ),
        ),
        TableSpec(
            name="organizations",
            model_path="jpdx.models:Organization",
            primary_key="org_id",
            title_en="Organizations",
            title_ja="団体",
            short_title="bodies",
            foreign_keys=(_MUNICIPALITY, _evidence()),
            place=("lg_code",),
            text_columns=("name", "name_en"),
            default_columns=(
                "org_id",
                "name",
                "kind",
                "lg_code",
                "name_en",
            ),
        ),
        TableSpec(
            name="sources",
            model_path="jpdx.models:Source",
            primary_key="source_id",
            title_en="Sources",
            title_ja="資料",
            short_title="sources",
            foreign_keys=(_MUNICIPALITY, _evidence()),
            place=("lg_code",),
            fiscal_year=FiscalYearRule("dated", date="date", precision="date_precision"),
            text_columns=("title", "title_en"),
            default_columns=(
                "source_id",
                "title",
                "kind",
                "date",
                "lg_code",
                "publisher",
                "dataset",
            ),
        ),
        TableSpec(
            name="indicators",
            model_path="jpdx.models:Indicator",
            primary_key="indicator_id",
            title_en="National indicators",
            title_ja="全国指標",
            short_title="indicators",
            foreign_keys=(_evidence(),),
            text_columns=("name", "name_en", "definition", "group"),
            curated=False,
            in_catalog=False,
            default_columns=(
                "indicator_id",
                "name",
                "kind",
                "unit",
                "dataset",
                "group",
            ),
        ),
        TableSpec(
            name="indicator_values",
            model_path="jpdx.models:IndicatorValue",
            in_parts=True,
            primary_key="value_id",
            title_en="National indicator values",
            title_ja="全国指標の値",
            short_title="values",
            foreign_keys=(
                ForeignKey("indicator_id", "indicators", "indicator_id"),
                ForeignKey("lg_code", "municipalities", "lg_code", also=("former_municipalities",)),
                _evidence(),
            ),
            place=("lg_code",),
            fiscal_year=FiscalYearRule(
                "point",
                year="as_of_fiscal_year",
                date="as_of_date",
                precision="as_of_date_precision",
            ),
            text_columns=("name_as_published",),
            curated=False,
            in_catalog=False,
            default_columns=(
                "value_id",
                "lg_code",
                "indicator_id",
                "as_of_date",
                "value",
                "answers",
                "name_as_published",
                "as_of_fiscal_year",
            ),
        ),
        TableSpec(
            name="code_changes",
            model_path="jpdx.models:CodeChange",
            primary_key="change_id",
            title_en="Code changes",
            title_ja="廃置分合等",
            short_title="changes",
            foreign_keys=(_evidence(),),
            text_columns=("name",),
            curated=False,
            in_catalog=False,
            default_columns=(
                "change_id",
                "date",
                "kind",
                "code",
                "name",
                "old_codes",
                "new_codes",
            ),
        ),
        TableSpec(
            name="former_municipalities",
            model_path="jpdx.models:FormerMunicipality",
            primary_key="lg_code",
            title_en="Former municipalities",
            title_ja="廃止された市区町村",
            short_title="former places",
            foreign_keys=(
                ForeignKey(
                    "successor_codes", "municipalities", "lg_code", also=("former_municipalities",)
                ),
                _evidence(),
            ),
            place=("lg_code",),
            text_columns=("name", "kana"),
            curated=False,
            in_catalog=False,
            default_columns=(
                "lg_code",
                "prefecture",
                "name",
                "kana",
                "abolished",
                "change_kind",
                "successor_codes",
            ),
        ),
        TableSpec(
            name="municipalities",
            model_path="jpdx.place_model:Municipality",
            primary_key="lg_code",
            title_en="Municipalities",
            title_ja="地方公共団体",
            short_title="places",
            foreign_keys=(_evidence(),),
            place=("lg_code",),
            text_columns=("name", "kana", "romaji"),
            curated=False,
            in_catalog=False,
            default_columns=(
                "lg_code",
                "prefecture",
                "name",
                "kana",
                "romaji",
                "kind",
                "city_lg_code",
            ),
        ),
    )
)
"""The tables of this version of jpdx, in catalog order."""

TABLES: tuple[TableName, ...] = get_args(TableName)
"""Every table name, in alphabetical order (the ``TableName`` literal; a test keeps it equal
to the names of :data:`SPECS`)."""

PRIMARY_KEYS: dict[str, str] = SPECS.primary_keys

CURATED_TABLES: tuple[str, ...] = tuple(sorted(s.name for s in SPECS if s.curated))
"""Tables whose rows are curated from source documents; every row carries evidence."""
