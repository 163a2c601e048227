"""CalVer release names: ``YYYY.MM.PATCH``."""

from __future__ import annotations

import re

from jpdx.errors import InvalidArgumentError, UnknownVersionError, describe

_CALVER = re.compile(r"(\d{4})\.(0[1-9]|1[0-2])\.(0|[1-9]\d*)")


def calver_key(version: object) -> tuple[int, int, int]:
    """The sort key of a CalVer release name; raises for anything else."""
    if not isinstance(version, str):
        raise InvalidArgumentError(
            f"a release version is a string like '2026.11.0', got {type(version).__name__} "
            f"{describe(version)}",
            value=version,
        )
    match = _CALVER.fullmatch(version)
    if not match:
        raise UnknownVersionError(
            f"{describe(version)} is not a release version; versions are CalVer YYYY.MM.PATCH "
            "such as '2026.11.0'",
            value=version,
        )
    year, month, patch = (int(part) for part in match.groups())
    return year, month, patch
