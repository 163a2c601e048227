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
from release_builder.docs.national import national_pages
from release_builder.docs.releases import releases_page

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


def generate(store: Store | None = None, version: str | None = None) -> dict[str, bytes]:
    """Every generated file, by path under ``docs/``."""
    store = store or bundled()
    catalog = Catalog.of(store, version)
    pages: dict[str, str] = {
        "codebook/index.md": codebook_index(),
        "releases.md": releases_page(store),
    }
    pages.update({f"codebook/{s.name}.md": codebook_page(s.name) for s in SPECS})
    pages["catalog/index.md"] = catalog_index(catalog)
    for source in catalog.documents():
        assert isinstance(source, Source)
        pages[f"catalog/sources/{source.source_id}.md"] = source_page(catalog, source)
    for code, found in catalog.at_place().items():
        pages[f"catalog/places/{code}.md"] = place_page(catalog, catalog.place(code), found)
    pages.update(national_pages(store, version))
    files = {path: text.encode() for path, text in pages.items()}
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
