"""Decode TopoJSON into GeoJSON geometries (what the reference client's ``feature`` does).

A quantized topology stores each arc as integer positions, the first absolute and each
later one the difference to the one before; the ``transform`` maps an absolute integer
position ``(x, y)`` to ``(x * scale_x + translate_x, y * scale_y + translate_y)``. A
polygon's ring lists arc indices; ``~i`` (``-i - 1``) is arc ``i`` reversed. Consecutive
arcs share an end point, which the stitched ring keeps once. Only what the vendored
boundary files use is read: quantized topologies of ``Polygon`` and ``MultiPolygon``
geometries, and geometries without a shape (``type`` null, or no polygons).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from release_builder.errors import CurationError

Point = tuple[int, int]
Ring = list[Point]
Polygon = list[Ring]


class TopologyError(CurationError):
    """A TopoJSON document that is not a quantized topology of polygons: names the file and
    the geometry."""


@dataclass(frozen=True)
class Transform:
    """A topology's quantization: integer positions to longitude and latitude."""

    scale: tuple[float, float]
    translate: tuple[float, float]

    @property
    def digits(self) -> int:
        """Decimals kept for a coordinate: two more than the grid step needs, so rounding
        moves a position by at most 0.5 % of the step (the integer grid position of every
        rounded coordinate is still exact)."""
        return 2 + math.ceil(-math.log10(min(self.scale)))

    def position(self, point: Point) -> list[float]:
        """A grid position as ``[longitude, latitude]``, rounded to :attr:`digits`."""
        digits = self.digits
        return [
            round(point[0] * self.scale[0] + self.translate[0], digits),
            round(point[1] * self.scale[1] + self.translate[1], digits),
        ]


@dataclass(frozen=True)
class Geometry:
    """One geometry of a topology object: its properties and its polygons of grid positions
    (empty when the file gives it no shape)."""

    index: int
    properties: Mapping[str, Any]
    polygons: list[Polygon]


@dataclass(frozen=True)
class Topology:
    """A decoded topology: its transform and each object's geometries."""

    transform: Transform
    objects: Mapping[str, list[Geometry]]


def absolute_arcs(arcs: Sequence[Sequence[Sequence[int]]]) -> list[list[Point]]:
    """Each arc's positions as absolute grid positions (the running sums of the deltas)."""
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x, y))
        decoded.append(points)
    return decoded


def stitch(indices: Sequence[int], arcs: Sequence[list[Point]]) -> Ring:
    """A ring from its arc indices: each arc after the first drops the point it shares with
    the one before; a ring of fewer than four points repeats its first (as the reference
    client does)."""
    ring: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        if ring:
            ring.pop()
        ring.extend(arc)
    while ring and len(ring) < 4:
        ring.append(ring[0])
    return ring


def _polygons(geometry: Mapping[str, Any], arcs: Sequence[list[Point]]) -> list[Polygon]:
    kind = geometry.get("type")
    if kind is None:
        return []
    if kind == "Polygon":
        return [[stitch(ring, arcs) for ring in geometry["arcs"]]]
    if kind == "MultiPolygon":
        return [[stitch(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
    raise TypeError(f"its type is {kind!r}, not Polygon or MultiPolygon")


def read_topology(document: Mapping[str, Any], where: str) -> Topology:
    """Decode a quantized TopoJSON document (raises :class:`TopologyError` naming ``where``
    and the geometry that cannot be read)."""
    if document.get("type") != "Topology" or "transform" not in document:
        raise TopologyError(f"{where}: not a quantized TopoJSON topology", value=where)
    transform = document["transform"]
    try:
        sx, sy = (float(v) for v in transform["scale"])
        tx, ty = (float(v) for v in transform["translate"])
        arcs = absolute_arcs(document["arcs"])
    except (KeyError, TypeError, ValueError) as error:
        raise TopologyError(
            f"{where}: malformed transform or arcs ({error})", value=where
        ) from error
    objects: dict[str, list[Geometry]] = {}
    for name, collection in document["objects"].items():
        geometries = []
        for index, geometry in enumerate(collection["geometries"]):
            try:
                polygons = _polygons(geometry, arcs)
            except (KeyError, TypeError, IndexError) as error:
                raise TopologyError(
                    f"{where}: object {name} geometry {index} cannot be read ({error})",
                    value=where,
                ) from error
            geometries.append(Geometry(index, geometry.get("properties") or {}, polygons))
        objects[name] = geometries
    return Topology(Transform((sx, sy), (tx, ty)), objects)


def multipolygon(polygons: Sequence[Polygon], transform: Transform) -> dict[str, Any] | None:
    """A GeoJSON ``MultiPolygon`` of the polygons in longitude and latitude; None for none."""
    if not polygons:
        return None
    return {
        "type": "MultiPolygon",
        "coordinates": [
            [[transform.position(point) for point in ring] for ring in polygon]
            for polygon in polygons
        ],
    }
