"""Addresses of values in published JSON files, so a value's evidence re-finds it.

A value is addressed by an RFC 6901 JSON Pointer into the parsed file and carries the value
as written: a number's literal text exactly as ``json.loads(text, parse_float=str,
parse_int=str)`` yields it (``0.65``, ``1.0``: never a float rendered again), a string's
text, or ``true`` / ``false`` / ``null``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from release_builder.national.cells import RawTableError


@dataclass(frozen=True)
class JsonRef:
    """One value of a published JSON file (path relative to ``sources/reference/``)."""

    file: str
    pointer: str
    quote: str


def pointer(*tokens: str | int) -> str:
    """The JSON Pointer of a path of keys and indexes (``~`` and ``/`` escaped)."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


class Number(str):
    """A JSON number's literal text (a ``str``, told apart from a JSON string by its type)."""

    __slots__ = ()


def literal_tree(text: str) -> Any:
    """The parsed JSON text with every number kept as its literal text (:class:`Number`)."""
    return json.loads(text, parse_float=Number, parse_int=Number)


def read_literal_tree(path: Path, file: str) -> Any:
    """A JSON file's tree (:func:`literal_tree`); a file that is not UTF-8 JSON is a
    :class:`RawTableError` naming it."""
    try:
        return literal_tree(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RawTableError(f"{file}: not a UTF-8 JSON file ({error})") from error


def quote_of(value: Any) -> str:
    """A scalar of a literal tree as written: its text, or ``true``/``false``/``null``."""
    if isinstance(value, str):
        return str(value)
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    raise TypeError(f"not a scalar: {type(value).__name__}")


def resolve(tree: Any, where: str) -> Any:
    """The value at pointer ``where`` in ``tree``; a pointer that leads nowhere is a
    :class:`LookupError` naming the first token that fails."""
    node = tree
    if where == "":
        return node
    if not where.startswith("/"):
        raise LookupError(f"{where!r} is not a JSON Pointer (it must start with '/')")
    for token in where[1:].split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and str(int(key)) == key:
            if int(key) >= len(node):
                raise LookupError(f"{where}: index {key} is past the end ({len(node)} items)")
            node = node[int(key)]
        else:
            raise LookupError(f"{where}: no {key!r} here")
    return node
