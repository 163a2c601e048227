"""Boundaries: the TopoJSON decoder against an independent encoding, the release's GeoJSON
files re-derived from the raw files (every MIC body exactly once, nothing invented), their
credit, verification and errors, and ``jpdx.boundaries()`` without polars or pydantic.

The release with boundaries is 2026.12.2. Until it is bundled, the tests read a copy of the
bundled releases to which the builder's boundary files are added as that release (its
tables those of the newest bundled release); once it is bundled, they read it, and check
that its files are the builder's.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from release_builder import release_files
from release_builder.national import boundaries as nb
from release_builder.national.code_changes import CodeHistory, read_code_changes
from release_builder.national.mic_master import read_master
from release_builder.topojson import TopologyError, read_topology

import jpdx
import jpdx.store
from jpdx import release_format
from jpdx.citation import cite
from jpdx.maps import CREDIT, LEVELS, boundaries, lookup_name
from jpdx.published import PUBLISHED, PUBLISHED_ON
from jpdx.store import Store

from .conftest import RELEASES, ROOT, SOURCES

VERSION = "2026.12.2"
REFERENCE = SOURCES / "reference"
RAW = {
    "municipality": json.loads((REFERENCE / nb.MUNICIPALITY_FILE).read_bytes()),
    "prefecture": json.loads((REFERENCE / nb.PREFECTURE_FILE).read_bytes()),
}
BUILT = nb.boundary_files(REFERENCE)
NO_SHAPE = {"利島村", "青ヶ島村", "太地町", "上島町", "姫島村", "座間味村", "粟国村", "渡名喜村"}
"""Municipalities the simplified file gives no shape (read from the file by hand: seven with
``type`` null, 太地町 a MultiPolygon without polygons)."""


def _raw_geometries(level: str) -> list[dict[str, Any]]:
    (collection,) = RAW[level]["objects"].values()
    return list(collection["geometries"])


# -- the decoder --------------------------------------------------------------------------------


def _encode(rings: list[list[tuple[int, int]]], cuts: list[int], reverse: list[bool]) -> Any:
    """A topology of one polygon per ring, each ring cut into arcs, some stored reversed:
    the encoding written independently of the decoder."""
    arcs: list[list[list[int]]] = []
    geometries = []
    for ring, cut, backwards in zip(rings, cuts, reverse, strict=True):
        closed = [*ring, ring[0]]
        at = 1 + cut % (len(closed) - 2)
        indices = []
        for piece in (closed[: at + 1], closed[at:]):
            stored = piece[::-1] if backwards else piece
            deltas = [list(stored[0])] + [
                [b[0] - a[0], b[1] - a[1]] for a, b in itertools.pairwise(stored)
            ]
            arcs.append(deltas)
            indices.append(~(len(arcs) - 1) if backwards else len(arcs) - 1)
        geometries.append({"type": "Polygon", "arcs": [indices], "properties": {}})
    return geometries, arcs


points = st.tuples(st.integers(0, 99_999), st.integers(0, 99_999))


@given(
    rings=st.lists(st.lists(points, min_size=3, max_size=12, unique=True), min_size=1, max_size=4),
    cuts=st.lists(st.integers(0, 100), min_size=4, max_size=4),
    reverse=st.lists(st.booleans(), min_size=4, max_size=4),
    scale=st.tuples(st.floats(1e-6, 1e-2), st.floats(1e-6, 1e-2)),
    translate=st.tuples(st.floats(-180, 180), st.floats(-90, 90)),
)
def test_the_decoder_gives_back_every_ring_and_position(
    rings: list[list[tuple[int, int]]],
    cuts: list[int],
    reverse: list[bool],
    scale: tuple[float, float],
    translate: tuple[float, float],
) -> None:
    geometries, arcs = _encode(rings, cuts[: len(rings)], reverse[: len(rings)])
    document = {
        "type": "Topology",
        "transform": {"scale": list(scale), "translate": list(translate)},
        "arcs": arcs,
        "objects": {"o": {"type": "GeometryCollection", "geometries": geometries}},
    }
    topology = read_topology(document, "test")
    decoded = [g.polygons for g in topology.objects["o"]]
    assert decoded == [[[[*ring, ring[0]]]] for ring in rings]
    transform = topology.transform
    half_step = 0.5 * 10.0**-transform.digits
    for ring in rings:
        for x, y in ring:
            lon, lat = transform.position((x, y))
            assert abs(lon - (x * scale[0] + translate[0])) <= half_step + 1e-12
            assert abs(lat - (y * scale[1] + translate[1])) <= half_step + 1e-12
            assert round((lon - translate[0]) / scale[0]) == x  # the grid position is kept
            assert round((lat - translate[1]) / scale[1]) == y


def test_a_short_ring_is_padded_and_a_shapeless_geometry_has_no_polygons() -> None:
    document = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [1, 0]]],
        "objects": {
            "o": {
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]]},
                    {"type": None},
                    {"type": "MultiPolygon", "arcs": []},
                ]
            }
        },
    }
    polygons = [g.polygons for g in read_topology(document, "t").objects["o"]]
    assert polygons == [[[[(0, 0), (1, 0), (0, 0), (0, 0)]]], [], []]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "FeatureCollection"}, "not a quantized TopoJSON topology"),
        ({"transform": {"scale": [1], "translate": [0, 0]}}, "malformed transform"),
        ({"objects": {"o": {"geometries": [{"type": "Point", "arcs": [0]}]}}}, "geometry 0"),
        ({"objects": {"o": {"geometries": [{"type": "Polygon", "arcs": [[5]]}]}}}, "geometry 0"),
    ],
)
def test_a_malformed_topology_is_refused_naming_what(change: dict[str, Any], message: str) -> None:
    document = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [1, 0]]],
        "objects": {"o": {"geometries": []}},
        **change,
    }
    with pytest.raises(TopologyError, match=message):
        read_topology(document, "file.json")


def test_known_positions_of_the_raw_file() -> None:
    """The municipal file's first arc starts at grid (34209, 33902), then moves by (33, -24);
    its transform (scale 0.0005168941023106028, 0.0004247885928958533; translate
    122.94339451913962, 24.045871946033515) puts that in 宮城県, where its first geometry,
    仙台市, lies (all read off the raw file by hand)."""
    topology = read_topology(RAW["municipality"], "raw")
    (geometries,) = topology.objects.values()
    assert RAW["municipality"]["arcs"][0][:2] == [[34209, 33902], [33, -24]]
    assert geometries[0].properties["N03_003"] == "仙台市"
    assert topology.transform.position((34209, 33902)) == [140.625825, 38.447055]
    assert topology.transform.position((34209 + 33, 33902 - 24)) == [140.642882, 38.43686]
    assert topology.transform.digits == 6


# -- the release's files ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    """A store whose release 2026.12.2 has the boundaries, over a private copy."""
    root = tmp_path_factory.mktemp("boundaries") / "releases"
    shutil.copytree(RELEASES, root)
    store = Store(root)
    if VERSION in store.versions():
        manifest = store.manifest(VERSION)
        for name, data in BUILT.items():  # the bundled files are the builder's
            assert (root / manifest.lookups[name].path).read_bytes() == data
        yield store, root
        return
    newest = store.manifest(store.versions()[-1])
    lookups = dict(newest.lookups)
    entries: list[release_format.TablePart | release_format.LookupEntry] = [
        *(part for table in newest.tables.values() for part in table.parts),
        *lookups.values(),
    ]
    files = {e.sha256: (root / e.path).read_bytes() for e in entries}
    for name, data in BUILT.items():
        sha = release_format.sha256_bytes(data)
        lookups[name] = release_format.LookupEntry(sha, len(data))
        files[sha] = data
    manifest = release_format.Manifest(
        VERSION,
        newest.schema_version,
        newest.writer,
        newest.tables,
        newest.inputs,
        newest.coverage,
        lookups=lookups,
    )
    release_files.write_release(root, manifest, files)
    release_files.mark_published(root, VERSION, "2026-12-31")
    sha = release_files.read_index(root).releases[VERSION].manifest_sha256
    yield (
        Store(
            root,
            published={**PUBLISHED, VERSION: sha},
            published_on={**PUBLISHED_ON, VERSION: "2026-12-31"},
        ),
        root,
    )


@pytest.fixture(scope="module")
def municipal(release: tuple[Store, Path]) -> dict[str, Any]:
    return boundaries(release[0], "municipality", VERSION)


@pytest.fixture(scope="module")
def prefectural(release: tuple[Store, Path]) -> dict[str, Any]:
    return boundaries(release[0], "prefecture", VERSION)


def test_one_feature_per_mic_body_with_its_code_name_and_prefecture(
    release: tuple[Store, Path], municipal: dict[str, Any], prefectural: dict[str, Any]
) -> None:
    table = release[0].frame("municipalities", VERSION)
    for level, collection, count in (
        ("municipality", municipal, 1741),
        ("prefecture", prefectural, 47),
    ):
        expected = table.filter(
            (pl.col("kind") == "prefecture") == (level == "prefecture"), pl.col("kind") != "ward"
        )
        found = [
            (p["lg_code"], p["name"], p["prefecture"], p["level"])
            for p in (f["properties"] for f in collection["features"])
        ]
        assert len(found) == count
        assert found == sorted(
            (r["lg_code"], r["name"], r["prefecture"], level)
            for r in expected.iter_rows(named=True)
        )
        assert all(jpdx.codes.is_valid(code) for code, *_ in found)


def test_every_raw_shape_is_placed_or_left_out_for_a_stated_reason(
    municipal: dict[str, Any],
) -> None:
    placed = {f["properties"]["N03_007"]: f["properties"] for f in municipal["features"]}
    left_out = []
    for geometry in _raw_geometries("municipality"):
        properties = geometry["properties"]
        code = properties["N03_007"]
        if code in placed:
            assert {k: placed[code][k] for k in nb.PUBLISHED} == properties
            assert placed[code]["lg_code"][:5] == code  # no code changed since 2021-01-01
        else:
            left_out.append((code, properties["N03_004"]))
    assert sorted(left_out, key=str) == sorted(
        [(None, "所属未定地")] * 4
        + [
            (f"0{n}", v)
            for n, v in zip(
                range(1695, 1701),
                ["色丹村", "泊村", "留夜別村", "留別村", "紗那村", "蘂取村"],
                strict=True,
            )
        ],
        key=str,
    )
    assert not any(p["name"] in {"所属未定地", "色丹村", "蘂取村"} for p in placed.values())


def test_geometries_are_multipolygons_or_null_where_the_file_has_no_shape(
    municipal: dict[str, Any], prefectural: dict[str, Any]
) -> None:
    shapeless = {f["properties"]["name"] for f in municipal["features"] if f["geometry"] is None}
    assert shapeless == NO_SHAPE
    raw_shapeless = {
        g["properties"]["N03_004"]
        for g in _raw_geometries("municipality")
        if g["type"] is None or not g.get("arcs")
    }
    assert raw_shapeless - {"所属未定地"} == NO_SHAPE
    for feature in [*municipal["features"], *prefectural["features"]]:
        geometry = feature["geometry"]
        assert geometry is None or (geometry["type"] == "MultiPolygon" and geometry["coordinates"])
    raw_polygons = {
        g["properties"]["N03_007"]: 1 if g["type"] == "Polygon" else len(g["arcs"])
        for g in _raw_geometries("municipality")
        if g["type"] is not None
    }
    for feature in municipal["features"]:
        if feature["geometry"] is not None:
            assert (
                len(feature["geometry"]["coordinates"])
                == raw_polygons[feature["properties"]["N03_007"]]
            )


def test_every_coordinate_is_a_grid_position_of_the_raw_arcs(
    municipal: dict[str, Any], prefectural: dict[str, Any]
) -> None:
    """Rounding kept every position: each coordinate re-quantizes to a position that the raw
    arcs reach (their running sums, computed here)."""
    for level, collection in (("municipality", municipal), ("prefecture", prefectural)):
        raw = RAW[level]
        (sx, sy), (tx, ty) = raw["transform"]["scale"], raw["transform"]["translate"]
        (collection_raw,) = raw["objects"].values()
        used = {
            index if index >= 0 else ~index
            for g in collection_raw["geometries"]
            if g["properties"].get("N03_007") not in nb.NORTHERN_TERRITORIES
            and g["properties"].get("N03_004") != nb.UNDETERMINED
            for index in _flatten(g.get("arcs", []))
        }
        grid = set()
        for arc in (raw["arcs"][i] for i in used):
            x = y = 0
            for dx, dy in arc:
                x, y = x + dx, y + dy
                grid.add((x, y))
        found = {
            (round((lon - tx) / sx), round((lat - ty) / sy))
            for f in collection["features"]
            if f["geometry"]
            for polygon in f["geometry"]["coordinates"]
            for ring in polygon
            for lon, lat in ring
        }
        assert found == grid


def _flatten(nested: Any) -> Iterator[int]:
    if isinstance(nested, int):
        yield nested
    else:
        for item in nested:
            yield from _flatten(item)


def _inside(lon: float, lat: float, geometry: dict[str, Any]) -> bool:
    """Even-odd ray casting over every ring (holes subtract)."""
    inside = False
    for polygon in geometry["coordinates"]:
        for ring in polygon:
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
    return inside


def test_offices_lie_in_their_own_shapes(
    release: tuple[Store, Path], municipal: dict[str, Any], prefectural: dict[str, Any]
) -> None:
    """An independent source: localgovjp's office coordinates (in the municipalities table).
    The simplified shapes lose coastlines, so a few offices by the sea fall outside; almost
    all lie inside their own shape, and none inside another's prefecture."""
    table = release[0].frame("municipalities", VERSION).filter(pl.col("kind") != "ward")
    offices = {r["lg_code"]: (r["longitude"], r["latitude"]) for r in table.iter_rows(named=True)}
    municipal_hits = [
        _inside(*offices[f["properties"]["lg_code"]], f["geometry"])
        for f in municipal["features"]
        if f["geometry"]
    ]
    assert sum(municipal_hits) / len(municipal_hits) > 0.9
    prefecture_hits = [
        _inside(*offices[f["properties"]["lg_code"]], f["geometry"])
        for f in prefectural["features"]
    ]
    assert sum(prefecture_hits) >= 45


