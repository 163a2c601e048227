"""Bundled data releases: locate, verify and cache them.

The layout and the manifests are those of :mod:`jpdx.release_format`. Trust runs from
the pins in :mod:`jpdx.published` (in the package code, outside the data folder) to the
manifest of each published release, and from each manifest to the sha256 of every table
file. Every file is verified the first time a process reads it; a mismatch raises
:class:`jpdx.IntegrityError` and no data is returned. A release is read as it was
written: its own table set, and each table's columns as its file and manifest record
them, whatever today's models are.

The verified bytes of each file and the frames read from them are cached per process,
so a file is hashed once; callers get clones. :meth:`Store.scan` reads the verified bytes
lazily, so filters and column selections reach the Parquet reader.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from jpdx.calver import calver_key
from jpdx.errors import (
    IntegrityError,
    InvalidArgumentError,
    TableNotInReleaseError,
    UnknownTableError,
    UnknownVersionError,
    describe,
)
from jpdx.published import PUBLISHED, PUBLISHED_ON
from jpdx.release_format import (
    INDEX,
    LOOKUPS,
    MANIFEST,
    TABLE_FILES,
    Index,
    Manifest,
    TableEntry,
    TablePart,
    aligned,
    dtype_name,
    sha256_bytes,
)
from jpdx.tablespec import SPECS, TableSet, TableSpec

if TYPE_CHECKING:
    from pathlib import Path

    import polars as pl

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

_T = TypeVar("_T")
SCANNED_ROWS = 100_000
"""Tables with more rows are scanned lazily by queries; smaller ones are read whole, once."""


class TableRead(NamedTuple):
    """One table file (or boundaries file) this process has read: what :func:`jpdx.cite`
    reports."""

    table: str
    version: str
    sha256: str
    rows: int


class Store:
    """The releases under one folder (the bundled ones by default).

    ``specs`` are the tables this jpdx knows; ``published`` pins the manifest sha256 of
    every published release (a release the index calls published must be pinned), and
    ``published_on`` the date each was published.
    """

    def __init__(
        self,
        root: Traversable | Path,
        specs: TableSet = SPECS,
        published: Mapping[str, str] = PUBLISHED,
        published_on: Mapping[str, str] = PUBLISHED_ON,
    ) -> None:
        self.root = root
        self.specs = specs
        self.published = dict(published)
        self.published_on = dict(published_on)
        self._lock = threading.RLock()
        self._index: Index | None = None
        self._manifests: dict[str, Manifest] = {}
        self._files: dict[str, bytes] = {}
        # keyed by (table, release) and, for the default release, also by (table, None)
        self._frames: dict[tuple[str, str | None], pl.DataFrame] = {}
        self._reads: dict[tuple[str, str], TableRead] = {}
        self._memo: dict[Hashable, Any] = {}

    # -- releases -------------------------------------------------------------------------

    def _read_bytes(self, path: str) -> bytes:
        node = self.root
        for part in path.split("/"):
            node = node / part
        try:
            return node.read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as error:
            raise IntegrityError(
                f"bundled data file {path} is missing; reinstall jpdx", value=path
            ) from error
        except OSError as error:
            raise IntegrityError(
                f"bundled data file {path} cannot be read ({error.strerror or error}); "
                "check its permissions or reinstall jpdx",
                value=path,
            ) from error

    def index(self) -> Index:
        """The release index, checked against the published pins."""
        with self._lock:
            if self._index is None:
                index = Index.parse(self._read_bytes(INDEX))
                for version, entry in index.releases.items():
                    pinned = self.published.get(version)
                    if entry.published and pinned is None:
                        raise IntegrityError(
                            f"{INDEX} marks release {version} as published, but this jpdx "
                            "pins no such release; the bundled data was modified: reinstall jpdx",
                            value=INDEX,
                        )
                    dated = self.published_on.get(version, entry.published)
                    if pinned is not None and (
                        entry.manifest_sha256,
                        bool(entry.published),
                        entry.published,
                    ) != (pinned, True, dated):
                        raise IntegrityError(
                            f"{INDEX} does not match published release {version} as this jpdx "
                            "pins it; the bundled data was modified: reinstall jpdx",
                            value=INDEX,
                        )
                    if not (self.root / version).is_dir():
                        raise IntegrityError(
                            f"release index {INDEX} is corrupted (it lists release {version}, "
                            "which has no folder); reinstall jpdx",
                            value=INDEX,
                        )
                missing = sorted(set(self.published) - set(index.releases), key=calver_key)
                if missing:
                    raise IntegrityError(
                        f"published release(s) {', '.join(missing)} are missing from {INDEX}; "
                        "reinstall jpdx",
                        value=INDEX,
                    )
                self._index = index
            return self._index

    def versions(self) -> tuple[str, ...]:
        """Every release, oldest first."""
        return self.index().versions

    def default_version(self) -> str:
        """The release read when none is named: the newest published one (the newest
        listed in a development store that has none published)."""
        return self.memo(("default_version",), self._newest_published)

    def _newest_published(self) -> str:
        known = self.versions()
        if not known:
            raise IntegrityError("no data release is bundled; reinstall jpdx", value=None)
        published = [v for v in known if self.index().releases[v].published]
        return (published or list(known))[-1]

    def resolve(self, version: object = None) -> str:
        """The release a ``version=`` argument means: None is the default release."""
        if version is None:
            return self.default_version()
        known = self.versions()
        if isinstance(version, str) and version in known:
            return version
        try:
            calver_key(version)
        except (InvalidArgumentError, UnknownVersionError) as error:
            raise type(error)(
                f"{error}; valid choices: {', '.join(known)}", value=version, choices=known
            ) from error
        raise UnknownVersionError.unknown("version", version, known)

    def manifest(self, version: str) -> Manifest:
        """The verified manifest of a release."""
        with self._lock:
            if version not in self._manifests:
                path = f"{version}/{MANIFEST}"
                try:
                    data = self._read_bytes(path)
                except IntegrityError as error:
                    raise IntegrityError(
                        f"{error} (release {version} is listed in {INDEX})", value=error.value
                    ) from error
                if sha256_bytes(data) != self.index().releases[version].manifest_sha256:
                    raise IntegrityError(
                        f"{path} does not match the sha256 recorded in {INDEX}; "
                        "the bundled data was modified: reinstall jpdx",
                        value=path,
                    )
                self._manifests[version] = Manifest.parse(data, version, self.specs.primary_keys)
            return self._manifests[version]

    def tables(self, version: object = None) -> tuple[str, ...]:
        """The tables of a release, in alphabetical order."""
        return tuple(sorted(self.manifest(self.resolve(version)).tables))

    def releases_with(self, table: str) -> tuple[str, ...]:
        """The releases that have a table, oldest first."""
        return tuple(v for v in self.versions() if table in self.manifest(v).tables)

    def spec(self, table: object, version: object = None) -> tuple[TableSpec, str]:
        """The descriptor of a table and the release it is read from, both checked.

        An unknown name raises :class:`jpdx.UnknownTableError`; a table this release lacks
        raises :class:`jpdx.TableNotInReleaseError` naming the releases that have it.
        """
        release = self.resolve(version)
        tables = self.tables(release)
        if isinstance(table, str) and table in tables:
            return self.specs[table], release
        if not isinstance(table, str):
            raise UnknownTableError(
                f"a table name is a string, got {type(table).__name__} {describe(table)}; "
                f"valid tables: {', '.join(tables)}",
                value=table,
                choices=tables,
            )
        if table in self.specs:
            having = self.releases_with(table)
            raise TableNotInReleaseError(
                f"table {table!r} is not in release {release}; releases that have it: "
                f"{', '.join(having) or 'none bundled'}",
                value=table,
                choices=having,
            )
        raise UnknownTableError.unknown("table", table, tables)

    def entry(self, table: str, version: str) -> TableEntry:
        """The manifest entry of a table of a release (both already checked)."""
        return self.manifest(version).tables[table]

    # -- tables ---------------------------------------------------------------------------

    def frame(self, table: object, version: object = None) -> pl.DataFrame:
        """The verified, cached frame of a table (callers must not mutate it: use clones)."""
        try:
            return self._frames[table, version]  # type: ignore[index]
        except (KeyError, TypeError):  # not read yet, or not a table name and version at all
            pass
        spec, release = self.spec(table, version)
        with self._lock:
            cached = self._frames.get((spec.name, release))
            if cached is None:
                cached = self._read_frame(spec, release)
                self._frames[spec.name, release] = cached
            if version is None:
                self._frames[spec.name, None] = cached
            return cached

    def scan(self, table: object, version: object = None) -> pl.LazyFrame:
        """A table as a LazyFrame: the cached frame once read, else a scan of the verified file.

        The scan pushes filters and column selections into the Parquet reader, so a
        query on a large table never decodes the rows and columns it does not keep. A table
        of at most :data:`SCANNED_ROWS` rows is read whole once and cached instead, so that
        repeated queries filter a frame in memory rather than decode the file again.
        """
        import polars as pl

        spec, release = self.spec(table, version)
        cached = self._frames.get((spec.name, release))
        if cached is not None:
            return cached.lazy()
        entry = self.entry(spec.name, release)
        if entry.rows <= SCANNED_ROWS:
            return self.frame(spec.name, release).lazy()
        scans = [pl.scan_parquet(io.BytesIO(data)) for data in self.part_bytes(spec.name, release)]
        if (spec.name, release) not in self._reads:
            for part, scan in zip(entry.parts, scans, strict=True):
                rows = scan.select(pl.len()).collect().item()
                self._check_part(spec, release, part, rows, scan.collect_schema())
        if entry.columns is None:  # format 1: one file, its own schema
            (lazy,) = scans
        else:
            lazy = pl.concat([aligned(scan, entry.columns) for scan in scans])
        if (spec.name, release) not in self._reads:
            self._check_contents(spec, release, entry.rows, lazy.collect_schema())
        return lazy

    def schema(self, table: object, version: object = None) -> pl.Schema:
        """The columns and types of a table as its release wrote them."""
        spec, release = self.spec(table, version)
        return self.memo(
            ("schema", spec.name, release), lambda: self.scan(spec.name, release).collect_schema()
        )

    def table_bytes(self, table: object, version: object = None) -> bytes:
        """The Parquet file of a table, byte for byte, verified against its manifest sha256;
        for a table stored in parts, one Parquet file of its rows, written from them.

        Each file is read and hashed once per process; later calls return the same bytes.
        """
        spec, release = self.spec(table, version)
        parts = self.part_bytes(spec.name, release)
        if len(parts) == 1:
            return parts[0]

        def write() -> bytes:

            buffer = io.BytesIO()
            self.frame(spec.name, release).write_parquet(buffer, compression="zstd")
            return buffer.getvalue()

        return self.memo(("table_bytes", spec.name, release), write)

    def part_bytes(self, table: object, version: object = None) -> tuple[bytes, ...]:
        """The files of a table (one, or its parts in row order), each verified against its
        manifest sha256 once per process (a file shared by releases is read once)."""
        spec, release = self.spec(table, version)
        entry = self.entry(spec.name, release)
        found = []
        for part in entry.parts:
            data = self._files.get(part.path)
            if data is None:
                with self._lock:
                    data = self._files.get(part.path)
                    if data is None:
                        data = self._verified_bytes(spec.name, release, part)
                        self._files[part.path] = data
            found.append(data)
        return tuple(found)

    def _verified_bytes(self, table: str, version: str, part: TablePart) -> bytes:
        data = self._read_bytes(part.path)
        digest = sha256_bytes(data)
        if digest != part.sha256:
            raise IntegrityError(
                f"{part.path} (table {table} of release {version}) does not match its sha256 "
                f"in {version}/{MANIFEST} (got {digest[:12]}…); the bundled data was modified "
                "or damaged: reinstall jpdx",
                value=part.path,
            )
        return data

    def lookup_bytes(self, name: str, version: str) -> bytes | None:
        """A release's lookup file (:data:`jpdx.release_format.LOOKUPS`), verified against its
        sha256 once per process; None when the release has none. Reading it counts as a read
        of the table it holds (:meth:`reads`)."""
        manifest = self.manifest(version)
        entry = manifest.lookups.get(name)
        if entry is None:
            return None
        table = LOOKUPS[name]
        if table is not None:
            with self._lock:  # the lookup holds that table's rows: a read of its data
                self._reads[(table, version)] = TableRead(
                    table, version, manifest.tables[table].sha256, manifest.tables[table].rows
                )
        data = self._files.get(entry.path)
        if data is None:
            with self._lock:
                data = self._read_bytes(entry.path)
                if sha256_bytes(data) != entry.sha256 or len(data) != entry.bytes:
                    raise IntegrityError(
                        f"{entry.path} (lookup {name} of release {version}) does not match its "
                        f"sha256 in {version}/{MANIFEST}; the bundled data was modified or "
                        "damaged: reinstall jpdx",
                        value=entry.path,
                    )
                self._files[entry.path] = data
        return data

    def _read_frame(self, spec: TableSpec, version: str) -> pl.DataFrame:
        import polars as pl

        entry = self.entry(spec.name, version)
        frames = []
        for part, data in zip(entry.parts, self.part_bytes(spec.name, version), strict=True):
            try:
                frame = pl.read_parquet(io.BytesIO(data))
            except Exception as error:  # pragma: no cover - a verified file always parses
                raise IntegrityError(
                    f"{part.path} cannot be read: {error}", value=part.path
                ) from error
            self._check_part(spec, version, part, frame.height, frame.schema)
            frames.append(frame)
        if entry.columns is None:  # format 1: one file, its own schema
            (frame,) = frames
        else:
            try:
                frame = pl.concat([aligned(f, entry.columns) for f in frames])
            except pl.exceptions.PolarsError as error:
                raise IntegrityError(
                    f"the parts {entry.where} of table {spec.name} of release {version} do not "
                    f"fit its columns: {error}",
                    value=entry.where,
                ) from error
        self._check_contents(spec, version, frame.height, frame.schema)
        return frame

    def _check_part(
        self, spec: TableSpec, version: str, part: TablePart, rows: int, schema: pl.Schema
    ) -> None:
        """Check a verified file's rows and that it holds this table: its own columns, before
        they are aligned to the table's, start with the key and are all the table's."""
        where = f"{part.path} (table {spec.name} of release {version})"
        if rows != part.rows:
            raise IntegrityError(
                f"{where} has {rows} rows but its manifest says {part.rows}", value=part.path
            )
        columns = list(schema)
        if columns[:1] != [spec.primary_key]:
            raise IntegrityError(
                f"{where} does not hold the {spec.name} table (its first column is not "
                f"{spec.primary_key})",
                value=part.path,
            )
        entry = self.entry(spec.name, version)
        if entry.columns is not None:
            known = {name for name, _ in entry.columns}
            foreign = [name for name in columns if name not in known]
            if foreign:
                raise IntegrityError(
                    f"{where} does not hold the {spec.name} table (it has columns the table "
                    f"has not: {', '.join(foreign)})",
                    value=part.path,
                )

    def _check_contents(self, spec: TableSpec, version: str, rows: int, schema: pl.Schema) -> None:
        """Check a verified table's rows and columns (its parts' checked by
        :meth:`_check_part`); record it as read."""
        entry = self.entry(spec.name, version)
        where = f"{entry.where} (table {spec.name} of release {version})"
        if rows != entry.rows:
            raise IntegrityError(
                f"{where} has {rows} rows but its manifest says {entry.rows}", value=entry.where
            )
        if entry.columns is not None:
            found = tuple((name, dtype_name(dtype)) for name, dtype in schema.items())
            if found != entry.columns:
                raise IntegrityError(
                    f"{where} does not have the columns its manifest records", value=entry.where
                )
        with self._lock:
            self._reads[(spec.name, version)] = TableRead(spec.name, version, entry.sha256, rows)

    def note_read(self, name: str, version: str, sha256: str, rows: int) -> None:
        """Record that a verified file other than a table (the boundaries of a level) was read,
        so that :func:`jpdx.cite` names it."""
        with self._lock:
            self._reads[(name, version)] = TableRead(name, version, sha256, rows)

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

    def memoized(self, key: Hashable) -> Any:
        """The value :meth:`memo` computed for ``key``, or None when not computed yet."""
        return self._memo.get(key)

    def reads(self) -> tuple[TableRead, ...]:
        """The table files read so far in this process, in table order."""
        with self._lock:
            reads = list(self._reads.values())
        return tuple(sorted(reads, key=lambda r: (r.table, calver_key(r.version))))

    def verify(self) -> list[str]:
        """Check every file of every release as a first read does, whatever this store cached.

        Returns one message per problem (empty: all good).
        """
        fresh = Store(self.root, self.specs, self.published, self.published_on)  # nothing cached
        try:
            versions = fresh.versions()
            listed = sorted(node.name for node in self.root.iterdir() if node.is_dir())
        except (IntegrityError, OSError) as error:
            return [str(error)]
        problems = [
            f"release folder {name} is not listed in {INDEX}"
            for name in listed
            if not name.startswith(".") and name != TABLE_FILES and name not in versions
        ]
        used: set[str] = set()
        unreadable = False
        for version in versions:
            try:
                manifest = fresh.manifest(version)
            except IntegrityError as error:
                problems.append(str(error))
                unreadable = True
                continue
            used.update(path.split("/")[-1] for path in manifest.files)
            for table in sorted(manifest.tables):
                try:  # its sha256 (each stored file once), then its rows, key and columns
                    fresh.scan(table, version)
                except IntegrityError as error:
                    problems.append(str(error))
            for name in sorted(manifest.lookups):
                try:
                    fresh.lookup_bytes(name, version)
                except IntegrityError as error:
                    problems.append(str(error))
        try:  # files no release refers to (when every manifest could be read)
            stored = [] if unreadable else [n.name for n in (self.root / TABLE_FILES).iterdir()]
        except OSError:
            stored = []
        problems += [
            f"{TABLE_FILES}/{name} belongs to no release"
            for name in sorted(stored)
            if name not in used and not name.startswith(".")
        ]
        return problems


_bundled: Store | None = None
_bundled_lock = threading.Lock()


def bundled() -> Store:
    """The store of the releases shipped inside the installed package."""
    global _bundled
    if _bundled is None:
        from pathlib import Path

        with _bundled_lock:
            if _bundled is None:
                root: Traversable | Path = Path(__file__).parent / "data" / "releases"
                if not root.is_dir():  # jpdx imported from a zip archive
                    from importlib import resources

                    root = resources.files("jpdx") / "data" / "releases"
                _bundled = Store(root)
    return _bundled
