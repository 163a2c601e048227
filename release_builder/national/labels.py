"""The label files of the national imports: the question texts, answer vocabularies, measures
and units that an import needs beside its published files, kept as TOML in the dataset's folder
under ``sources/reference/`` (inputs of the build like the files they describe)."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from release_builder.errors import CurationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@lru_cache(maxsize=32)
def _read(path: Path, size: int, mtime_ns: int) -> dict[str, Any]:
    with path.open("rb") as handle:
        labels: dict[str, Any] = tomllib.load(handle)
    return labels


def read_labels(reference: Path, file: str) -> dict[str, Any]:
    """The label file ``file`` (its path under ``reference``), parsed; a missing or malformed
    file is a :class:`CurationError` naming it."""
    path = reference / file
    try:
        stat = path.stat()
        return _read(path, stat.st_size, stat.st_mtime_ns)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CurationError(f"{file}: cannot read the labels: {error}", value=file) from error
