"""The site's figures as SVG written by hand: maps drawn from GeoJSON, bars and lines.

Each figure stands alone: its title (with the date its values are about), a source line and
a description for screen readers are part of the SVG, and every mark carries a native
``<title>`` that the browser shows on hover (a place's name and value). Coordinates are
whole numbers on a canvas :data:`WIDTH` units wide, so the files are small and the same data
gives the same bytes.
"""

from __future__ import annotations

import html
import itertools
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jpdx.maps import CREDIT

WIDTH = 1120
"""The canvas width: twice the width a figure is laid out for, so whole-number coordinates
are half a pixel apart."""
PAD = 24
FONT = 36
"""Labels: about 11.5 px on a 390 px phone (the figure is about 360 px wide there)."""
TITLE_FONT = 40
SMALL_FONT = 28
LINE = 1.3

MAP_CREDIT = CREDIT
"""The credit 国土交通省 asks for wherever its 行政区域データ is shown (the boundaries' own)."""

SEQUENTIAL = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
"""ColorBrewer YlGnBu, six classes: ordered, and readable to colour-blind readers."""
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
"""Okabe–Ito: distinct to colour-blind readers."""
NOT_SURVEYED = "#8c8c8c"
EMPTY = "#d9d9d9"
NO_ROW = "#ffffff"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def text_width(text: str, size: float) -> float:
    """The approximate drawn width of ``text``: full-width characters one em, others half."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return size * (wide + 0.55 * (len(text) - wide))


def wrap(text: str, width: float, size: float, lines: int = 3) -> list[str]:
    """``text`` cut into at most ``lines`` lines no wider than ``width`` (at spaces where it
    can, anywhere in Japanese); an ellipsis marks a cut."""
    out: list[str] = []
    rest = text.strip()
    while rest and len(out) < lines:
        used, cut = 0.0, 0
        for char in rest:
            used += size if unicodedata.east_asian_width(char) in "WF" else 0.55 * size
            if used > width:
                break
            cut += 1
        if cut == len(rest):
            out.append(rest)
            rest = ""
            break
        space = rest.rfind(" ", 0, cut + 1)
        if space > cut // 2:
            cut = space
        out.append(rest[: max(cut, 1)].rstrip())
        rest = rest[max(cut, 1) :].lstrip()
    if rest:
        out[-1] = out[-1][:-1] + "…"
    return out


def sentences(text: str, width: float, size: float) -> list[str]:
    """``text`` as lines: a new line after each Japanese full stop, each sentence wrapped to
    nine tenths of ``width`` (the drawn width of a font differs from the estimate)."""
    parts = text.replace("。", "。\n").splitlines()
    return [line for part in parts if part.strip() for line in wrap(part, 0.9 * width, size)]


def number(value: float | None, unit: str | None = None) -> str:
    """A value as a reader reads it: thousands separators, no trailing ``.0``, no exponent."""
    if value is None:
        return ""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"{text} {unit}" if unit and unit != "%" else f"{text}%" if unit == "%" else text


@dataclass(frozen=True)
class Figure:
    """An SVG figure: the marks (``body``, ``height`` units tall) under a title, above a
    legend and a source line."""

    title: str
    alt: str
    source: Sequence[str]
    body: str
    height: int
    legend: Sequence[tuple[str, str]] = ()
    """(fill colour, label) pairs."""

    def svg(self) -> bytes:
        title = wrap(self.title, WIDTH - 2 * PAD, TITLE_FONT, lines=4)
        top = 1.5 * PAD + len(title) * TITLE_FONT * LINE
        legend, legend_height = _legend(self.legend, top + self.height + PAD)
        sources = [line for s in self.source for line in sentences(s, WIDTH - 2 * PAD, SMALL_FONT)]
        bottom = top + self.height + PAD + legend_height
        height = math.ceil(bottom + len(sources) * SMALL_FONT * LINE + PAD)
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH // 2}" height="{height // 2}" role="img" '
            f'font-family="sans-serif" font-size="{FONT}">',
            f"<title>{esc(self.title)}</title>",
            f"<desc>{esc(self.alt)}</desc>",
            f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
        ]
        for i, line in enumerate(title):
            y = round(PAD + (i + 0.8) * TITLE_FONT * LINE)
            parts.append(
                f'<text x="{PAD}" y="{y}" font-size="{TITLE_FONT}" font-weight="bold">'
                f"{esc(line)}</text>"
            )
        parts.append(f'<g transform="translate(0 {round(top)})">{self.body}</g>')
        parts.append(legend)
        for i, line in enumerate(sources):
            y = round(bottom + (i + 0.8) * SMALL_FONT * LINE)
            parts.append(
                f'<text x="{PAD}" y="{y}" font-size="{SMALL_FONT}" fill="#444">{esc(line)}</text>'
            )
        parts.append("</svg>")
        return ("\n".join(parts) + "\n").encode()


def _legend(items: Sequence[tuple[str, str]], top: float) -> tuple[str, int]:
    """Swatches and labels, flowing into rows across the canvas; a label too long for a row
    wraps onto a second line."""
    if not items:
        return "", 0
    x: float = PAD
    y, parts = top, []
    line_height = FONT * 1.2
    row_lines = 1
    for colour, label in items:
        lines = wrap(label, WIDTH - 2 * PAD - 70, FONT, lines=2)
        width = 40 + max(text_width(line, FONT) for line in lines) + 30
        if x + width > WIDTH - PAD and x > PAD:
            x, y = PAD, y + FONT * 0.4 + row_lines * line_height
            row_lines = 1
        row_lines = max(row_lines, len(lines))
        parts.append(
            f'<rect x="{round(x)}" y="{round(y)}" width="30" height="30" fill="{colour}" '
            f'stroke="#666" stroke-width="1"/>'
        )
        parts.extend(
            f'<text x="{round(x + 40)}" y="{round(y + 26 + k * line_height)}">{esc(line)}</text>'
            for k, line in enumerate(lines)
        )
        x += width
    return "".join(parts), round(y + FONT * 0.4 + row_lines * line_height - top)


# --- maps -------------------------------------------------------------------------------

MIN_STEP = 2
"""The least distance (in canvas units, half a pixel each) between two points of a ring."""
_COS = math.cos(math.radians(36))
_WEST, _EAST, _NORTH, _SOUTH = 128.4, 146.0, 45.6, 30.0
_SCALE = (WIDTH - 2 * PAD) / ((_EAST - _WEST) * _COS)
MAP_HEIGHT = round((_NORTH - _SOUTH) * _SCALE)

_INSETS = (
    # (which rings: west, east, south, north), (shift: lon, lat), label
    ((122.0, 132.0, 24.0, 30.0), (5.8, 15.2), "南西諸島 Nansei Islands"),
    ((140.5, 143.0, 24.0, 28.0), (1.2, 6.3), "小笠原 Ogasawara"),
)
"""Islands far to the south, drawn in boxes on empty sea: (the rings they take, by the
centre of their bounding box), the shift of their longitude and latitude, their label."""


def _shift(ring: Sequence[Sequence[float]]) -> tuple[float, float] | None:
    """Where a ring is drawn: no shift in the main frame, an inset's shift, or None (off
    every frame: 沖ノ鳥島, 南鳥島)."""
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    lon, lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    if _WEST <= lon <= _EAST and _SOUTH <= lat <= _NORTH:
        return (0.0, 0.0)
    for (west, east, south, north), shift, _ in _INSETS:
        if west <= lon <= east and south <= lat <= north:
            return shift
    return None


def _xy(lon: float, lat: float) -> tuple[int, int]:
    return round(PAD + (lon - _WEST) * _COS * _SCALE), round((_NORTH - lat) * _SCALE)


def _ring_path(ring: Sequence[Sequence[float]]) -> str:
    shift = _shift(ring)
    if shift is None:
        return ""
    points: list[tuple[int, int]] = []
    for lon, lat, *_ in ring:
        point = _xy(lon + shift[0], lat + shift[1])
        # a point less than a pixel (two units) from the last one kept adds nothing seen
        if not points or abs(point[0] - points[-1][0]) + abs(point[1] - points[-1][1]) >= MIN_STEP:
            points.append(point)
    if len(points) < 3:
        return ""
    x0, y0 = points[0]
    steps = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(points))
    return f"M{x0} {y0}l{steps}z"


def geometry_path(geometry: Mapping[str, Any] | None) -> str:
    """A GeoJSON Polygon or MultiPolygon as one SVG path (holes by the even-odd rule); empty
    for a place without a shape (islands the simplified boundaries lost)."""
    if geometry is None:
        return ""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return "".join(_ring_path(ring) for polygon in polygons for ring in polygon)


@dataclass(frozen=True)
class Basemap:
    """Boundaries as SVG paths, projected once: one path per ``lg_code``, and the outlines
    drawn over them."""

    paths: Mapping[str, str]
    names: Mapping[str, str]
    outlines: str

    @classmethod
    def of(cls, areas: Mapping[str, Any], outlines: Mapping[str, Any] | None) -> Basemap:
        """From GeoJSON FeatureCollections whose features carry ``lg_code`` and ``name``."""
        paths = {
            f["properties"]["lg_code"]: geometry_path(f["geometry"]) for f in areas["features"]
        }
        names = {f["properties"]["lg_code"]: f["properties"]["name"] for f in areas["features"]}
        lines = "".join(geometry_path(f["geometry"]) for f in (outlines or {}).get("features", []))
        return cls(paths, names, lines)

    def draw(self, fills: Mapping[str, tuple[str, str]], highlight: str | None = None) -> str:
        """The map: each area filled with its colour and titled with its hover text
        (``fills``: lg_code → (colour, text)); an area without one is left white."""
        parts = ['<g stroke="#fff" stroke-width="0.6" fill-rule="evenodd">']
        for code, path in self.paths.items():
            if not path:
                continue
            colour, text = fills.get(code, (NO_ROW, self.names.get(code, code)))
            parts.append(f'<path d="{path}" fill="{colour}"><title>{esc(text)}</title></path>')
        parts.append("</g>")
        if self.outlines:
            parts.append(
                f'<path d="{self.outlines}" fill="none" stroke="#555" stroke-width="1.4" '
                'fill-rule="evenodd" pointer-events="none"/>'
            )
        if highlight and self.paths.get(highlight):
            parts.append(
                f'<path d="{self.paths[highlight]}" fill="none" stroke="#d00" stroke-width="5" '
                'pointer-events="none"/>'
            )
        for (west, east, south, north), (dlon, dlat), label in _INSETS:
            x0, y0 = _xy(west + dlon + 0.4, north + dlat)
            x1, y1 = _xy(min(east, west + 8.6) + dlon, south + dlat)
            parts.append(
                f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="none" '
                f'stroke="#999" stroke-dasharray="6 6"/><text x="{x0 + 8}" y="{y0 + SMALL_FONT + 6}" '
                f'font-size="{SMALL_FONT}" fill="#555">{esc(label)}</text>'
            )
        return "".join(parts)


# --- scales -----------------------------------------------------------------------------


def _nice(value: float) -> float:
    """``value`` rounded to two significant figures."""
    if value == 0:
        return 0.0
    digits = 1 - math.floor(math.log10(abs(value)))
    return round(value, digits)


def classes(values: Iterable[float], count: int = len(SEQUENTIAL)) -> list[float]:
    """Upper bounds of up to ``count`` classes holding about as many values each (quantiles,
    rounded to two significant figures); the last bound is the largest value."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds: list[float] = []
    for i in range(1, count):
        bound = _nice(ordered[min(len(ordered) - 1, round(i * len(ordered) / count))])
        if bound < ordered[-1] and (not bounds or bound > bounds[-1]):
            bounds.append(bound)
    return [*bounds, ordered[-1]]


