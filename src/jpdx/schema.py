"""Polars schemas derived from the record models, so each table is defined once."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from functools import cache
from typing import Annotated, Any, Union

import polars as pl

from jpdx.tablespec import TableSpec


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip ``Annotated`` and ``Optional``; return the bare type and whether None is allowed."""
    nullable = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(members) < len(typing.get_args(annotation))
            if len(members) != 1:
                return annotation, nullable  # a union of forms: see _union_struct
            annotation = members[0]
        else:
            return annotation, nullable


def polars_dtype(annotation: Any) -> pl.DataType:
    """The polars dtype that stores values of a model field's annotation."""
    from pydantic import BaseModel  # loaded with the models that give the annotations

    bare, _ = _unwrap(annotation)
    if typing.get_origin(bare) in (Union, types.UnionType):
        return _union_struct(bare)
    if typing.get_origin(bare) is tuple:
        item, ellipsis = typing.get_args(bare)
        if ellipsis is not Ellipsis:
            raise TypeError(f"only variable-length tuples are supported, got {bare!r}")
        return pl.List(polars_dtype(item))
    if isinstance(bare, type):
        if issubclass(bare, BaseModel):
            return pl.Struct(
                {name: polars_dtype(f.annotation) for name, f in bare.model_fields.items()}
            )
        if issubclass(bare, (str, enum.Enum)):
            return pl.String()
        if issubclass(bare, bool):
            return pl.Boolean()
        if issubclass(bare, int):
            return pl.Int64()
        if issubclass(bare, float):
            return pl.Float64()
        if issubclass(bare, dt.date):
            return pl.Date()
    raise TypeError(f"no polars dtype for {annotation!r}")


def _union_struct(union: Any) -> pl.Struct:
    """One struct for a union of models (the evidence forms): every member's fields, in the
    order the members and their fields are declared; a row fills its own form's fields."""
    from pydantic import BaseModel

    fields: dict[str, pl.DataType] = {}
    for member in typing.get_args(union):
        model, _ = _unwrap(member)
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise TypeError(f"unsupported union member {member!r} of {union!r}")
        for name, info in model.model_fields.items():
            dtype = polars_dtype(info.annotation)
            if fields.setdefault(name, dtype) != dtype:
                raise TypeError(f"field {name} has two types in the forms of {union!r}")
    return pl.Struct(fields)


@cache
def table_schema(spec: TableSpec) -> pl.Schema:
    """The polars schema of a table as this jpdx writes it, column order as in its model."""
    model = spec.model
    return pl.Schema({name: polars_dtype(f.annotation) for name, f in model.model_fields.items()})


def nullable_columns(spec: TableSpec) -> frozenset[str]:
    """Columns of a table that may hold nulls."""
    model = spec.model
    return frozenset(name for name, f in model.model_fields.items() if _unwrap(f.annotation)[1])


def column_enum(spec: TableSpec, column: str) -> type[enum.Enum] | None:
    """The closed vocabulary of a column (or of the items of a list column), if it has one."""
    fields = spec.model.model_fields
    if column not in fields:  # a column of an older release that today's model lacks
        return None
    bare, _ = _unwrap(fields[column].annotation)
    if typing.get_origin(bare) is tuple:
        bare, _ = _unwrap(typing.get_args(bare)[0])
    return bare if isinstance(bare, type) and issubclass(bare, enum.Enum) else None
