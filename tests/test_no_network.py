"""The test suite cannot reach the network: every way out is refused, and fails the test.

``conftest.py`` replaces the socket calls that connect, send or look up a name
before any test module is collected. A refused attempt raises
``NetworkAccessError``; one that the code under test catches and ignores still
fails the test that made it. Only loopback addresses are used here, so even a
broken guard would send nothing off this machine.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import NetworkAccessError, network_attempts

LOOPBACK = ("127.0.0.1", 9)


def _connect() -> None:
    with socket.socket() as sock:
        sock.connect(LOOPBACK)


def _connect_ex() -> None:
    with socket.socket() as sock:
        sock.connect_ex(LOOPBACK)


def _sendto() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"x", LOOPBACK)


WAYS_OUT: dict[str, Callable[[], object]] = {
    "socket.connect": _connect,
    "socket.connect_ex": _connect_ex,
    "socket.sendto": _sendto,
    "create_connection": lambda: socket.create_connection(LOOPBACK, timeout=0.1),
    "getaddrinfo": lambda: socket.getaddrinfo("localhost", 80),
    "gethostbyname": lambda: socket.gethostbyname("localhost"),
    "gethostbyname_ex": lambda: socket.gethostbyname_ex("localhost"),
    "gethostbyaddr": lambda: socket.gethostbyaddr("127.0.0.1"),
    "getnameinfo": lambda: socket.getnameinfo(LOOPBACK, 0),
    "urllib": lambda: urllib.request.urlopen("http://127.0.0.1:9/", timeout=0.1),
}


@pytest.mark.parametrize("way", sorted(WAYS_OUT))
def test_every_way_out_is_refused_and_recorded(way: str) -> None:
    before = len(network_attempts)
    with pytest.raises(NetworkAccessError):
        WAYS_OUT[way]()
    assert len(network_attempts) == before + 1
    del network_attempts[before:]  # made on purpose: not this test's failure


def test_a_caught_attempt_still_fails_the_test(tmp_path: Path) -> None:
    conftest = Path(__file__).with_name("conftest.py")
    (tmp_path / "conftest.py").write_text(conftest.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "test_quiet.py").write_text(
        textwrap.dedent(
            """
            import socket

            def test_swallows_the_error():
                try:
                    socket.create_connection(("127.0.0.1", 9), timeout=0.1)
                except BaseException:
                    pass
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_quiet.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the test tried to reach the network 1 time(s)" in result.stdout
