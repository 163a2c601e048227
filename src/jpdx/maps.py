"""Municipal and prefectural boundaries as GeoJSON, from the release's verified files.

From release 2026.12.2 on, a release stores one GeoJSON FeatureCollection per level
(:data:`LEVELS`): 国土数値情報 行政区域 (N03) as of 2021-01-01, simplified to 0.1 % by
SmartNews Media Research Institute, each feature keyed by today's 6-digit ``lg_code``. Reading
one needs neither polars nor pydantic: the file is verified against its sha256 in the
manifest and parsed with :mod:`json`; every call returns a new dict, safe to modify.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jpdx.errors import IntegrityError, NotInReleaseError, UnknownValueError

if TYPE_CHECKING:
    from jpdx.store import Store

LEVELS = ("municipality", "prefecture")
"""The levels a release has boundaries for."""
CREDIT = (
    "出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成。"
    "Boundaries as of 2021-01-01, simplified to 0.1 % by SmartNews Media Research Institute "
    "(japan-topography)."
)
"""The credit line 国土交通省 requires wherever the boundaries are shown or passed on."""
_PREFIX = "boundaries-"


def lookup_name(level: str) -> str:
    """The name of a level's file among a release's lookup files."""
    return f"{_PREFIX}{level}"


def is_boundaries(name: str) -> bool:
    """True for the name of a boundaries file (as :func:`jpdx.cite` lists what was read)."""
    return name.startswith(_PREFIX)


def boundaries(store: Store, level: object, version: object = None) -> dict[str, Any]:
    """A level's FeatureCollection from a release (see :func:`jpdx.boundaries`)."""
    if not isinstance(level, str) or level not in LEVELS:
        raise UnknownValueError.unknown("boundary level", level, LEVELS)
    release = store.resolve(version)
    name = lookup_name(level)
    data = store.lookup_bytes(name, release)
    if data is None:
        having = tuple(v for v in store.versions() if name in store.manifest(v).lookups)
        raise NotInReleaseError(
            f"release {release} has no boundaries; releases that have them: "
            f"{', '.join(having) or 'none bundled'}",
            value=release,
            choices=having,
        )
    document: dict[str, Any] = json.loads(data)
    if document.get("type") != "FeatureCollection" or document.get("level") != level:
        raise IntegrityError(
            f"the {name} file of release {release} is not a FeatureCollection of {level} "
            "boundaries; reinstall jpdx",
            value=name,
        )
    document["release"] = release
    entry = store.manifest(release).lookups[name]
    store.note_read(name, release, entry.sha256, len(document["features"]))
    return document
