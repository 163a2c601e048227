"""mkdocs hooks of the site (``hooks:`` in ``mkdocs.yml``)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

_ROOT_ABSOLUTE = re.compile(r'((?:href|src|action)=")/(?!/)')


def relative_to_root(html: str) -> str:
    """A page at the site's root with its root-absolute links made relative (``/x`` → ``x``),
    so that it works opened from disk."""
    return _ROOT_ABSOLUTE.sub(r"\1", html)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the figures, table data and CSV downloads of the generated pages, made from the
    default release (:func:`release_builder.docs.assets`)."""
    root = str(Path(config.config_file_path).parent)
    if root not in sys.path:  # mkdocs loads this file by its path, not as a module
        sys.path.insert(0, root)
    from release_builder.docs import assets

    for path, content in assets().items():
        files.append(File.generated(config, path, content=content))
    return files


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """mkdocs renders ``404.html`` with root-absolute links (it cannot know the depth of the
    missing page); the site is read from disk too, where those links fail."""
    return relative_to_root(output_content) if template_name == "404.html" else output_content
