"""The release format, read: how data releases are laid out, described and hashed.

This module and its writing half (``release_builder.release_files``) are the only places
that know the format. Under a releases folder::

    index.json                  every release: sha256 of its manifest, date published
    <version>/manifest.json     one per release: its tables, their rows, sha256 and columns
    tables/<sha256>.parquet     table files (a table is one file or, format 4 on, several
                                parts), stored once by content and shared by releases
    tables/<sha256>.json        lookup files (format 3 on; JSON lines), stored the same way

A manifest lists the release's own table set. From format 2 on it also records each
table's columns and their types, so a release is read as it was written; a format-1
manifest (release 2026.11.0) names each file instead, and its Parquet file's own schema
describes the columns. From format 3 on it may list lookup files: indexes the builder
derives from the tables (``places``: the place index of :mod:`jpdx.places.encoding`,
with the municipalities' records), so a lookup needs neither polars nor a rebuilt index,
and, from release 2026.12.2 on, ``boundaries-municipality`` and ``boundaries-prefecture``
(the GeoJSON of :mod:`jpdx.maps`); each is verified by its sha256 like a table file.
``schema_version`` is the major version of the table schemas the release was written
with: within one major, later schemas only add tables, optional
columns and enum values (see :mod:`jpdx.recordsets`).

Reading needs neither polars nor pydantic: manifests and the index are plain JSON,
parsed into the records below (named tuples and two small classes, not dataclasses,
which would import :mod:`inspect`: a quarter of ``import jpdx``), and anything malformed raises
:class:`jpdx.IntegrityError` naming the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from jpdx.calver import calver_key
from jpdx.errors import IntegrityError, UnknownVersionError

if TYPE_CHECKING:
    import polars as pl

    _Frame = TypeVar("_Frame", pl.DataFrame, pl.LazyFrame)

INDEX = "index.json"
MANIFEST = "manifest.json"
TABLE_FILES = "tables"
INDEX_FORMAT = 1
MANIFEST_FORMAT = 4
"""The newest manifest format, which the builder writes (format 1: release 2026.11.0, without
columns; format 2: release 2026.12.0, without lookup files; format 3: release 2026.12.1, one
file per table)."""
LOOKUPS: dict[str, str | None] = {
    "places": "municipalities",
    "boundaries-municipality": None,
    "boundaries-prefecture": None,
}
"""The lookup files a manifest may list, each with the table whose rows it holds (reading the
lookup is reading that table's data, what :func:`jpdx.cite` names), or None for a file of its
own (the boundaries, from release 2026.12.2 on, cited as themselves)."""

_MAX_JSON_BYTES = 4 * 1024 * 1024


def sha256_bytes(data: bytes) -> str:
    """SHA-256 of some bytes, as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def table_file(sha256: str) -> str:
    """Where a table file with this sha256 lives, relative to the releases folder."""
    return f"{TABLE_FILES}/{sha256}.parquet"


def lookup_file(sha256: str) -> str:
    """Where a lookup file with this sha256 lives, relative to the releases folder."""
    return f"{TABLE_FILES}/{sha256}.json"


def _is_sha256(value: object) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


# -- types of columns, named independently of the polars version --------------------------


def dtype_name(dtype: pl.DataType) -> str:
    """A polars dtype as the manifest names it: ``string``, ``list[string]``, ``struct{a:int64}``."""
    import polars as pl

    if isinstance(dtype, pl.List):
        inner = dtype.inner
        return f"list[{dtype_name(inner() if isinstance(inner, type) else inner)}]"
    if isinstance(dtype, pl.Struct):
        members = ",".join(f"{f.name}:{dtype_name(f.dtype)}" for f in dtype.fields)  # type: ignore[arg-type]
        return f"struct{{{members}}}"
    names = {
        pl.String: "string",
        pl.Int64: "int64",
        pl.Float64: "float64",
        pl.Boolean: "boolean",
        pl.Date: "date",
    }
    for polars_type, name in names.items():
        if dtype == polars_type:
            return name
    raise TypeError(f"the release format has no name for polars dtype {dtype!r}")


def dtype_of(name: str) -> pl.DataType:
    """The polars dtype a manifest's type name stands for (the inverse of :func:`dtype_name`)."""
    import polars as pl

    scalars: dict[str, pl.DataType] = {
        "string": pl.String(),
        "int64": pl.Int64(),
        "float64": pl.Float64(),
        "boolean": pl.Boolean(),
        "date": pl.Date(),
    }
    if name in scalars:
        return scalars[name]
    if name.startswith("list[") and name.endswith("]"):
        return pl.List(dtype_of(name[5:-1]))
    if name.startswith("struct{") and name.endswith("}"):
        fields: dict[str, pl.DataType] = {}
        for member in _top_level_split(name[7:-1]):
            field_name, colon, field_type = member.partition(":")
            if not colon:
                raise ValueError(f"not a column type: {name!r}")
            fields[field_name] = dtype_of(field_type)
        return pl.Struct(fields)
    raise ValueError(f"not a column type: {name!r}")


def _top_level_split(text: str) -> list[str]:
    """``a:int64,b:struct{c:string,d:int64}`` split at the commas outside brackets."""
    members: list[str] = []
    depth = start = 0
    for position, char in enumerate(text):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            members.append(text[start:position])
            start = position + 1
    members.append(text[start:])
    return [m for m in members if m]


def aligned(frame: _Frame, columns: tuple[tuple[str, str], ...]) -> _Frame:
    """A part of a table (a frame or a scan) with the table's columns: a column the part lacks
    (added to the table since it was written) as nulls, narrower structs cast to the table's
    types."""
    import polars as pl

    schema = frame.collect_schema()
    if tuple((name, dtype_name(dtype)) for name, dtype in schema.items()) == columns:
        return frame
    return frame.select(
        (pl.col(name) if name in schema else pl.lit(None)).cast(dtype_of(kind)).alias(name)
        for name, kind in columns
    )


# -- index ----------------------------------------------------------------------------------


class IndexEntry(NamedTuple):
    """One release in ``index.json``."""

    manifest_sha256: str
    published: str | None


class Index:
    """``index.json``: every release with its manifest's sha256 and publication date, and
    its ``versions``, oldest first."""

    __slots__ = ("releases", "versions")

    def __init__(self, releases: Mapping[str, IndexEntry]) -> None:
        self.releases = releases
        self.versions = tuple(sorted(releases, key=calver_key))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Index) and self.releases == other.releases

    @classmethod
    def parse(cls, data: bytes) -> Index:
        """The index from its bytes, or :class:`IntegrityError` saying what is wrong."""
        try:
            document = _json_object(data)
            releases = document["releases"]
            if not isinstance(releases, dict):
                raise TypeError("'releases' is not an object")
            entries = {}
            for version, entry in releases.items():
                calver_key(version)
                if not isinstance(entry, dict) or not _is_sha256(entry.get("manifest_sha256")):
                    raise TypeError(f"release {version} has no valid manifest_sha256")
                published = entry.get("published")
                if published is not None and not isinstance(published, str):
                    raise TypeError(f"release {version} has a published date that is not text")
                entries[version] = IndexEntry(entry["manifest_sha256"], published)
        except (ValueError, KeyError, TypeError, RecursionError, UnknownVersionError) as error:
            raise IntegrityError(
                f"release index {INDEX} is corrupted ({_reason(error)}); reinstall jpdx",
                value=INDEX,
            ) from error
        return cls(entries)