def class_of(value: float, bounds: Sequence[float]) -> int:
    return next((i for i, bound in enumerate(bounds) if value <= bound), len(bounds) - 1)


def class_labels(bounds: Sequence[float], unit: str | None, low: float) -> list[str]:
    """``low – b1``, ``> b1 – b2``, … for the legend."""
    labels, previous = [], None
    for bound in bounds:
        start = number(low, None) if previous is None else "> " + number(previous, None)
        labels.append(f"{start} – {number(bound, unit)}")
        previous = bound
    return labels


# --- charts -----------------------------------------------------------------------------


def hbars(
    rows: Sequence[tuple[str, float, str]], colour: str, maximum: float, value_label: str
) -> tuple[str, int]:
    """Horizontal bars, one a row: (label, length, hover text); the label above its bar so
    that long Japanese labels keep the width."""
    parts, y = [], 0
    span = WIDTH - 2 * PAD - 200
    for label, length, hover in rows:
        parts.append(
            f'<text x="{PAD}" y="{y + FONT}">{esc(wrap(label, WIDTH - 2 * PAD, FONT, 1)[0])}</text>'
        )
        width = round(span * length / maximum) if maximum else 0
        parts.append(
            f'<rect x="{PAD}" y="{y + FONT + 8}" width="{max(width, 2)}" height="{FONT}" '
            f'fill="{colour}"><title>{esc(hover)}</title></rect>'
            f'<text x="{PAD + max(width, 2) + 10}" y="{y + 2 * FONT + 2}">{esc(value_label.format(length))}</text>'
        )
        y += round(2 * FONT + 24)
    return "".join(parts), y


