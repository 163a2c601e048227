"""Shared fixtures: no network, hypothesis profiles, the source texts and a private data copy."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import jpdx
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


class NetworkAccessError(AssertionError):
    """Raised when a test tries to open a network connection."""


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise NetworkAccessError(f"a test tried to reach the network: {args!r}")


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    """Every test runs with outgoing connections and name lookups refused."""
    patched = {
        (socket.socket, "connect"): socket.socket.connect,
        (socket.socket, "connect_ex"): socket.socket.connect_ex,
        (socket, "create_connection"): socket.create_connection,
        (socket, "getaddrinfo"): socket.getaddrinfo,
    }
    for (owner, name), _ in patched.items():
        setattr(owner, name, _refuse)
    yield
    for (owner, name), original in patched.items():
        setattr(owner, name, original)


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
    return jpdx.versions()[-1]
