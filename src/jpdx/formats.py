"""Flat text encodings of tables for CSV and terminals.

List and struct columns (``fields``, ``organization_ids``, ``evidence``) become JSON
text, e.g. ``["tourism","education"]`` and
``[{"source_id":"…","quote":"…","start":10,"end":25}]``; dates are ISO text. The
encoding is reversible with :func:`decode_nested`.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl


def nested_columns(frame: pl.DataFrame) -> list[str]:
    """Columns holding lists or structs."""
    return [n for n, t in frame.schema.items() if isinstance(t, (pl.List, pl.Struct))]


def _to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode_nested(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every list or struct column as JSON text."""
    return frame.with_columns(
        pl.Series(
            name,
            [None if v is None else _to_json(v) for v in frame.get_column(name).to_list()],
            dtype=pl.String,
        )
        for name in nested_columns(frame)
    )


def decode_nested(frame: pl.DataFrame, schema: pl.Schema) -> pl.DataFrame:
    """Undo :func:`encode_nested` given the table's schema."""
    columns = []
    for name, dtype in schema.items():
        if isinstance(dtype, (pl.List, pl.Struct)):
            columns.append(frame.get_column(name).str.json_decode(dtype))
        else:
            columns.append(frame.get_column(name).cast(dtype))
    return pl.DataFrame(columns)
