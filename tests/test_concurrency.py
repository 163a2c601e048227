"""Many threads at once: identical results, no exceptions, and every cache filled once.

Each round starts from a cold process state (no bundled store yet) and releases 16
threads together through a barrier. Every thread reads every table by every route
(``load``, ``scan``, ``records``, ``query`` with and without filters, ``len``, place
lookups), in an order that differs between threads, and scribbles on the frames it
got. The round must give every thread the same answers as a single-threaded
reference, create one store, read each file once and build each derived object
(records, indexes, gazetteer) once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import polars as pl
import pytest

import jpdx
import jpdx.store
from jpdx.store import Store

from .conftest import RELEASES, table_path

THREADS = 16
ROUNDS = 4
VERSION = "2026.11.0"  # the curated release: small tables, so 16 threads × 4 rounds stay quick
TABLES = jpdx.tables(version=VERSION)


def _workload(thread: int) -> dict[Hashable, Any]:
    """Everything one thread reads, keyed by what it asked; tables in a thread-dependent order."""
    shift = thread % len(TABLES)
    order = TABLES[shift:] + TABLES[:shift]
    if thread % 2:
        order = tuple(reversed(order))
    got: dict[Hashable, Any] = {"store": jpdx.store.bundled()}
    for table in order:
        frame = jpdx.load(table, version=VERSION)
        got["load", table] = frame.clone()
        frame.drop_in_place(frame.columns[0])  # the caller's own copy: no one else may see it
        got["scan", table] = jpdx.scan(table, version=VERSION).collect()
        got["records", table] = jpdx.records(table, version=VERSION)
        got["len", table] = len(jpdx.query(table, version=VERSION))
        got["text", table] = jpdx.query(table, version=VERSION).where(text="市").frame()
    got["place"] = jpdx.municipality("下関市", version=VERSION)
    got["ambiguous"] = _error_text(lambda: jpdx.municipality("伊達市", version=VERSION))
    got["prefecture"] = jpdx.query("programs", version=VERSION).where(prefecture="兵庫県").records()
    got["fiscal_year"] = jpdx.query("programs", version=VERSION).where(fiscal_year=2024).frame()
    got["kpis_via_programs"] = (
        jpdx.query("kpis", version=VERSION).where(municipality="伊豆の国市").frame()
    )
    return got


def _together(barrier: threading.Barrier, thread: int) -> dict[Hashable, Any]:
    barrier.wait(timeout=60)
    return _workload(thread)


def _error_text(call: Callable[[], object]) -> str:
    try:
        call()
    except jpdx.JpdxError as error:
        return str(error)
    return ""


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, pl.DataFrame):
        return isinstance(b, pl.DataFrame) and a.equals(b)
    return bool(a == b)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, Counter[Hashable]]:
    """Count file reads and memo builds across all threads (the counters take a lock)."""
    lock = threading.Lock()
    counts: dict[str, Counter[Hashable]] = {"files": Counter(), "built": Counter()}
    read_bytes, memo = Store._read_bytes, Store.memo

    def counting_read(self: Store, path: str) -> bytes:
        with lock:
            counts["files"][path] += 1
        return read_bytes(self, path)

    def counting_memo(self: Store, key: Hashable, factory: Callable[[], Any]) -> Any:
        def build() -> Any:
            with lock:
                counts["built"][key] += 1
            return factory()

        return memo(self, key, build)

    monkeypatch.setattr(Store, "_read_bytes", counting_read)
    monkeypatch.setattr(Store, "memo", counting_memo)
    return counts


def test_sixteen_threads_get_identical_results_and_fill_each_cache_once(
    counted: dict[str, Counter[Hashable]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jpdx.store, "_bundled", None)
    reference = _workload(0)  # single-threaded, from a cold start
    files = set(counted["files"])
    built = set(counted["built"])
    newest = VERSION
    stored = {table_path(RELEASES, newest, t).relative_to(RELEASES).as_posix() for t in TABLES}
    assert files >= {"index.json", f"{newest}/manifest.json", *stored}
    for _ in range(ROUNDS):
        monkeypatch.setattr(jpdx.store, "_bundled", None)  # a cold start: no store, no cache
        counted["files"].clear()
        counted["built"].clear()
        barrier = threading.Barrier(THREADS)
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            runs = [pool.submit(_together, barrier, thread) for thread in range(THREADS)]
            results = [run.result() for run in runs]  # re-raises any thread's exception
        assert len({id(r["store"]) for r in results}) == 1, "more than one bundled store"
        for result in results:
            different = [
                k for k in reference if k != "store" and not _same(result[k], reference[k])
            ]
            assert different == []
        for table in TABLES:  # built once and shared: the very same tuple for everyone
            assert len({id(r["records", table]) for r in results}) == 1
        assert set(counted["files"]) == files
        assert set(counted["files"].values()) == {1}, counted["files"]
        assert set(counted["built"]) == built
        assert set(counted["built"].values()) == {1}, counted["built"]
    assert jpdx.load("programs", version=VERSION).equals(reference["load", "programs"])


def test_one_query_shared_by_threads_answers_the_same_everywhere() -> None:
    query = jpdx.query("programs", version=VERSION).where(
        field=["digital_talent", "administration"]
    )
    expected = query.frame()
    barrier = threading.Barrier(THREADS)

    def run(_: int) -> tuple[pl.DataFrame, tuple[Any, ...], int]:
        barrier.wait(timeout=60)
        return query.frame(), query.records(), len(query)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(run, range(THREADS * ROUNDS)))
    for frame, records, length in results:
        assert frame.equals(expected)
        assert [r.program_id for r in records] == expected["program_id"].to_list()
        assert length == expected.height