def histogram(
    counts: Sequence[tuple[float, float, int]], unit: str | None, axis: str
) -> tuple[str, int]:
    """Columns of counts per bin (low, high, count), with hover text, axis labels under."""
    height, left, bottom = 420, PAD + 140, 420
    span = WIDTH - left - PAD
    peak = max((c for _, _, c in counts), default=0) or 1
    step = span / max(len(counts), 1)
    parts = [f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - PAD}" y2="{bottom}" stroke="#333"/>']
    for tick in _ticks(peak):
        y = round(bottom - (height - 20) * tick / peak)
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{WIDTH - PAD}" y2="{y}" stroke="#ddd"/>'
            f'<text x="{left - 10}" y="{y + 10}" text-anchor="end">{number(tick)}</text>'
        )
    for i, (low, high, count) in enumerate(counts):
        h = round((height - 20) * count / peak)
        x = round(left + i * step)
        parts.append(
            f'<rect x="{x + 1}" y="{bottom - h}" width="{max(round(step) - 2, 1)}" height="{h}" '
            f'fill="{SEQUENTIAL[4]}"><title>{esc(number(low, unit))} – {esc(number(high, unit))}: '
            f"{count:,}</title></rect>"
        )
    labels = [counts[0][0], counts[len(counts) // 2][0], counts[-1][1]] if counts else []
    for j, value in enumerate(labels):
        x = left if j == 0 else left + span // 2 if j == 1 else WIDTH - PAD
        anchor = ("start", "middle", "end")[j]
        parts.append(
            f'<text x="{round(x)}" y="{bottom + FONT + 6}" text-anchor="{anchor}">'
            f"{esc(number(value, unit))}</text>"
        )
    axis_lines = wrap(axis, WIDTH - 2 * PAD, FONT, lines=2)
    for k, line in enumerate(axis_lines):
        parts.append(
            f'<text x="{WIDTH // 2}" y="{bottom + (2 + k) * FONT + 20}" text-anchor="middle">'
            f"{esc(line)}</text>"
        )
    return "".join(parts), bottom + (1 + len(axis_lines)) * FONT + 30


def _ticks(peak: float, count: int = 4) -> list[float]:
    raw = peak / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(1, count + 2) if step * i <= peak]


def lines(
    series: Sequence[tuple[str, Sequence[tuple[float, float]], str, float]],
    x_labels: Sequence[tuple[float, str]],
    y_max: float,
    unit: str | None,
) -> tuple[str, int]:
    """Lines over time: (hover text, points (x 0–1, y), colour, width) each; the last drawn
    on top."""
    ticks = [(tick, number(tick, unit)) for tick in [0.0, *_ticks(y_max)]]
    widest = max(text_width(label, FONT) for _, label in ticks)
    height, left, bottom = 520, round(PAD + max(140, widest + 10)), 540
    span = WIDTH - left - PAD
    parts = []
    for tick, label in ticks:
        y = round(bottom - height * tick / y_max)
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{WIDTH - PAD}" y2="{y}" stroke="#ddd"/>'
            f'<text x="{left - 10}" y="{y + 10}" text-anchor="end">{esc(label)}</text>'
        )
    for hover, points, colour, width in series:
        xy = " ".join(
            f"{round(left + span * x)},{round(bottom - height * y / y_max)}" for x, y in points
        )
        parts.append(
            f'<polyline points="{xy}" fill="none" stroke="{colour}" stroke-width="{width}">'
            f"<title>{esc(hover)}</title></polyline>"
        )
    for x, label in x_labels:  # low enough to clear the y axis's lowest label
        half = text_width(label, FONT) / 2  # kept inside the canvas
        centre = min(left + span * x, WIDTH - half)
        parts.append(
            f'<text x="{round(centre)}" y="{bottom + FONT + 16}" text-anchor="middle">'
            f"{esc(label)}</text>"
        )
    return "".join(parts), bottom + FONT + 26


