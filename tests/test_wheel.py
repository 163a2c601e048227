"""The wheel: every release inside, typed, and nothing of the development tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import jpdx

from .conftest import RELEASES, ROOT


def test_wheel_ships_every_release_and_nothing_else(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("jpdx-*.whl")
    assert wheel.name.startswith(f"jpdx-{jpdx.__version__}-")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected_data = {
        f"jpdx/data/releases/{p.relative_to(RELEASES).as_posix()}"
        for p in RELEASES.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(RELEASES).parts)
    }
    assert expected_data <= names
    for version in jpdx.versions():
        assert f"jpdx/data/releases/{version}/manifest.json" in names
    assert "jpdx/py.typed" in names
    package = ROOT / "src" / "jpdx"
    modules = {  # every module of the package, its subpackages (cli, places, …) too
        f"jpdx/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")
    }
    assert {"jpdx/__init__.py", "jpdx/cli/__init__.py"} <= modules <= names
    unexpected = [
        n for n in names
        if n.startswith(("tests/", "sources/", "docs/", "bench/", "release_builder/", "jpdx/build/"))
        or n.endswith(".toml") or "/." in n
    ]  # fmt: skip
    assert unexpected == []
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "jpdx = jpdx.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
