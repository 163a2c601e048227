"""Municipal and prefectural boundaries: 国土数値情報 行政区域 (N03) as of 2021-01-01, in
SmartNews Media Research Institute's TopoJSON simplified to 0.1 %, as GeoJSON files of the
release (one per level; read by :func:`jpdx.boundaries`).

Municipalities come from the file with the designated cities merged, one geometry per N03
code (``N03_007``: five digits, no check digit). Each code is carried to today's 6-digit
``lg_code`` through the e-Stat code changes after 2021-01-01
(:meth:`~release_builder.national.code_changes.CodeHistory.place`); every municipality of
the MIC list must get exactly one feature, and codes that several shapes reach have their
polygons merged into one ``MultiPolygon``. Two kinds of shape are not MIC municipalities
and are left out (no code is ever invented for them): the six villages of the 北方領土
(``01695``–``01700``), which N03 lists but MIC does not, and the 所属未定地 (areas whose
municipality is undetermined; no code). A municipality the simplified file gives no shape
(null, or no polygons) is a feature with ``geometry`` null. Prefectures come from
``prefectures.json``, placed by name on the MIC list.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jpdx.maps import CREDIT, LEVELS, lookup_name
from release_builder.national.code_changes import CodeChangeError, CodeHistory, read_code_changes
from release_builder.national.mic_master import Master, read_master
from release_builder.topojson import Geometry, Topology, TopologyError, multipolygon, read_topology

FOLDER = "mlit-n03-boundaries-2021"
MUNICIPALITY_FILE = f"{FOLDER}/N03-21_210101_designated_city.json"
PREFECTURE_FILE = f"{FOLDER}/prefectures.json"
AS_OF = dt.date(2021, 1, 1)
NORTHERN_TERRITORIES = frozenset({"01695", "01696", "01697", "01698", "01699", "01700"})
"""The 北方領土 villages: N03 codes that the MIC list has no body for."""
UNDETERMINED = "所属未定地"
PUBLISHED = ("N03_001", "N03_002", "N03_003", "N03_004", "N03_007")
"""The properties of a municipal shape, kept as published."""


@dataclass(frozen=True)
class Placed:
    """Where the shapes of the municipal file went: today's code of each N03 code, and the
    geometries left out (by file index) with why."""

    codes: Mapping[str, str]
    left_out: Mapping[int, str]


def _topology(reference: Path, file: str) -> Topology:
    try:
        document = json.loads((reference / file).read_bytes())
    except (OSError, ValueError) as error:
        raise TopologyError(f"{file}: cannot read it: {error}", value=file) from error
    return read_topology(document, file)


def _only(topology: Topology, file: str) -> list[Geometry]:
    if len(topology.objects) != 1:
        raise TopologyError(f"{file}: expected one object, got {sorted(topology.objects)}")
    return next(iter(topology.objects.values()))


def place_municipal_shapes(
    geometries: list[Geometry], master: Master, history: CodeHistory
) -> Placed:
    """Today's code of each shape's N03 code, or why it is left out; raises
    :class:`TopologyError` for a shape that places nowhere and for a municipality of the
    MIC list that no shape reaches."""
    codes: dict[str, str] = {}
    left_out: dict[int, str] = {}
    for geometry in geometries:
        code = geometry.properties.get("N03_007")
        where = f"{MUNICIPALITY_FILE} geometry {geometry.index} ({dict(geometry.properties)})"
        if code is None:
            if geometry.properties.get("N03_004") != UNDETERMINED:
                raise TopologyError(f"{where}: no N03_007 code", value=where)
            left_out[geometry.index] = UNDETERMINED
            continue
        if code in NORTHERN_TERRITORIES:
            left_out[geometry.index] = "北方領土"
            continue
        try:
            today = history.place(code, AS_OF).lg_code
        except CodeChangeError as error:
            raise TopologyError(f"{where}: {error}", value=where) from error
        if today not in master.municipalities:
            raise TopologyError(f"{where}: {code} is {today} today, not in the MIC list")
        codes[code] = today
    missing = sorted(set(master.municipalities) - set(codes.values()))
    if missing:
        raise TopologyError(
            f"{MUNICIPALITY_FILE}: no shape for {len(missing)} municipalities: {missing[:20]}",
            value=missing,
        )
    return Placed(codes, left_out)


def municipality_features(
    topology: Topology, master: Master, history: CodeHistory
) -> list[dict[str, Any]]:
    """One feature per MIC municipality, in code order (see the module's notes)."""
    geometries = _only(topology, MUNICIPALITY_FILE)
    placed = place_municipal_shapes(geometries, master, history)
    shapes: dict[str, list[Geometry]] = defaultdict(list)
    for geometry in geometries:
        if geometry.index not in placed.left_out:
            shapes[placed.codes[geometry.properties["N03_007"]]].append(geometry)
    features = []
    for lg_code in sorted(shapes):
        found = shapes[lg_code]
        published = [{key: g.properties.get(key) for key in PUBLISHED} for g in found]
        if any(p != published[0] for p in published):
            raise TopologyError(
                f"{MUNICIPALITY_FILE}: geometries {[g.index for g in found]} all reach "
                f"{lg_code} but are published differently: {published}",
                value=lg_code,
            )
        body = master.municipalities[lg_code]
        polygons = [polygon for g in found for polygon in g.polygons]
        properties = {
            "lg_code": lg_code,
            "name": body.name,
            "prefecture": body.prefecture,
            "level": "municipality",
            **published[0],
        }
        features.append(_feature(properties, multipolygon(polygons, topology.transform)))
    return features


def prefecture_features(topology: Topology, master: Master) -> list[dict[str, Any]]:
    """One feature per prefecture, placed by its published name (``N03_001``)."""
    features = {}
    for geometry in _only(topology, PREFECTURE_FILE):
        name = geometry.properties.get("N03_001")
        body = master.prefectures.get(str(name))
        where = f"{PREFECTURE_FILE} geometry {geometry.index}"
        if body is None or body.lg_code in features:
            raise TopologyError(f"{where}: {name!r} is no prefecture, or a second one", value=where)
        properties = {
            "lg_code": body.lg_code,
            "name": body.name,
            "prefecture": body.name,
            "level": "prefecture",
            "N03_001": name,
        }
        features[body.lg_code] = _feature(
            properties, multipolygon(geometry.polygons, topology.transform)
        )
    if len(features) != len(master.prefectures):
        raise TopologyError(f"{PREFECTURE_FILE}: {len(features)} prefectures, not 47")
    return [features[code] for code in sorted(features)]


def _feature(properties: dict[str, Any], geometry: dict[str, Any] | None) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(level: str, features: list[dict[str, Any]]) -> bytes:
    """A level's file: a GeoJSON FeatureCollection with the credit the publisher requires,
    compact and deterministic (UTF-8)."""
    document = {
        "type": "FeatureCollection",
        "level": level,
        "as_of": AS_OF.isoformat(),
        "credit": CREDIT,
        "features": features,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def boundary_files(reference: Path) -> dict[str, bytes]:
    """The boundary files of a release, by lookup name (``boundaries-municipality``, …)."""
    master = read_master(reference)
    history = CodeHistory(read_code_changes(reference, master))
    features = {
        "municipality": municipality_features(
            _topology(reference, MUNICIPALITY_FILE), master, history
        ),
        "prefecture": prefecture_features(_topology(reference, PREFECTURE_FILE), master),
    }
    return {lookup_name(level): collection(level, features[level]) for level in LEVELS}