# -- manifest -------------------------------------------------------------------------------


class TablePart(NamedTuple):
    """One file holding rows of a table: its sha256 and its number of rows."""

    sha256: str
    rows: int

    @property
    def path(self) -> str:
        """The file's place in the releases folder."""
        return table_file(self.sha256)


class TableEntry(NamedTuple):
    """One table of a release: the files that hold its rows, its row count, and (format 2
    on) its columns.

    A table is one file, or (format 4 on) several parts whose rows follow each other: a
    large table that later releases extend keeps the rows an earlier release stored in that
    release's file, and only new or changed rows go into a new part, so the package does not
    carry the same rows twice. A part written by an earlier release may lack columns added
    since (they read as null) or have narrower struct columns (cast to the table's types).
    """

    parts: tuple[TablePart, ...]
    rows: int
    columns: tuple[tuple[str, str], ...] | None = None
    """(name, type) of every column in file order; None in format 1 (the file's own schema)."""
    file: str | None = None
    """The file name a format-1 manifest gives (kept as written); None from format 2 on."""

    @classmethod
    def one_file(
        cls, sha256: str, rows: int, columns: tuple[tuple[str, str], ...] | None = None
    ) -> TableEntry:
        """A table stored in one file."""
        return cls((TablePart(sha256, rows),), rows, columns)

    @property
    def sha256(self) -> str:
        """The sha256 of its file; for a table in parts, each part's, joined by ``+``."""
        return "+".join(part.sha256 for part in self.parts)

    @property
    def paths(self) -> tuple[str, ...]:
        """Its files' places in the releases folder, in row order."""
        return tuple(part.path for part in self.parts)

    @property
    def where(self) -> str:
        """Its files, for messages."""
        return " + ".join(self.paths)


