"""Shared fixtures: no network, hypothesis profiles, the source texts and a private data copy."""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, settings

import jpdx
import jpdx.store
from jpdx import release_format
from jpdx.store import Store

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
RELEASES = ROOT / "src" / "jpdx" / "data" / "releases"
SEEDS = Path(os.environ.get("JPDX_SEEDS", ROOT.parent / "shared" / "seeds"))

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


SLOW_MODULES = frozenset(
    {
        "test_build.py",  # rebuilds the release (minutes)
        "test_future_release.py",  # builds a future release beside the bundled ones
        "test_curation_fuzz.py",  # builds releases from broken curation files
        "test_national_build.py",  # builds from broken published tables
        "test_export.py",  # exports every table of every release
        "test_integrity.py",  # damages every stored file, every reader
        "test_immutability.py",  # every getter of every table, mutated
        "test_docs.py",  # builds the site
        "test_site.py",  # builds the site
        "test_gallery.py",  # runs the gallery notebooks
        "test_notebook.py",  # runs the quickstart notebook
    }
)
"""Test modules marked ``slow``: what they check does not depend on the Python version (the
bytes of builds, files and pages), so the README's command runs them once and the other
Pythons' runs leave them out (``-m "not slow"``, see ``.ci/pythons``)."""


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With ``-m "not slow"`` the slow modules are not even imported: some read every record
    of every table at import, which would cost those runs minutes and gigabytes for tests
    they leave out."""
    if config.option.markexpr.strip() == "not slow" and collection_path.name in SLOW_MODULES:
        return True
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


class NetworkAccessError(AssertionError):
    """Raised when a test tries to open a network connection or look up a host name."""


_NETWORK_CALLS = (
    (socket.socket, "connect"),
    (socket.socket, "connect_ex"),
    (socket.socket, "sendto"),
    (socket, "create_connection"),
    (socket, "getaddrinfo"),
    (socket, "gethostbyname"),
    (socket, "gethostbyname_ex"),
    (socket, "gethostbyaddr"),
    (socket, "getnameinfo"),
)
_ORIGINALS = {(owner, name): getattr(owner, name) for owner, name in _NETWORK_CALLS}

network_attempts: list[str] = []
"""Every refused attempt, so that a test which caught the error still fails."""


def _refuse(*args: Any, **kwargs: Any) -> Any:
    attempt = f"{args!r}"[:200]
    network_attempts.append(attempt)
    raise NetworkAccessError(f"a test tried to reach the network: {attempt}")


def pytest_configure(config: pytest.Config) -> None:
    """Refuse the network from the start of the run, test collection included."""
    for owner, name in _NETWORK_CALLS:
        setattr(owner, name, _refuse)


def pytest_unconfigure(config: pytest.Config) -> None:
    for (owner, name), original in _ORIGINALS.items():
        setattr(owner, name, original)


@pytest.fixture(autouse=True)
def _no_network() -> Iterator[None]:
    """Fail every test that tried to reach the network, even one that caught the error."""
    before = len(network_attempts)
    yield
    tried = network_attempts[before:]
    if tried:
        pytest.fail(f"the test tried to reach the network {len(tried)} time(s): {tried}")


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The folder of source texts; tests that compare quotes with the texts need it."""
    if not SEEDS.is_dir():
        pytest.skip(f"source texts not present at {SEEDS} (set JPDX_SEEDS)")
    return SEEDS


@pytest.fixture
def release_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled releases, safe to damage."""
    target = tmp_path / "releases"
    shutil.copytree(RELEASES, target)
    return target


@pytest.fixture
def copy_store(release_copy: Path) -> Store:
    """A store over the private copy."""
    return Store(release_copy)


@pytest.fixture(scope="session")
def newest() -> str:
    """The release read when none is named: the newest published one."""
    return jpdx.store.bundled().default_version()


def table_paths(releases: Path, version: str, table: str) -> list[Path]:
    """Where a release stores a table's files: one, or its parts in row order (format 4)."""
    manifest = json.loads((releases / version / release_format.MANIFEST).read_bytes())
    entry = manifest["tables"][table]
    return [releases / release_format.table_file(p["sha256"]) for p in entry.get("parts", [entry])]


def stored_frame(releases: Path, version: str, table: str) -> pl.DataFrame:
    """A table as its stored files hold it, read with bare polars: its parts one after the
    other, each with the columns the manifest records (what jpdx must return)."""
    manifest = json.loads((releases / version / release_format.MANIFEST).read_bytes())
    listed = manifest["tables"][table].get("columns")
    frames = [pl.read_parquet(path) for path in table_paths(releases, version, table)]
    if listed is None:  # format 1: one file, its own schema
        (frame,) = frames
        return frame
    columns = tuple((c["name"], c["type"]) for c in listed)
    return pl.concat([release_format.aligned(frame, columns) for frame in frames])


def table_path(releases: Path, version: str, table: str) -> Path:
    """Where a release stores a table that is one file (content-addressed)."""
    (path,) = table_paths(releases, version, table)
    return path