def test_the_collection_carries_the_credit_and_cite_gives_it_once_read(
    release: tuple[Store, Path], municipal: dict[str, Any]
) -> None:
    assert "出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成" in CREDIT
    assert "SmartNews Media Research Institute" in CREDIT
    assert (municipal["credit"], municipal["as_of"], municipal["release"], municipal["level"]) == (
        CREDIT,
        "2021-01-01",
        VERSION,
        "municipality",
    )
    fresh = Store(
        release[0].root, published=release[0].published, published_on=release[0].published_on
    )
    fresh.frame("programs", VERSION)
    assert all(CREDIT not in cite(fresh, form) for form in ("text", "bibtex", "apa"))
    boundaries(fresh, "prefecture", VERSION)
    for form, line in (("text", CREDIT), ("bibtex", CREDIT.replace("%", r"\%")), ("apa", CREDIT)):
        assert cite(fresh, form).count(line) == 1
    assert f"{lookup_name('prefecture')}" in cite(fresh, "text")


def test_each_call_returns_a_new_dict(release: tuple[Store, Path]) -> None:
    first = boundaries(release[0], "prefecture", VERSION)
    first["features"].clear()
    assert len(boundaries(release[0], "prefecture", VERSION)["features"]) == 47


@pytest.mark.parametrize("level", ["ward", "Municipality", "", None, 3, ["municipality"]])
def test_an_unknown_level_is_a_typed_error_listing_the_levels(
    release: tuple[Store, Path], level: object
) -> None:
    with pytest.raises(jpdx.UnknownValueError) as raised:
        boundaries(release[0], level, VERSION)
    assert isinstance(raised.value, ValueError)
    assert raised.value.choices == tuple(sorted(LEVELS))
    assert "municipality, prefecture" in str(raised.value)


