"""The codebook part of the mkdocs navigation, one page per table from the descriptors."""

from __future__ import annotations

import re
from pathlib import Path

from jpdx.tablespec import SPECS

_BLOCK = re.compile(
    r"(?P<open>  - Codebook コードブック:\n)(?P<pages>(?:      - codebook/[a-z_]+\.md\n)+)"
)


def codebook_nav() -> str:
    """The nav entries of the codebook: its index, then one page per table in catalog order
    (the places table after the documents)."""
    names = ["index", *(spec.name for spec in SPECS if spec.name == "sources")]
    names += [spec.name for spec in SPECS if spec.name not in names]
    return "".join(f"      - codebook/{name}.md\n" for name in names)


def render(config: str) -> str:
    """``mkdocs.yml`` with its codebook nav entries rewritten."""
    if not _BLOCK.search(config):
        raise ValueError("mkdocs.yml has no '  - Codebook コードブック:' section of codebook pages")
    return _BLOCK.sub(lambda m: m["open"] + codebook_nav(), config, count=1)


def update_nav(config_path: Path) -> bool:
    """Rewrite the nav of ``mkdocs.yml``; return whether it changed."""
    text = config_path.read_text(encoding="utf-8")
    updated = render(text)
    if updated != text:
        config_path.write_text(updated, encoding="utf-8")
    return updated != text