class LookupEntry(NamedTuple):
    """One lookup file of a release (format 3 on): its sha256 and size in bytes."""

    sha256: str
    bytes: int

    @property
    def path(self) -> str:
        """The file's place in the releases folder."""
        return lookup_file(self.sha256)


_NONE: Mapping[str, Any] = MappingProxyType({})


class Manifest(NamedTuple):
    """A release's ``manifest.json``."""

    release: str
    schema_version: int
    writer: str
    tables: Mapping[str, TableEntry]
    inputs: Mapping[str, str] = _NONE
    coverage: Mapping[str, Mapping[str, int]] = _NONE
    format: int = MANIFEST_FORMAT
    lookups: Mapping[str, LookupEntry] = _NONE

    @property
    def files(self) -> tuple[str, ...]:
        """Every data file the release refers to (tables, then lookups), relative paths."""
        return tuple(
            [path for entry in self.tables.values() for path in entry.paths]
            + [entry.path for entry in self.lookups.values()]
        )

    @classmethod
    def parse(cls, data: bytes, version: str, known_tables: Mapping[str, str]) -> Manifest:
        """A manifest from its bytes (already checked against the index).

        ``known_tables`` maps each table this jpdx knows to its primary key: a manifest
        naming another table is refused.
        """
        where = f"{version}/{MANIFEST}"
        try:
            document = _json_object(data)
            form = document.get("format", 1)
            if form not in (1, 2, 3, MANIFEST_FORMAT):
                raise ValueError(f"it has format {form!r}, which this jpdx cannot read")
            if document.get("release") != version:
                raise ValueError(f"it describes release {document.get('release')!r}")
            schema_version = document["schema_version"]
            if type(schema_version) is not int or schema_version < 1:
                raise TypeError("its schema_version is not a positive integer")
            tables = document["tables"]
            if not isinstance(tables, dict) or not tables:
                raise TypeError("it lists no tables")
            entries = {
                name: _table_entry(name, entry, form, known_tables)
                for name, entry in tables.items()
            }
            lookups = _lookup_entries(document.get("lookups", {}) if form >= 3 else {})
            inputs = document.get("inputs", {})
            coverage = document.get("coverage", {})
            if not isinstance(inputs, dict) or not isinstance(coverage, dict):
                raise TypeError("its inputs or coverage are not objects")
            writer = document.get("writer")
            if not isinstance(writer, str):
                raise TypeError("it names no writer")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
            raise IntegrityError(
                f"{where} is not a valid manifest: {_reason(error)}", value=where
            ) from error
        return cls(version, schema_version, writer, entries, inputs, coverage, form, lookups)