def test_a_release_without_boundaries_names_those_that_have_them(
    release: tuple[Store, Path],
) -> None:
    for old in ("2026.11.0", "2026.12.0", "2026.12.1"):
        with pytest.raises(jpdx.NotInReleaseError) as raised:
            boundaries(release[0], "municipality", old)
        assert isinstance(raised.value, LookupError)
        assert raised.value.choices == (VERSION,)
        assert f"release {old} has no boundaries; releases that have them: {VERSION}" in str(
            raised.value
        )
    assert issubclass(jpdx.TableNotInReleaseError, jpdx.NotInReleaseError)


@pytest.mark.parametrize("damage", ["flip", "truncate", "swap"])
def test_a_modified_file_is_an_error(
    release: tuple[Store, Path], tmp_path: Path, damage: str
) -> None:
    root = tmp_path / "releases"
    shutil.copytree(release[1], root)
    store = Store(root, published=release[0].published, published_on=release[0].published_on)
    lookups = store.manifest(VERSION).lookups
    path = root / lookups[lookup_name("municipality")].path
    data = path.read_bytes()
    if damage == "flip":
        path.write_bytes(
            data.replace(
                b"\xe5\x92\x8c\xe6\xad\x8c\xe5\xb1\xb1", b"\xe5\x92\x8c\xe6\xad\x8c\xe5\xb3\xb6", 1
            )
        )
    elif damage == "truncate":
        path.write_bytes(data[:-1])
    else:
        path.write_bytes((root / lookups[lookup_name("prefecture")].path).read_bytes())
    with pytest.raises(jpdx.IntegrityError, match="does not match its sha256"):
        boundaries(store, "municipality", VERSION)
    assert store.reads() == ()
    assert any("boundaries-municipality" in problem for problem in store.verify())


