"""Export a release as files that other tools read: Parquet or CSV, with a Frictionless
Data Package descriptor (``datapackage.json``).

The descriptor gives every column's type, description (English, and Japanese under
``description_ja``), nullability, closed vocabulary (``enum`` constraint, with ja/en labels
under ``categories``), pattern and bounds, each table's primary key and foreign keys, and
the size and sha256 of every file.

Parquet files are the release's own files, byte for byte (their sha256 equals the
release manifest's). CSV files are UTF-8 without a byte-order mark, comma-separated, with
a header row; an empty field is a null; dates are ISO ``YYYY-MM-DD``; list and struct
columns (``fields``, ``organization_ids``, ``evidence``) are JSON text as described in
:mod:`jpdx.formats`. :func:`read_csv` reads such a file back into the table's types.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar

import polars as pl

from jpdx.citation import AUTHOR, TITLE
from jpdx.codebook import columns, json_schema
from jpdx.errors import ExportError, UnknownColumnError, UnknownTableError, UnknownValueError
from jpdx.formats import decode_nested, encode_nested
from jpdx.schema import table_schema
from jpdx.store import Store
from jpdx.tablespec import SPECS

if TYPE_CHECKING:
    from polars.datatypes import DataTypeClass

DESCRIPTOR = "datapackage.json"
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


class ExportFormat(ABC):
    """One file format a release can be exported as."""

    name: ClassVar[str]
    media_type: ClassVar[str]

    @abstractmethod
    def encode(self, store: Store, table: str, version: str) -> bytes:
        """The bytes of one table's file."""

    nested_note: ClassVar[str] = ""
    """Said of list and struct columns in this format."""

    def describe(self, resource: dict[str, Any], schema: dict[str, Any]) -> None:  # noqa: B027
        """Add what this format needs to a table's resource and Table Schema (default: nothing)."""


class Parquet(ExportFormat):
    """The release's own Parquet files, byte for byte."""

    name = "parquet"
    media_type = "application/vnd.apache.parquet"

    def encode(self, store: Store, table: str, version: str) -> bytes:
        store.scan(table, version)  # checks the file's rows and key, and records the read
        return store.table_bytes(table, version)


class CSV(ExportFormat):
    """UTF-8 CSV with a header row; nested columns as JSON text (:mod:`jpdx.formats`)."""

    name = "csv"
    media_type = "text/csv"

    def encode(self, store: Store, table: str, version: str) -> bytes:
        return encode_nested(store.frame(table, version)).write_csv().encode("utf-8")

    nested_note = "In CSV: JSON text."

    def describe(self, resource: dict[str, Any], schema: dict[str, Any]) -> None:
        resource["encoding"] = "utf-8"
        resource["dialect"] = {"header": True, "delimiter": ",", "quoteChar": '"'}
        schema["missingValues"] = [""]


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (Parquet(), CSV())}
"""The export formats by name; adding one means adding one class here."""
_CONSTRAINT_KEYWORDS = {
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "minLength": "minLength",
    "minItems": "minLength",
}
"""JSON Schema keywords of the models → Table Schema constraints."""
_FIELD_TYPES: dict[object, str] = {
    pl.String: "string",
    pl.Int64: "integer",
    pl.Float64: "number",
    pl.Boolean: "boolean",
    pl.Date: "date",
    pl.List: "array",
    pl.Struct: "object",
}


def _field_type(dtype: pl.DataType | DataTypeClass) -> str:
    return _FIELD_TYPES[dtype.base_type()]


def _json_branch(prop: Mapping[str, Any]) -> Mapping[str, Any]:
    """The non-null alternative of an optional property's JSON Schema."""
    for branch in prop.get("anyOf", ()):
        if branch.get("type") != "null":
            return dict(branch)
    return prop


def _constraints(prop: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: prop[keyword] for keyword, name in _CONSTRAINT_KEYWORDS.items() if keyword in prop
    }


def _item_references(table: str) -> dict[str, str]:
    """Notes on the references from inside list or struct columns, which Table Schema's
    ``foreignKeys`` cannot state: column → "Each item refers to …"."""
    notes = {}
    for fk in SPECS[table].foreign_keys:
        column, _, member = fk.column.partition(".")
        subject = f"Each item's {member}" if member else "Each item"
        targets = " or ".join(f"{target}.{fk.target_column}" for target in fk.targets)
        notes[column] = f"{subject} refers to {targets}."
    return notes


