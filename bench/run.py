"""jpdx against bare polars and pydantic on the same files: every figure of the performance targets.

    uv run --no-sync python bench/run.py           # full run (a few minutes)
    uv run --no-sync python bench/run.py --quick   # fewer repetitions (under a minute)

Each figure is the median of several runs, measured in this one run for jpdx and for the
bare library, and printed with its ratio and pass/fail against the target. Cold starts are
whole processes of this interpreter. The scale figures use synthetic releases written to
a temporary folder and deleted afterwards. See bench/README.md for the recorded results.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pydantic
from pydantic import TypeAdapter

import jpdx
from jpdx import release_format
from jpdx.models import Municipality
from jpdx.queries import Query
from jpdx.recordsets import records
from jpdx.store import Store, bundled
from jpdx.tablespec import TABLES

PREFECTURE, PREFIX, FIELD = "兵庫県", "28", "tourism"
# Growth with size passes when at most linear, or, where polars' own operation on the
# same files grows faster than linear on this machine, within this factor of polars'.
GROWTH_MARGIN = 1.1
NAMES = ("下関市", "Shimonoseki", "しものせき", "352012", "兵庫県", "宇部市")
# The largest national table, one of its indicators and a word of its text column.
NATIONAL, INDICATOR, WORD = "indicator_values", "card-rate", "篠山"


@dataclass(frozen=True)
class Figure:
    """One measured figure: jpdx's value, the bare library's, and the target."""

    what: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_what: str = ""
    max_ratio: float | None = None
    max_value: float | None = None

    @property
    def ratio(self) -> float | None:
        return None if self.baseline is None else self.value / self.baseline

    @property
    def passed(self) -> bool:
        ok = True
        if self.max_ratio is not None:
            ok = ok and self.ratio is not None and self.ratio <= self.max_ratio
        if self.max_value is not None:
            ok = ok and self.value <= self.max_value
        return ok

    def target(self) -> str:
        parts = []
        if self.max_value is not None:
            parts.append(f"≤ {_number(self.max_value)} {self.unit}")
        if self.max_ratio is not None:
            parts.append(f"ratio ≤ {self.max_ratio:g}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Settings:
    processes: int  # runs of each whole-process command
    repeats: int  # in-process repeats (the median is taken)
    seconds: float  # the least time of one in-process repeat of a fast call
    scale_repeats: int
    whole_national_records: bool  # validate all rows of the largest national table
    sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)


QUICK = Settings(
    processes=9, repeats=5, seconds=0.02, scale_repeats=3, whole_national_records=False
)
FULL = Settings(
    processes=31, repeats=15, seconds=0.2, scale_repeats=11, whole_national_records=True
)


# -- measuring ----------------------------------------------------------------------------


def timed(*functions: Callable[[], object], repeats: int, seconds: float = 0) -> list[float]:
    """Median seconds per call of each function, the functions timed in alternation.

    Alternating spreads any change in the machine's load over all of them. Each timing
    calls a function often enough to last ``seconds`` (once when 0).
    """
    timers = [timeit.Timer(function) for function in functions]
    numbers = []
    for timer in timers:
        number = 1
        while (elapsed := timer.timeit(number)) < seconds:
            number = max(number * 2, int(number * seconds / max(elapsed, 1e-9)))
        numbers.append(number)
    times: list[list[float]] = [[] for _ in timers]
    for _ in range(repeats):
        for timer, number, measured in zip(timers, numbers, times, strict=True):
            measured.append(timer.timeit(number) / number)
    return [statistics.median(t) for t in times]


def _environment(cwd: Path) -> dict[str, str]:
    """The environment of child processes: a private bytecode cache, written on first use.

    An installed wheel has its ``.pyc`` files (pip compiles them at install); here the
    first round of runs writes them for jpdx and polars alike, without touching the
    source tree or the virtual environment.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cwd / "pycache")
    return env