def _bbox(path: str) -> tuple[int, int, int, int]:
    """The bounding box of a path of :func:`geometry_path` (``M x y l dx dy … z`` rings)."""
    xs: list[int] = []
    ys: list[int] = []
    for ring in path.split("M")[1:]:
        start, _, steps = ring.rstrip("z").partition("l")
        x, y = (int(n) for n in start.split())
        xs.append(x)
        ys.append(y)
        numbers = [int(n) for n in steps.split()]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def region_svg(basemap: Basemap, codes: Sequence[str], title: str, source: str) -> bytes:
    """A small map of some areas, cropped to them; the area a page points to with the
    fragment ``#m<lg_code>`` is drawn red (CSS ``:target``), each is titled on hover."""
    drawn = [c for c in codes if basemap.paths.get(c)]
    boxes = [_bbox(basemap.paths[c]) for c in drawn]
    x0, y0 = min(b[0] for b in boxes) - 8, min(b[1] for b in boxes) - 8
    x1, y1 = max(b[2] for b in boxes) + 8, max(b[3] for b in boxes) + 8
    width = x1 - x0
    size = max(width / 46, (y1 - y0) / 60)  # a sentence of the credit fits the width
    credit = sentences(source, width - 8, size)
    bottom = y1 + round(size * (0.6 + 1.3 * len(credit)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0} {y0} {width} {bottom - y0}" '
        f'role="img" font-family="sans-serif">',
        f"<title>{esc(title)}</title>",
        "<style>path{fill:#dfe6f2;stroke:#fff;stroke-width:"
        f"{max(width / 400, 0.5):.1f}}}path:hover{{fill:#9ab}}path:target{{fill:#d33}}</style>",
        f'<rect x="{x0}" y="{y0}" width="{width}" height="{bottom - y0}" fill="#fff"/>',
    ]
    for code in drawn:
        parts.append(
            f'<path id="m{code}" d="{basemap.paths[code]}" fill-rule="evenodd">'
            f"<title>{esc(basemap.names.get(code, code))}</title></path>"
        )
    for i, line in enumerate(credit):
        parts.append(
            f'<text x="{x0 + 4}" y="{y1 + round(size * (1.4 + 1.3 * i))}" '
            f'font-size="{size:.1f}" fill="#444">{esc(line)}</text>'
        )
    parts.append("</svg>")
    return ("\n".join(parts) + "\n").encode()
