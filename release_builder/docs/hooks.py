"""mkdocs hooks of the site (``hooks:`` in ``mkdocs.yml``)."""

from __future__ import annotations

import json
import os
import re
import sys
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

_ROOT_ABSOLUTE = re.compile(r'((?:href|src|action)=")/(?!/)')
_IMAGE = re.compile(
    r'<img (?:alt="No description has been provided for this image" |(?![^>]*\balt=))'
)
"""An output image as nbconvert writes it, with its stock description or none."""
_QUOTED = re.compile(r"<td>(?:&quot;|\")(.*?)(?:&quot;|\")</td>")
_IMAGES = ("image/png", "image/svg+xml", "image/jpeg")
RELEASE = "JPDX_DOCS_RELEASE"
"""The environment variable that names the release a site's assets are made from (unset:
the default release); its pages must be generated from the same release."""


def relative_to_root(html: str) -> str:
    """A page at the site's root with its root-absolute links made relative (``/x`` → ``x``),
    so that it works opened from disk."""
    return _ROOT_ABSOLUTE.sub(r"\1", html)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the figures, table data and CSV downloads of the generated pages, made from the
    default release (:func:`release_builder.docs.assets`), or from the release named by
    :data:`RELEASE` in the environment (a preview of the next one)."""
    root = str(Path(config.config_file_path).parent)
    if root not in sys.path:  # mkdocs loads this file by its path, not as a module
        sys.path.insert(0, root)
    from release_builder.docs import assets

    for path, content in assets(version=os.environ.get(RELEASE) or None).items():
        files.append(File.generated(config, path, content=content))
    return files


def image_alts(notebook: dict[str, Any]) -> list[str]:
    """The description of each image a notebook shows, in order: its cell's ``alt``
    metadata (the key nbconvert reads)."""
    return [
        str(cell.get("metadata", {}).get("alt", ""))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for output in cell.get("outputs", [])
        if any(kind in output.get("data", {}) for kind in _IMAGES)
    ]


def readable_notebook(html: str, alts: list[str]) -> str:
    """A notebook's page as a reader needs it: each output image with its description (the
    template mkdocs-jupyter uses writes a stock one in place of the ``alt`` metadata), and
    table cells of text without the quotes polars prints around strings."""
    found = iter(alts)
    html = _IMAGE.sub(lambda m: f'<img alt="{escape(next(found, ""))}" ', html)
    return _QUOTED.sub(r"<td>\1</td>", html)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Notebook pages through :func:`readable_notebook`."""
    path = Path(page.file.abs_src_path or "")
    if path.suffix != ".ipynb":
        return html
    return readable_notebook(html, image_alts(json.loads(path.read_text(encoding="utf-8"))))


_INDENT = re.compile(r"\n[ \t]+")


def without_indent(html: str) -> str:
    """A page without the indentation of its lines, where no element keeps white space
    (``pre``, ``textarea``): the theme indents every page's navigation, a quarter of the
    bytes of the 1,788 place pages."""
    return html if "<pre" in html or "<textarea" in html else _INDENT.sub("\n", html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return without_indent(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """mkdocs renders ``404.html`` with root-absolute links (it cannot know the depth of the
    missing page); the site is read from disk too, where those links fail."""
    return relative_to_root(output_content) if template_name == "404.html" else output_content
