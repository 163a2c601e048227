"""``python -m release_builder.docs.screenshots [--out DIR] [--site DIR] [--release VERSION]``: build the site and
photograph a fixed list of pages at a desktop's and a phone's width with headless Chromium
(Debian's ``chromium``), to look at every one as a reader would. Not part of CI."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WIDTHS = (1366, 390)
PAGES = (
    "index.html",
    "quickstart.html",
    "gallery/index.html",
    "gallery/card-issuance.html",
    "gallery/online-procedures.html",
    "gallery/cio-ai-by-size.html",
    "gallery/open-data.html",
    "gallery/shimonoseki.html",
    "gallery/maps.html",
    "catalog/national/indicators/card-rate.html",
    "catalog/national/indicators/dx-cio-appointed.html",
    "catalog/national/indicators/fiscal-capability-index.html",  # from release 2026.12.2
    "catalog/places/352012.html",  # a city: 下関市
    "catalog/places/174637.html",  # a town with a not-surveyed value: 能登町
    "catalog/places/141003.html",  # a designated city's page, with its wards: 横浜市
    "catalog/places/131130.html",  # a special ward: 渋谷区
    "catalog/national/prefectures/130001.html",  # a prefecture: 東京都
    "codebook/index.html",
    "cli.html",
)
"""Home, quickstart, the gallery, three indicators, places (a city, a town with a
not-surveyed answer, a city with wards, a ward), a prefecture, the codebook, the CLI."""


def build(site: Path, release: str | None = None) -> None:
    """``mkdocs build --strict`` into ``site``; with ``release``, of a copy of ``docs/`` whose
    generated pages and assets are that release's (a preview of a release not yet the
    default)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    if release is None:
        mkdocs_build(load_config("mkdocs.yml", site_dir=str(site)))
        return
    from release_builder.docs import generate, write
    from release_builder.docs.hooks import RELEASE

    with tempfile.TemporaryDirectory() as scratch:
        docs = Path(scratch) / "docs"
        shutil.copytree("docs", docs)
        write(docs, generate(version=release))
        os.environ[RELEASE] = release
        try:
            mkdocs_build(load_config("mkdocs.yml", docs_dir=str(docs), site_dir=str(site)))
        finally:
            del os.environ[RELEASE]


def shoot(site: Path, out: Path, browser: str = "chromium", height: int = 2400) -> list[Path]:
    """A PNG of each page of :data:`PAGES` at each width of :data:`WIDTHS`, opened from disk
    with the network off."""
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with tempfile.TemporaryDirectory() as profile:
        for page in PAGES:
            for width in WIDTHS:
                target = out / f"{page.replace('/', '_').removesuffix('.html')}-{width}.png"
                if not (site / page).exists():  # a page of a later release
                    continue
                subprocess.run(
                    [
                        browser,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                        "--hide-scrollbars",
                        f"--user-data-dir={profile}",
                        "--virtual-time-budget=4000",
                        f"--window-size={width},{height}",
                        f"--screenshot={target}",
                        (site / page).resolve().as_uri(),
                    ],
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
                shots.append(target)
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--release", help="build the site of this release (default: the default)")
    options = parser.parse_args(argv)
    if shutil.which("chromium") is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        site = options.site or Path(scratch) / "site"
        if options.site is None:
            build(site, options.release)
        for path in shoot(site, options.out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
