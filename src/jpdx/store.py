"""Bundled data releases: locate, verify and cache them.

Each release folder holds one Parquet file per table and a ``manifest.json``
with the sha256 of every file; ``index.json`` beside the folders lists the
releases and the sha256 of each manifest. Every file is verified against its
recorded hash the first time a process reads it; a mismatch raises
:class:`jpdx.IntegrityError` and no data is returned. The verified bytes of each
file (compressed Parquet, small beside the frame) and the frames read from them are
cached per process, so a file is hashed once; callers get clones, so nothing they do
reaches the cache. :meth:`Store.scan` reads the verified bytes lazily, so filters and
column selections reach the Parquet reader instead of decoding the whole table.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from jpdx.calver import calver_key
from jpdx.errors import (
    IntegrityError,
    InvalidArgumentError,
    UnknownTableError,
    UnknownVersionError,
    describe,
)
from jpdx.tablespec import PRIMARY_KEYS, TABLES, TableName

if TYPE_CHECKING:
    from pathlib import Path

    import polars as pl

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

_T = TypeVar("_T")

INDEX = "index.json"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class TableRead:
    """One table file this process has read: what :func:`jpdx.cite` reports."""

    table: TableName
    version: str
    sha256: str
    rows: int


class Store:
    """The releases under one folder (the bundled ones by default)."""

    def __init__(self, root: Traversable | Path) -> None:
        self.root = root
        self._lock = threading.RLock()
        self._index: dict[str, dict[str, Any]] | None = None
        self._versions: tuple[str, ...] = ()
        self._manifests: dict[str, dict[str, Any]] = {}
        self._files: dict[tuple[TableName, str], bytes] = {}
        # keyed by (table, release) and, for the newest release, also by (table, None)
        self._frames: dict[tuple[TableName, str | None], pl.DataFrame] = {}
        self._reads: dict[tuple[TableName, str], TableRead] = {}
        self._memo: dict[Hashable, Any] = {}

    # -- releases -------------------------------------------------------------------------

    def _read_bytes(self, *parts: str) -> bytes:
        node = self.root
        for part in parts:
            node = node / part
        try:
            return node.read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as error:
            raise IntegrityError(
                f"bundled data file {'/'.join(parts)} is missing; reinstall jpdx",
                value="/".join(parts),
            ) from error

    def index(self) -> dict[str, dict[str, Any]]:
        """The release index: version → ``{"manifest_sha256": …, "published": …}``."""
        with self._lock:
            if self._index is None:
                try:
                    data = json.loads(self._read_bytes(INDEX))
                    releases: dict[str, dict[str, Any]] = data["releases"]
                    if not isinstance(releases, dict):
                        raise TypeError("'releases' is not an object")
                    for version, entry in releases.items():
                        calver_key(version)
                        if not isinstance(entry, dict) or not isinstance(
                            entry.get("manifest_sha256"), str
                        ):
                            raise TypeError(f"release {version} has no manifest_sha256")
                        if not (self.root / version).is_dir():
                            raise ValueError(f"it lists release {version}, which has no folder")
                except (ValueError, KeyError, TypeError, UnknownVersionError) as error:
                    raise IntegrityError(
                        f"release index {INDEX} is corrupted ({error}); reinstall jpdx",
                        value=INDEX,
                    ) from error
                self._versions = tuple(sorted(releases, key=calver_key))
                self._index = releases
            return self._index

    def versions(self) -> tuple[str, ...]:
        """Every release, oldest first."""
        if self._index is None:
            self.index()
        return self._versions

    def resolve(self, version: object = None) -> str:
        """The release a ``version=`` argument means: None is the newest."""
        known = self.versions()
        if version is None:
            if not known:
                raise IntegrityError("no data release is bundled; reinstall jpdx", value=None)
            return known[-1]
        if isinstance(version, str) and version in known:
            return version
        try:
            calver_key(version)
        except (InvalidArgumentError, UnknownVersionError) as error:
            raise type(error)(
                f"{error}; valid choices: {', '.join(known)}", value=version, choices=known
            ) from error
        if version not in known:
            raise UnknownVersionError.unknown("version", version, known)
        assert isinstance(version, str)
        return version

    def manifest(self, version: str) -> dict[str, Any]:
        """The verified manifest of a release."""
        with self._lock:
            if version not in self._manifests:
                try:
                    data = self._read_bytes(version, MANIFEST)
                except IntegrityError as error:
                    raise IntegrityError(
                        f"{error} (release {version} is listed in {INDEX})", value=error.value
                    ) from error
                expected = self.index()[version]["manifest_sha256"]
                if hashlib.sha256(data).hexdigest() != expected:
                    raise IntegrityError(
                        f"{version}/{MANIFEST} does not match the sha256 recorded in {INDEX}; "
                        "the bundled data was modified: reinstall jpdx",
                        value=f"{version}/{MANIFEST}",
                    )
                self._manifests[version] = _checked_manifest(version, data)
            return self._manifests[version]

    # -- tables ---------------------------------------------------------------------------

    def frame(self, table: object, version: object = None) -> pl.DataFrame:
        """The verified, cached frame of a table (callers must not mutate it: use clones)."""
        try:
            return self._frames[table, version]  # type: ignore[index]
        except (KeyError, TypeError):  # not read yet, or not a table name and version at all
            pass
        name = check_table(table)
        release = self.resolve(version)
        with self._lock:
            cached = self._frames.get((name, release))
            if cached is None:
                cached = self._read_frame(name, release)
                self._frames[name, release] = cached
            if version is None:
                self._frames[name, None] = cached
            return cached

    def scan(self, table: object, version: object = None) -> pl.LazyFrame:
        """A table as a LazyFrame: the cached frame once read, else a scan of the verified file.

        The scan pushes filters and column selections into the Parquet reader, so a
        query on a large table never decodes the rows and columns it does not keep.
        """
        import polars as pl

        name = check_table(table)
        release = self.resolve(version)
        cached = self._frames.get((name, release))
        if cached is not None:
            return cached.lazy()
        lazy = pl.scan_parquet(io.BytesIO(self.table_bytes(name, release)))
        if (name, release) not in self._reads:
            rows = lazy.select(pl.len()).collect().item()
            self._check_contents(name, release, rows, lazy.collect_schema().names())
        return lazy

    def table_bytes(self, table: object, version: object = None) -> bytes:
        """The Parquet file of a table, byte for byte, verified against its manifest sha256.

        The file is read and hashed once per process; later calls return the same bytes.
        """
        name = check_table(table)
        release = self.resolve(version)
        key = (name, release)
        data = self._files.get(key)
        if data is None:
            with self._lock:
                data = self._files.get(key)
                if data is None:
                    data = self._verified_bytes(name, release)
                    self._files[key] = data
        return data

    def _verified_bytes(self, table: TableName, version: str) -> bytes:
        entry = self.manifest(version)["tables"][table]
        path = f"{version}/{entry['file']}"
        data = self._read_bytes(version, entry["file"])
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry["sha256"]:
            raise IntegrityError(
                f"{path} does not match its sha256 in {version}/{MANIFEST} "
                f"(expected {entry['sha256'][:12]}…, got {digest[:12]}…); the bundled data "
                "was modified or damaged: reinstall jpdx",
                value=path,
            )
        return data

    def _read_frame(self, table: TableName, version: str) -> pl.DataFrame:
        import polars as pl

        data = self.table_bytes(table, version)
        try:
            frame = pl.read_parquet(io.BytesIO(data))
        except Exception as error:  # pragma: no cover - a verified file always parses
            path = f"{version}/{self.manifest(version)['tables'][table]['file']}"
            raise IntegrityError(f"{path} cannot be read: {error}", value=path) from error
        self._check_contents(table, version, frame.height, frame.columns)
        return frame

    def _check_contents(
        self, table: TableName, version: str, rows: int, columns: list[str]
    ) -> None:
        """Check a verified file's row count and key column (first), and record it as read."""
        entry = self.manifest(version)["tables"][table]
        path = f"{version}/{entry['file']}"
        if rows != entry["rows"]:
            raise IntegrityError(
                f"{path} has {rows} rows but its manifest says {entry['rows']}",
                value=path,
            )
        if columns[:1] != [PRIMARY_KEYS[table]]:
            raise IntegrityError(
                f"{path} does not hold the {table} table (its first column is not "
                f"{PRIMARY_KEYS[table]})",
                value=path,
            )
        with self._lock:
            self._reads[(table, version)] = TableRead(table, version, entry["sha256"], rows)

    def memo(self, key: Hashable, factory: Callable[[], _T]) -> _T:
        """A value derived from this store's data, computed once per process and shared."""
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with self._lock:
            if key not in self._memo:
                self._memo[key] = factory()
            return self._memo[key]  # type: ignore[no-any-return]

    def reads(self) -> tuple[TableRead, ...]:
        """The table files read so far in this process, in table order."""
        with self._lock:
            reads = list(self._reads.values())
        return tuple(sorted(reads, key=lambda r: (r.table, calver_key(r.version))))

    def verify(self) -> list[str]:
        """Check every file of every release as a first read does, whatever this store cached.

        Returns one message per problem (empty: all good).
        """
        fresh = Store(self.root)  # nothing cached: every file is read and checked again
        try:
            versions = fresh.versions()
        except IntegrityError as error:
            return [str(error)]
        problems = [
            f"release folder {node.name} is not listed in {INDEX}"
            for node in sorted(self.root.iterdir(), key=lambda node: node.name)
            if node.is_dir() and not node.name.startswith(".") and node.name not in versions
        ]
        for version in versions:
            try:
                fresh.manifest(version)
            except IntegrityError as error:
                problems.append(str(error))
                continue
            for table in TABLES:
                try:
                    fresh._read_frame(table, version)
                except IntegrityError as error:
                    problems.append(str(error))
        return problems