def table_descriptor(
    table: str, format: ExportFormat, present: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The Frictionless Table Schema of a table as exported in ``format``.

    ``present`` lists the columns the exported release has (an older release may lack
    columns that today's model adds); by default, every column of the model.
    """
    spec = SPECS[table]
    schema = table_schema(spec)
    properties = json_schema(table)["properties"]
    references = _item_references(table)
    fields = []
    for column in columns(table):
        if present is not None and column.name not in present:
            continue
        dtype = schema[column.name]
        prop = _json_branch(properties[column.name])
        field: dict[str, Any] = {
            "name": column.name,
            "type": _field_type(dtype),
            "description": column.description_en,
            "description_ja": column.description_ja,
        }
        constraints = _constraints(prop)
        if not column.nullable:
            constraints["required"] = True
        vocabulary = column.vocabulary
        if field["type"] == "array":
            assert isinstance(dtype, pl.List)
            item: dict[str, Any] = {"type": _field_type(dtype.inner)}
            item_constraints = _constraints(_json_branch(prop.get("items", {})))
            if vocabulary:
                item_constraints["enum"] = [m.value for m in vocabulary]
            if item_constraints:
                item["constraints"] = item_constraints
            field["arrayItem"] = item
        elif vocabulary:
            constraints["enum"] = [m.value for m in vocabulary]
        if vocabulary:
            field["categories"] = [
                {"value": m.value, "label": f"{m.ja} / {m.en}"} for m in vocabulary
            ]
        if constraints:
            field["constraints"] = constraints
        notes = []
        if field["type"] in ("array", "object") and format.nested_note:
            notes.append(format.nested_note)
        if column.name in references and field["type"] in ("array", "object"):
            notes.append(references[column.name])
        if notes:
            field["description"] = " ".join([column.description_en, *notes])
        fields.append(field)
    scalar = {f["name"] for f in fields if f["type"] not in ("array", "object")}
    foreign_keys = []
    for fk in spec.foreign_keys:
        if fk.column not in scalar or fk.also:
            continue  # Table Schema keys cannot refer from inside lists, nor to one of two tables
        target = "" if fk.target == table else fk.target  # "": this same table
        foreign_keys.append(
            {"fields": [fk.column], "reference": {"resource": target, "fields": [fk.target_column]}}
        )
    descriptor: dict[str, Any] = {"fields": fields, "primaryKey": [spec.primary_key]}
    if foreign_keys:
        descriptor["foreignKeys"] = foreign_keys
    return descriptor


def datapackage(
    version: str,
    format: ExportFormat,
    files: Mapping[str, bytes],
    present: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor of exported table files (``present``: the
    columns each table has in the exported release)."""
    resources = []
    for table, data in files.items():
        schema = table_descriptor(table, format, present[table] if present else None)
        resource: dict[str, Any] = {
            "name": table,
            "type": "table",
            "path": f"{table}.{format.name}",
            "format": format.name,
            "mediatype": format.media_type,
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "description": (SPECS[table].model.__doc__ or "").strip(),
            "schema": schema,
        }
        format.describe(resource, schema)
        resources.append(resource)
    return {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": "jpdx",
        "title": TITLE,
        "description": (
            f"Data release {version} of jpdx. Every curated row carries verbatim evidence "
            "quotes of the source documents listed in the sources table."
            + (
                " In the CSV files an empty field is a null, dates are ISO YYYY-MM-DD and "
                "list or struct columns are JSON text."
                if format.name == "csv"
                else ""
            )
        ),
        "version": version,
        "licenses": [
            {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}
        ],
        "contributors": [{"title": AUTHOR, "roles": ["creator"]}],
        "sources": [
            {
                "title": "Ministry of Internal Affairs and Communications (総務省), "
                "全国地方公共団体コード (municipalities table)"
            },
            {"title": "Public documents listed in the sources table (every other table)"},
        ],
        "resources": resources,
    }


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def export(store: Store, to: str | os.PathLike[str], format: str, version: str | None) -> Path:
    """Write every table of a release and its ``datapackage.json`` into folder ``to``.

    The folder is created if needed; files of the same names are replaced. Returns the
    path of ``datapackage.json``.
    """
    chosen = FORMATS.get(format) if isinstance(format, str) else None
    if chosen is None:
        raise UnknownValueError.unknown("export format", format, FORMATS)
    release = store.resolve(version)
    target = Path(to)
    if target.exists() and not target.is_dir():
        raise ExportError(
            f"cannot export to {str(target)!r}: it exists and is not a folder", value=str(target)
        )
    tables = store.tables(release)
    files = {table: chosen.encode(store, table, release) for table in tables}
    present = {table: tuple(store.schema(table, release)) for table in tables}
    descriptor = json.dumps(
        datapackage(release, chosen, files, present), ensure_ascii=False, indent=2
    )
    try:
        target.mkdir(parents=True, exist_ok=True)
        for table, data in files.items():
            _write(target / f"{table}.{chosen.name}", data)
        _write(target / DESCRIPTOR, f"{descriptor}\n".encode())
    except OSError as error:
        raise ExportError(
            f"cannot export to {str(target)!r}: {error.strerror or error}", value=str(target)
        ) from error
    return target / DESCRIPTOR


def read_csv(source: str | os.PathLike[str] | IO[bytes], table: str) -> pl.DataFrame:
    """Read a CSV file (or binary stream) written by :func:`export` back into the table's
    polars types. A file of an older release has a subset of today's columns, each of
    today's type: it is read with exactly its own columns."""
    if table not in SPECS:
        raise UnknownTableError.unknown("table", table, SPECS.names)
    today = table_schema(SPECS[table])
    data = source.read() if hasattr(source, "read") else Path(os.fspath(source)).read_bytes()
    header = pl.read_csv(io.BytesIO(data), n_rows=0).columns
    unknown = [c for c in header if c not in today]
    if unknown:
        raise UnknownColumnError.unknown(f"column of {table}", unknown[0], list(today))
    schema = pl.Schema({c: today[c] for c in header})
    flat = {
        name: pl.String() if isinstance(dtype, (pl.List, pl.Struct)) else dtype
        for name, dtype in schema.items()
    }
    return decode_nested(pl.read_csv(io.BytesIO(data), schema=flat), schema)