def test_reading_boundaries_imports_neither_polars_nor_pydantic_nor_dataclasses(
    release: tuple[Store, Path],
) -> None:
    code = (
        "import sys, jpdx\n"
        "from pathlib import Path\n"
        "from jpdx.store import Store\n"
        "from jpdx.maps import boundaries\n"
        f"store = Store(Path({str(release[1])!r}), published={release[0].published!r}, "
        f"published_on={release[0].published_on!r})\n"
        f"fc = boundaries(store, 'municipality', {VERSION!r})\n"
        "print(len(fc['features']), "
        "sorted(m for m in ('polars', 'pydantic', 'dataclasses') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # dataclasses imports inspect, a quarter of import jpdx
    assert out.stdout.split() == ["1741", "[]"]


def test_the_builder_refuses_a_shape_it_cannot_place_and_a_body_without_one() -> None:
    master = read_master(REFERENCE)
    history = CodeHistory(read_code_changes(REFERENCE, master))
    (geometries,) = read_topology(RAW["municipality"], "raw").objects.values()
    placed = nb.place_municipal_shapes(geometries, master, history)
    assert len(set(placed.codes.values())) == 1741
    assert len(placed.left_out) == 10
    dropped = [g for g in geometries if g.properties.get("N03_007") != "35201"]
    with pytest.raises(TopologyError, match=r"no shape for 1 municipalities: \['352012'\]"):
        nb.place_municipal_shapes(dropped, master, history)
    unknown = [*geometries[:1], type(geometries[0])(9999, {"N03_007": "99999"}, [])]
    with pytest.raises(TopologyError, match="geometry 9999"):
        nb.place_municipal_shapes(unknown, master, history)
    nameless = [type(geometries[0])(9999, {"N03_004": "某町", "N03_007": None}, [])]
    with pytest.raises(TopologyError, match="no N03_007 code"):
        nb.place_municipal_shapes(nameless, master, history)


def test_the_builder_output_is_deterministic_and_compact() -> None:
    assert nb.boundary_files(REFERENCE) == BUILT
    assert set(BUILT) == {lookup_name(level) for level in LEVELS}
    for data in BUILT.values():
        assert b"\n" not in data
        assert b'", "' not in data


# -- the documentation's choropleth -------------------------------------------------------------


def _blocks(page: Path, language: str) -> list[str]:
    text = page.read_text(encoding="utf-8")
    parts = text.split(f"```{language}\n")[1:]
    return [part.split("```", 1)[0] for part in parts]


def test_the_maps_page_choropleth_runs(
    release: tuple[Store, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    store = Store(release[1], published=release[0].published, published_on=release[0].published_on)
    monkeypatch.setattr(jpdx.store, "_bundled", store)
    (snippet, *_) = _blocks(ROOT / "docs" / "maps.md", "python")
    namespace: dict[str, Any] = {}
    exec(compile(snippet, "docs/maps.md", "exec"), namespace)
    figure = namespace["fig"]
    (axes, *_) = figure.axes
    (patches,) = axes.collections
    assert len(patches.get_paths()) == 1741 - len(NO_SHAPE)
    values = patches.get_array()
    assert values is not None
    assert float(values.min()) > 0
    assert float(values.max()) <= 100
    assert any(CREDIT in text.get_text() for text in figure.texts)
    figure.savefig(tmp_path / "map.png")
    assert (tmp_path / "map.png").stat().st_size > 10_000
    assert CREDIT in jpdx.cite()
