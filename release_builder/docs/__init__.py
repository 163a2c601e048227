"""Generate the documentation pages that derive from the data and the table descriptors.

``python -m release_builder.docs`` rewrites the codebook (from the descriptors and models),
the catalog and its figure (from the newest release), the national data's catalog (a page
per indicator, per published dataset and per prefecture, from the same release), the releases page (from the
manifests) and the codebook part of the mkdocs navigation; ``--notebook`` also
re-executes the example notebook and the gallery's. A test fails when a committed page drifts.
"""

from __future__ import annotations

from pathlib import Path

from jpdx.models import Source
from jpdx.store import Store, bundled
from jpdx.tablespec import SPECS
from release_builder.docs.catalog import Catalog, catalog_index, place_page, source_page
from release_builder.docs.codebook import codebook_index, codebook_page
from release_builder.docs.figure import FIGURE, figure_svg
from release_builder.docs.national import National, national_pages
from release_builder.docs.releases import releases_page
from release_builder.docs.views import Headline, Maps, place_views_by_code, release_maps

GENERATED = ("codebook", "catalog", "releases.md")
"""What the generator owns under ``docs/``: these folders and files are rewritten whole."""

NOTEBOOK = Path("examples/quickstart.ipynb")

GALLERY = tuple(
    Path("gallery") / f"{name}.ipynb"
    for name in (
        "card-issuance",
        "online-procedures",
        "cio-ai-by-size",
        "open-data",
        "shimonoseki",
        "maps",
    )
)
"""The gallery's notebooks under ``docs/``, in the order of its index page."""


ASSETS = (".svg", ".csv", ".js")
"""Files under ``catalog/national/`` and ``catalog/places/`` with these endings are made at
build time (:func:`assets`, by ``release_builder/docs/hooks.py``), not committed: figures,
tables and downloads for every indicator and place would weigh tens of megabytes."""


def is_asset(path: str) -> bool:
    return path.startswith(("catalog/national/", "catalog/places/")) and path.endswith(ASSETS)


def generate(
    store: Store | None = None, version: str | None = None, maps: Maps | None = None
) -> dict[str, bytes]:
    """Every generated file that is committed, by path under ``docs/``; pages show maps
    where the release has boundaries (or ``maps`` are given)."""
    return {p: b for p, b in _everything(store, version, maps).items() if not is_asset(p)}


def assets(
    store: Store | None = None, version: str | None = None, maps: Maps | None = None
) -> dict[str, bytes]:
    """The figures, table data and CSV downloads the generated pages link to, by path under
    ``docs/``: made when the site is built."""
    return {
        p: b for p, b in _everything(store, version, maps, with_figure=False).items() if is_asset(p)
    }


def _everything(
    store: Store | None,
    version: str | None,
    maps: Maps | None,
    with_figure: bool = True,
) -> dict[str, bytes]:
    """Pages and assets; the catalog's figure (drawn by matplotlib) only ``with_figure``."""
    store = store or bundled()
    catalog = Catalog.of(store, version)
    maps = maps or release_maps(store, version)
    pages: dict[str, str] = {
        "codebook/index.md": codebook_index(),
        "releases.md": releases_page(store),
    }
    pages.update({f"codebook/{s.name}.md": codebook_page(s.name) for s in SPECS})
    pages["catalog/index.md"] = catalog_index(catalog)
    for source in catalog.documents():
        assert isinstance(source, Source)
        pages[f"catalog/sources/{source.source_id}.md"] = source_page(catalog, source)
    at_place = catalog.at_place()
    national = National.of(store, version)
    views: dict[str, list[str]] = {}
    files: dict[str, bytes] = {}
    if national is not None:
        headline = Headline.of(national)
        files.update(national_pages(national, headline, maps))
        views, maps_files = place_views_by_code(store, national, headline, maps)
        files.update({f"catalog/places/{p}": b for p, b in maps_files.items()})
    for code in sorted(set(at_place) | set(views)):
        pages[f"catalog/places/{code}.md"] = place_page(
            catalog, catalog.place(code), at_place.get(code, []), views.get(code, [])
        )
    files.update({path: text.encode() for path, text in pages.items()})
    if with_figure:
        files[FIGURE] = figure_svg(catalog)
    return dict(sorted(files.items()))


def existing(docs: Path) -> dict[str, bytes]:
    """The generated files as they are on disk."""
    found: dict[str, bytes] = {}
    for name in GENERATED:
        root = docs / name
        paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in paths:
            if path.is_file():
                found[path.relative_to(docs).as_posix()] = path.read_bytes()
    return found


def write(docs: Path, files: dict[str, bytes]) -> list[str]:
    """Write the generated files, remove stale ones; return the paths that changed."""
    before = existing(docs)
    for path in sorted(set(before) - set(files)):
        (docs / path).unlink()
    for path, content in files.items():
        if before.get(path) != content:
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    return sorted(p for p in set(before) | set(files) if before.get(p) != files.get(p))
