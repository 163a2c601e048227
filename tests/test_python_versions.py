"""The supported Python range (CPython 3.10–3.13) is stated alike wherever it is stated.

CI runs the suite on each of these versions that the machine has (``.ci/pythons``); this
file keeps the declarations from drifting apart.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SUPPORTED = ["3.10", "3.11", "3.12", "3.13"]


def pyproject() -> dict[str, Any]:
    document: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return document


def test_classifiers_and_requires_python_state_the_range() -> None:
    project = pyproject()["project"]
    versions = [
        c.rpartition(" :: ")[2]
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert versions == SUPPORTED
    assert project["requires-python"] == f">={SUPPORTED[0]}"
    lock = tomllib.loads((ROOT / "uv.lock").read_text("utf-8"))
    assert lock["requires-python"] == f">={SUPPORTED[0]}"


def test_linters_check_against_the_oldest_supported_version() -> None:
    tool = pyproject()["tool"]
    assert tool["mypy"]["python_version"] == SUPPORTED[0]
    assert tool["ruff"]["target-version"] == "py" + SUPPORTED[0].replace(".", "")


def test_ci_runs_every_supported_version() -> None:
    script = (ROOT / ".ci" / "pythons").read_text("utf-8")
    declared = re.search(r"^SUPPORTED=\(([^)]*)\)$", script, re.M)
    assert declared is not None
    assert declared.group(1).split() == SUPPORTED
    assert "bash .ci/pythons" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_readme_states_the_range() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"CPython {SUPPORTED[0]}–{SUPPORTED[-1]}" in readme