def _lookup_entries(listed: object) -> dict[str, LookupEntry]:
    if not isinstance(listed, dict):
        raise TypeError("its lookups are not an object")
    entries = {}
    for name, entry in listed.items():
        if name not in LOOKUPS:
            raise ValueError(f"it lists lookup {name!r}, which this jpdx does not know")
        if (
            not isinstance(entry, dict)
            or set(entry) != {"sha256", "bytes"}
            or not _is_sha256(entry["sha256"])
            or type(entry["bytes"]) is not int
            or entry["bytes"] < 0
        ):
            raise ValueError(f"lookup {name} has no valid sha256 and size")
        entries[name] = LookupEntry(entry["sha256"], entry["bytes"])
    return entries


def _table_entry(
    name: object, entry: object, form: int, known_tables: Mapping[str, str]
) -> TableEntry:
    if name not in known_tables:
        raise ValueError(f"it lists table {name!r}, which this jpdx does not know")
    if not isinstance(entry, dict):
        raise TypeError(f"table {name} is not described by an object")
    if type(entry.get("rows")) is not int:
        raise ValueError(f"table {name} has no sha256 or row count")
    if entry["rows"] < 0:
        raise ValueError(f"table {name} has a negative row count")
    parts = _parts(name, entry, form)
    if form == 1:
        if entry.get("file") != f"{name}.parquet":
            raise ValueError(f"the file of table {name} is {entry.get('file')!r}")
        return TableEntry(parts, entry["rows"], None, entry["file"])
    unknown = set(entry) - {"sha256", "rows", "columns", *(("parts",) if form >= 4 else ())}
    if unknown:
        raise ValueError(f"table {name} has unknown keys {sorted(unknown)}")
    listed = entry.get("columns")
    if not isinstance(listed, list) or not listed:
        raise TypeError(f"table {name} lists no columns")
    columns = []
    for column in listed:
        if not isinstance(column, dict) or not all(
            isinstance(column.get(k), str) for k in ("name", "type")
        ):
            raise TypeError(f"table {name} has a column without a name and type")
        columns.append((column["name"], column["type"]))
    if columns[0][0] != known_tables[str(name)]:
        raise ValueError(f"table {name}'s first column is not its key {known_tables[str(name)]}")
    return TableEntry(parts, entry["rows"], tuple(columns))


def _parts(name: object, entry: dict[str, Any], form: int) -> tuple[TablePart, ...]:
    """A table entry's files: its ``sha256``, or (format 4 on) its ``parts`` in row order."""
    if form < 4 or "parts" not in entry:
        if not _is_sha256(entry.get("sha256")):
            raise ValueError(f"table {name} has no sha256 or row count")
        return (TablePart(entry["sha256"], entry["rows"]),)
    listed = entry["parts"]
    if "sha256" in entry or not isinstance(listed, list) or len(listed) < 2:
        raise ValueError(f"table {name} must list either one sha256 or two or more parts")
    parts = []
    for part in listed:
        if (
            not isinstance(part, dict)
            or set(part) != {"sha256", "rows"}
            or not _is_sha256(part["sha256"])
            or type(part["rows"]) is not int
            or part["rows"] < 0
        ):
            raise ValueError(f"table {name} has a part without a valid sha256 and row count")
        parts.append(TablePart(part["sha256"], part["rows"]))
    if sum(part.rows for part in parts) != entry["rows"]:
        raise ValueError(f"the parts of table {name} do not add up to its {entry['rows']} rows")
    return tuple(parts)


def _json_object(data: bytes) -> dict[str, Any]:
    if len(data) > _MAX_JSON_BYTES:
        raise ValueError(f"it is larger than {_MAX_JSON_BYTES} bytes")
    document = json.loads(data.decode("utf-8"))
    if not isinstance(document, dict):
        raise TypeError("it is not a JSON object")
    return document


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    if isinstance(error, KeyError):
        return f"it has no {error}"
    return str(error)