def _checked_manifest(version: str, data: bytes) -> dict[str, Any]:
    """A manifest whose sha256 matched the index, checked to describe this release's tables."""
    where = f"{version}/{MANIFEST}"
    try:
        manifest: dict[str, Any] = json.loads(data)
        tables = manifest["tables"]
        if manifest.get("release") != version or set(tables) != set(TABLES):
            raise ValueError("it describes another release or other tables")
        for table in TABLES:
            entry = tables[table]
            if entry.get("file") != f"{table}.parquet":
                raise ValueError(f"the file of table {table} is {entry.get('file')!r}")
            if not isinstance(entry.get("sha256"), str) or type(entry.get("rows")) is not int:
                raise ValueError(f"table {table} has no sha256 or row count")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise IntegrityError(f"{where} is not a valid manifest: {error}", value=where) from error
    return manifest


def check_table(table: object) -> TableName:
    """``table`` as a table name, or :class:`jpdx.UnknownTableError` listing the tables."""
    if isinstance(table, str) and table in TABLES:
        return table
    if not isinstance(table, str):
        raise UnknownTableError(
            f"a table name is a string, got {type(table).__name__} {describe(table)}; "
            f"valid tables: {', '.join(TABLES)}",
            value=table,
            choices=TABLES,
        )
    raise UnknownTableError.unknown("table", table, TABLES)


_bundled: Store | None = None
_bundled_lock = threading.Lock()


def bundled() -> Store:
    """The store of the releases shipped inside the installed package."""
    global _bundled
    if _bundled is None:
        from importlib import resources

        with _bundled_lock:
            if _bundled is None:
                _bundled = Store(resources.files("jpdx") / "data" / "releases")
    return _bundled