def processes(codes: Sequence[str | Sequence[str]], runs: int, cwd: Path) -> list[float]:
    """Median wall seconds of each command, runs interleaved: a string is ``python -c CODE``,
    a sequence the arguments after ``python`` (``["-m", "jpdx", "tables"]``)."""
    times: list[list[float]] = [[] for _ in codes]
    env = _environment(cwd)
    argvs = [["-c", code] if isinstance(code, str) else list(code) for code in codes]
    for run in range(runs + 1):
        for i, argv in enumerate(argvs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, *argv], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL
            )
            if run:  # the first round writes the bytecode and warms the file cache
                times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def child(code: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=_environment(cwd),
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


_PEAK = """
import resource, sys

def peak():  # KiB; VmHWM starts afresh at exec, unlike ru_maxrss, which a child inherits on Linux
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)

{setup}
before = peak()
result = {operation}
print(peak() - before)
"""


def peak_memory(setup: str, operation: str, cwd: Path) -> float:
    """MiB by which ``operation`` raises the peak resident memory of a fresh process."""
    return int(child(_PEAK.format(setup=setup, operation=operation), cwd)) / 1024


# -- the figures --------------------------------------------------------------------------


def bundled_file(table: str) -> Path:
    store = bundled()
    version = store.resolve(None)
    root = Path(jpdx.__file__).parent / "data" / "releases"
    return root / store.entry(table, version).path


def cold_start(settings: Settings, cwd: Path) -> list[Figure]:
    loaded = child(
        "import sys, jpdx; print(','.join(m for m in ('polars', 'pydantic') if m in sys.modules))",
        cwd,
    )
    programs = bundled_file("programs")
    jpdx_import, polars_import, jpdx_load, polars_read = processes(
        [
            "import jpdx",
            "import polars",
            "import jpdx; jpdx.load('programs')",
            f"import polars as pl; pl.read_parquet({str(programs)!r})",
        ],
        settings.processes,
        cwd,
    )
    return [
        Figure(
            f"`import jpdx` loads polars or pydantic: {loaded or 'neither'}",
            float(len(loaded.split(",")) if loaded else 0),
            "modules",
            max_value=0,
        ),
        Figure(
            "`python -c 'import jpdx'`",
            jpdx_import * 1e3,
            "ms",
            polars_import * 1e3,
            "`import polars`",
            max_ratio=0.4,
        ),
        Figure(
            "cold `jpdx.load('programs')` (whole process)",
            jpdx_load * 1e3,
            "ms",
            polars_read * 1e3,
            "`pl.read_parquet(F)`",
            max_ratio=1.10,
        ),
    ]


def warm(settings: Settings) -> list[Figure]:
    def fast(*functions: Callable[[], object]) -> list[float]:
        return timed(*functions, repeats=settings.repeats, seconds=settings.seconds)

    frames = [jpdx.load(t) for t in TABLES]

    def load_all() -> None:
        for table in TABLES:
            jpdx.load(table)

    def clone_all() -> None:
        for frame in frames:
            frame.clone()

    load, clone = (t / len(TABLES) for t in fast(load_all, clone_all))

    rows = pl.read_parquet(bundled_file("municipalities")).to_dicts()
    adapter = TypeAdapter(list[Municipality])
    assert tuple(adapter.validate_python(rows)) == jpdx.records("municipalities")
    warm_records, validate = fast(
        lambda: jpdx.records("municipalities"), lambda: adapter.validate_python(rows)
    )

    root, version = bundled().root, bundled().resolve(None)
    file = bundled_file("municipalities")
    cold_records, bare_records = timed(
        lambda: records(Store(root), "municipalities", version),
        lambda: adapter.validate_python(pl.read_parquet(file).to_dicts()),
        repeats=settings.repeats,
    )

    programs = pl.read_parquet(bundled_file("programs"))

    def by_hand() -> pl.DataFrame:
        return programs.filter(
            pl.col("lg_code").str.starts_with(PREFIX), pl.col("fields").list.contains(FIELD)
        )

    def by_query() -> pl.DataFrame:
        return jpdx.query("programs").where(prefecture=PREFECTURE, field=FIELD).frame()

    assert by_query().equals(by_hand()), "the query and the hand-written filter disagree"
    query, hand = fast(by_query, by_hand)

    for name in NAMES:
        jpdx.municipality(name)

    def lookups() -> None:
        for name in NAMES:
            jpdx.municipality(name)

    municipality = fast(lookups)[0] / len(NAMES)
    return [
        Figure(
            "warm `jpdx.load(t)`, every table",
            load * 1e6,
            "µs",
            clone * 1e6,
            "`df.clone()`",
            max_ratio=2,
            max_value=50,
        ),
        Figure(
            "warm `jpdx.records('municipalities')`",
            warm_records * 1e6,
            "µs",
            validate * 1e6,
            "`TypeAdapter(list[Municipality]).validate_python(rows)`",
            max_ratio=1.2,
        ),
        Figure(
            "first `records('municipalities')` of a store (read, verify, validate)",
            cold_records * 1e6,
            "µs",
            bare_records * 1e6,
            "`validate_python(pl.read_parquet(F).to_dicts())`",
            max_ratio=1.2,
        ),
        Figure(
            "warm `query('programs').where(prefecture=, field=).frame()`",
            query * 1e6,
            "µs",
            hand * 1e6,
            "`df.filter(...)` by hand",
            max_ratio=1.5,
        ),
        Figure(
            f"warm `jpdx.municipality(name)` ({len(NAMES)} names)",
            municipality * 1e6,
            "µs",
            max_value=20,
        ),
    ]


def whole_process(settings: Settings, cwd: Path) -> list[Figure]:
    """What a person feels: a place lookup and the CLI, as whole processes, against
    pycountry's lookup, palmerpenguins' load and jpdx's own import and load."""
    jpdx_import = "import jpdx"
    (
        lookup,
        pycountry_lookup,
        cli_lookup,
        show,
        load,
        tables,
        versions,
        help_,
        imported,
        penguins,
    ) = processes(
        [
            "import jpdx; jpdx.municipality('下関市')",
            "import pycountry; pycountry.countries.lookup('Japan')",
            ["-m", "jpdx", "municipality", "下関市"],
            ["-m", "jpdx", "show", "programs", "--where", f"prefecture={PREFECTURE}"],
            "import jpdx; jpdx.load('programs')",
            ["-m", "jpdx", "tables"],
            ["-m", "jpdx", "versions"],
            ["-m", "jpdx", "--help"],
            jpdx_import,
            "from palmerpenguins import load_penguins; load_penguins()",
        ],
        settings.processes,
        cwd,
    )

    def figure(what: str, value: float, base: float, base_what: str, ratio: float | None) -> Figure:
        return Figure(what, value * 1e3, "ms", base * 1e3, base_what, max_ratio=ratio)

    pycountry = "`pycountry.countries.lookup('Japan')`"
    return [
        figure(
            "`jpdx.municipality('下関市')` (whole process)",
            lookup,
            pycountry_lookup,
            pycountry,
            1.5,
        ),
        figure("`jpdx municipality 下関市`", cli_lookup, pycountry_lookup, pycountry, 1.5),
        figure(
            f"`jpdx show programs --where prefecture={PREFECTURE}`",
            show,
            load,
            "`jpdx.load('programs')`",
            1.25,
        ),
        figure("`jpdx tables`", tables, imported, "`import jpdx`", 1.5),
        figure("`jpdx versions`", versions, imported, "`import jpdx`", 1.5),
        figure("`jpdx --help`", help_, imported, "`import jpdx`", 1.5),
        figure(
            "cold `jpdx.load('programs')`",
            load,
            penguins,
            "palmerpenguins `load_penguins()` (pandas)",
            None,
        ),
    ]


# -- the national tables ------------------------------------------------------------------


def national(settings: Settings, cwd: Path) -> list[Figure]:
    """The largest national table of the newest release: load, query, records, text search."""
    store = bundled()
    version = store.releases_with(NATIONAL)[-1]
    file = Path(jpdx.__file__).parent / "data" / "releases" / store.entry(NATIONAL, version).path
    rows = store.entry(NATIONAL, version).rows
    cold, bare_cold = processes(
        [
            f"import jpdx; jpdx.load({NATIONAL!r}, version={version!r})",
            f"import polars as pl; pl.read_parquet({str(file)!r})",
        ],
        settings.processes,
        cwd,
    )
    frame = pl.read_parquet(file)

    def query() -> Query[Any]:
        return jpdx.query(NATIONAL, version=version).where(
            prefecture=PREFECTURE, indicator_id=INDICATOR
        )

    def by_hand() -> pl.DataFrame:
        return frame.filter(
            pl.col("lg_code").str.starts_with(PREFIX), pl.col("indicator_id") == INDICATOR
        )

    assert query().frame().equals(by_hand()), "the query and the hand-written filter disagree"
    warm_query, hand = timed(
        lambda: query().frame(), by_hand, repeats=settings.repeats, seconds=settings.seconds
    )

    model: Any = store.spec(NATIONAL, version)[0].model
    adapter: TypeAdapter[list[Any]] = TypeAdapter(list[model])
    prefecture = jpdx.query(NATIONAL, version=version).where(prefecture=PREFECTURE)
    selected = frame.filter(pl.col("lg_code").str.starts_with(PREFIX))
    assert prefecture.records() == tuple(adapter.validate_python(selected.to_dicts()))
    selection_records, selection_bare = timed(
        lambda: Query(Store(store.root), NATIONAL, version).where(prefecture=PREFECTURE).records(),
        lambda: adapter.validate_python(
            pl.read_parquet(file).filter(pl.col("lg_code").str.starts_with(PREFIX)).to_dicts()
        ),
        repeats=settings.scale_repeats,
    )

    def text() -> pl.DataFrame:
        return jpdx.query(NATIONAL, version=version).where(text=WORD).frame()

    def contains() -> pl.DataFrame:
        return frame.filter(pl.col("name_as_published").str.contains(WORD, literal=True))

    assert text().equals(contains()), "text= and str.contains disagree"
    warm_text, bare_text = timed(text, contains, repeats=settings.repeats, seconds=settings.seconds)
    figures = [
        Figure(
            f"cold `jpdx.load({NATIONAL!r})`, {rows:,} rows (whole process)",
            cold * 1e3,
            "ms",
            bare_cold * 1e3,
            "`pl.read_parquet(F)`",
            max_ratio=1.10,
        ),
        Figure(
            f"warm `query({NATIONAL!r}).where(prefecture=, indicator_id=).frame()`",
            warm_query * 1e3,
            "ms",
            hand * 1e3,
            "`df.filter(...)` by hand",
            max_ratio=1.25,
        ),
        Figure(
            f"warm `query({NATIONAL!r}).where(prefecture=).records()`, {selected.height:,} rows",
            selection_records * 1e3,
            "ms",
            selection_bare * 1e3,
            "`validate_python(rows)` of the same rows",
            max_ratio=1.2,
        ),
        Figure(
            f"warm `query({NATIONAL!r}).where(text={WORD!r}).frame()`",
            warm_text * 1e3,
            "ms",
            bare_text * 1e3,
            "`str.contains` over the same column",
            max_ratio=2,
        ),
    ]
    if settings.whole_national_records:
        whole, whole_bare = timed(
            lambda: records(Store(store.root), NATIONAL, version),
            lambda: adapter.validate_python(pl.read_parquet(file).to_dicts()),
            repeats=3,
        )
        figures.append(
            Figure(
                f"`records({NATIONAL!r})`, all {rows:,} rows, new store",
                whole,
                "s",
                whole_bare,
                "`validate_python(pl.read_parquet(F).to_dicts())`",
                max_ratio=1.2,
            )
        )
    return figures


# -- scale --------------------------------------------------------------------------------


def synthetic_release(rows: int, root: Path) -> Path:
    """A release of the bundled tables whose programs table is repeated up to ``rows`` rows.

    Program ids are made unique and each row gets a municipality drawn at random, so a
    prefecture filter keeps a realistic share. Returns the programs file.
    """
    store = bundled()
    version = store.resolve(None)
    base = store.frame("programs", version)
    codes = store.frame("municipalities", version).get_column("lg_code")
    programs = (
        pl.concat([base] * math.ceil(rows / base.height))
        .head(rows)
        .with_columns(
            pl.format("{}-{}", "program_id", pl.int_range(pl.len())).alias("program_id"),
            codes.sample(rows, with_replacement=True, seed=rows).alias("lg_code"),
        )
        .sort("program_id")
    )
    buffer = io.BytesIO()
    programs.write_parquet(buffer, compression="zstd", statistics=True)
    files = {t: store.table_bytes(t, version) for t in store.tables(version)}
    files["programs"] = buffer.getvalue()
    tables = {
        t: release_format.TableEntry(
            sha256=release_format.sha256_bytes(data),
            rows=programs.height if t == "programs" else store.entry(t, version).rows,
            columns=tuple(
                (c, release_format.dtype_name(d)) for c, d in store.schema(t, version).items()
            ),
        )
        for t, data in files.items()
    }
    manifest = release_format.Manifest(
        release=version, schema_version=1, writer=f"polars {pl.__version__}", tables=tables
    )
    release_format.write_release(
        root, manifest, {tables[t].sha256: data for t, data in files.items()}
    )
    return root / tables["programs"].path


def _hand_filter(frame: pl.LazyFrame) -> pl.LazyFrame:
    return frame.filter(
        pl.col("lg_code").str.starts_with(PREFIX), pl.col("fields").list.contains(FIELD)
    )


def _query(store: Store) -> Query[Any]:
    return Query(store, "programs").where(prefecture=PREFECTURE, field=FIELD)


def scale(settings: Settings, tmp: Path) -> list[Figure]:
    """Load and query synthetic releases of growing size, against polars on the same file."""
    operations = (
        ("load, first read of a store", "`pl.read_parquet(F)`"),
        ("lazy query, first of a store", "`pl.scan_parquet(F).filter(...).collect()`"),
        ("query `.frame()` on the cached frame", "`df.filter(...)` by hand"),
    )
    timings: dict[str, list[tuple[float, float]]] = {what: [] for what, _ in operations}
    figures: list[Figure] = []
    largest = max(settings.sizes)
    for rows in settings.sizes:
        root = tmp / f"release-{rows}"
        file = synthetic_release(rows, root)
        warm_store = Store(root, published={})
        frame = warm_store.frame("programs")

        def first_load(root: Path = root) -> object:
            return Store(root, published={}).frame("programs")

        def read_by_hand(file: Path = file) -> pl.DataFrame:
            return pl.read_parquet(file)

        def first_query(root: Path = root) -> pl.DataFrame:
            return _query(Store(root, published={})).lazy().collect()

        def lazy_by_hand(file: Path = file) -> pl.DataFrame:
            return _hand_filter(pl.scan_parquet(file)).collect()

        def warm_query(store: Store = warm_store) -> pl.DataFrame:
            return _query(store).frame()

        def warm_by_hand(frame: pl.DataFrame = frame) -> pl.DataFrame:
            return frame.filter(
                pl.col("lg_code").str.starts_with(PREFIX), pl.col("fields").list.contains(FIELD)
            )

        assert first_query().equals(lazy_by_hand()), "the query and polars disagree"
        assert warm_query().equals(warm_by_hand()), "the query and polars disagree"
        pairs: tuple[tuple[Callable[[], object], Callable[[], object]], ...] = (
            (first_load, read_by_hand),
            (first_query, lazy_by_hand),
            (warm_query, warm_by_hand),
        )
        for (what, baseline), (ours, theirs) in zip(operations, pairs, strict=True):
            value, bare = timed(
                ours, theirs, repeats=settings.scale_repeats, seconds=settings.seconds
            )
            timings[what].append((value, bare))
            figures.append(
                Figure(
                    f"{rows:,} rows: {what}",
                    value * 1e3,
                    "ms",
                    bare * 1e3,
                    baseline,
                    max_ratio=1.5 if rows == largest and "query" in what else None,
                )
            )
        del warm_store, frame
        if rows == largest:
            figures += scale_memory(root, file, tmp)
    for what, _ in operations:
        steps = zip(
            settings.sizes, settings.sizes[1:], timings[what], timings[what][1:], strict=False
        )
        for small, big, (ours_small, bare_small), (ours_big, bare_big) in steps:
            linear, bare_growth = big / small, bare_big / bare_small
            figures.append(
                Figure(
                    f"growth of {what}, {small:,} → {big:,} rows",
                    ours_big / ours_small,
                    "×",
                    bare_growth,
                    "polars' own growth",
                    max_value=max(linear, GROWTH_MARGIN * bare_growth),
                )
            )
    return figures


def scale_memory(root: Path, file: Path, cwd: Path) -> list[Figure]:
    """Peak memory of loading and of a lazy query, each in a fresh process, against polars."""
    setup = (
        "import polars as pl\n"
        "from jpdx.store import Store\n"
        "from jpdx.queries import Query\n"
        f"root, file = {str(root)!r}, {str(file)!r}\n"
        "hand = (pl.col('lg_code').str.starts_with(" + repr(PREFIX) + "), "
        "pl.col('fields').list.contains(" + repr(FIELD) + "))\n"
    )
    query = (
        "Query(Store(Path(root), published={}), 'programs')"
        f".where(prefecture={PREFECTURE!r}, field={FIELD!r}).lazy().collect()"
    )
    setup += "from pathlib import Path\n"
    rows = pl.scan_parquet(file).select(pl.len()).collect().item()
    return [
        Figure(
            f"{rows:,} rows: peak memory of load",
            peak_memory(setup, "Store(Path(root), published={}).frame('programs')", cwd),
            "MiB",
            peak_memory(setup, "pl.read_parquet(file)", cwd),
            "`pl.read_parquet(F)`",
            max_ratio=2,
        ),
        Figure(
            f"{rows:,} rows: peak memory of a lazy query",
            peak_memory(setup, query, cwd),
            "MiB",
            peak_memory(setup, "pl.scan_parquet(file).filter(*hand).collect()", cwd),
            "`pl.scan_parquet(F).filter(...).collect()`",
            max_ratio=2,
        ),
    ]


# -- report -------------------------------------------------------------------------------


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def table(figures: Sequence[Figure]) -> str:
    lines = [
        "| figure | jpdx | bare library | ratio | target | result |",
        "| --- | ---: | --- | ---: | --- | --- |",
    ]
    for f in figures:
        baseline = f"{_number(f.baseline)} {f.unit} {f.baseline_what}" if f.baseline else ""
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}" if f.ratio >= 0.01 else "< 0.01"
        target = f.target()
        result = ("pass" if f.passed else "**FAIL**") if target else "(info)"
        lines.append(
            f"| {f.what} | {_number(f.value)} {f.unit} | {baseline} | {ratio} | {target or '—'} "
            f"| {result} |"
        )
    return "\n".join(lines)


def machine() -> str:
    meminfo = Path("/proc/meminfo")
    memory = "?"
    if meminfo.exists():
        total_kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{total_kib / 1024**2:.1f} GiB"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "?"
    return (
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {memory} memory, "
        f"Python {sys.version.split()[0]}, polars {pl.__version__}, pydantic "
        f"{pydantic.VERSION}, jpdx {jpdx.__version__} at commit {commit}"
    )


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:  # not available on this system
        return "?"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (< 1 minute)")
    settings = QUICK if parser.parse_args(argv).quick else FULL
    started, load_before = time.perf_counter(), _load_average()
    with tempfile.TemporaryDirectory(prefix="jpdx-bench-") as tmp:
        figures = cold_start(settings, Path(tmp))
        figures += whole_process(settings, Path(tmp))
        figures += warm(settings)
        figures += national(settings, Path(tmp))
        figures += scale(settings, Path(tmp))
    print(machine())
    print(
        f"{'quick' if settings is QUICK else 'full'} run, {time.perf_counter() - started:.0f} s; "
        f"load average {load_before} before, {_load_average()} after (other work slows both "
        "sides, so ratios hold better than times)\n"
    )
    print(table(figures))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
