"""jpdx against bare polars and pydantic on the same files: every figure of the performance targets.

    uv run --no-sync python bench/run.py           # full run (a few minutes)
    uv run --no-sync python bench/run.py --quick   # fewer rounds, no scale figures (< 1 minute)

Each compared figure comes from paired rounds: in a round, jpdx and the bare library (or
the outside reference) are each timed once, in a shuffled order, and the round gives one
ratio. The ratio shown is the interquartile mean of the rounds' log ratios, with its 99 %
confidence interval; rounds go on, up to a limit, until that interval lies on one side of
the target, so a close figure gets many rounds and a clear one few. Cold starts are whole
processes of this interpreter. The scale figures use synthetic releases written to a
temporary folder and deleted afterwards. See bench/README.md for the recorded results.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Mapping, Sequence
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the builder, from the checkout
from release_builder.release_files import write_release

PREFECTURE, PREFIX, FIELD = "兵庫県", "28", "tourism"
# Growth with size passes when at most linear, or, where polars' own operation on the
# same files grows faster than linear on this machine, within this factor of polars'.
GROWTH_MARGIN = 1.1
NAMES = ("下関市", "Shimonoseki", "しものせき", "352012", "兵庫県", "宇部市")
# The largest national table, one of its indicators and a word of its text column.
NATIONAL, INDICATOR, WORD = "indicator_values", "card-rate", "篠山"
# The analysis layer's figures: a panel of five indicators (numbers and yes/no answers),
# one indicator's tidy frame, one place.
PANEL = ("card-rate", "card-cards-issued", "dx-cio-appointed", "dx-ai-adoption", "dx-moving-out")
PLACE = "下関市"
# The statistic of the rounds: the mean of their logs after dropping this share at each end
# (0.25: the interquartile mean, nearly as steady as the median on a shared machine, and
# with a confidence interval from few rounds).
TRIM = 0.25
# Two-sided 99 % quantiles of Student's t (0.995), by degrees of freedom 1-30; beyond, ~normal.
_T995 = (
    63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169,
    3.106, 3.055, 3.012, 2.977, 2.947, 2.921, 2.898, 2.878, 2.861, 2.845,
    2.831, 2.819, 2.807, 2.797, 2.787, 2.779, 2.771, 2.763, 2.756, 2.750,
)  # fmt: skip
# A figure whose every round is further than FAR from its target settles after min_rounds;
# one whose interval excludes the target settles after 3 rounds if its statistic is further
# than CLEAR from it, else after close_rounds.
FAR, CLEAR = 1.5, 1.25
# The benchmark asks for this scheduling priority (a nice value) where it may.
PRIORITY = -10
UNITS = {"s": 1.0, "ms": 1e3, "µs": 1e6}


@dataclass(frozen=True)
class Figure:
    """One figure: jpdx's value, the bare library's, their ratio, and the target.

    ``ratio`` is given when it comes from paired rounds (the statistic of the rounds'
    ratios, not the ratio of two statistics), with its 99 % ``interval`` and ``rounds``.
    """

    what: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_what: str = ""
    max_ratio: float | None = None
    max_value: float | None = None
    paired_ratio: float | None = None
    interval: tuple[float, float] | None = None  # of the ratio, or of the value if no ratio
    rounds: int | None = None
    settled: bool = True  # False: the rounds ran out while the interval reached the target

    @property
    def ratio(self) -> float | None:
        if self.paired_ratio is not None:
            return self.paired_ratio
        return None if self.baseline is None else self.value / self.baseline

    @property
    def passed(self) -> bool:
        ok = True
        if self.max_ratio is not None:
            ok = ok and self.ratio is not None and self.ratio <= self.max_ratio
        if self.max_value is not None:
            ok = ok and self.value <= self.max_value
        return ok

    @property
    def close(self) -> bool:
        """Whether the rounds ran out before the figure was settled (see ``_settled``)."""
        return not self.settled

    def target(self) -> str:
        parts = []
        if self.max_value is not None:
            parts.append(f"≤ {_number(self.max_value)} {self.unit}")
        if self.max_ratio is not None:
            parts.append(f"ratio ≤ {self.max_ratio:g}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Settings:
    name: str
    min_rounds: int  # paired rounds every compared figure gets
    close_rounds: int  # rounds before a figure within a factor CLEAR of its target settles
    max_rounds: int  # at most, for a figure whose interval still reaches across its target
    info_rounds: int  # rounds of a figure without a target
    total: float  # seconds for the analysis and whole-process rounds past the first min_rounds
    budget: float  # seconds of each group of in-process rounds past the first min_rounds
    seconds: float  # the least time of one in-process timing of a fast call
    sizes: tuple[int, ...]  # rows of the synthetic releases (none: no scale figures)
    whole_national_records: bool  # validate all rows of the largest national table


QUICK = Settings(
    name="quick",
    min_rounds=2,
    close_rounds=6,
    max_rounds=100,
    info_rounds=2,
    total=40,
    budget=2.5,
    seconds=0.002,
    sizes=(),
    whole_national_records=False,
)
FULL = Settings(
    name="full",
    min_rounds=5,
    close_rounds=11,
    max_rounds=150,
    info_rounds=11,
    total=180,
    budget=15,
    seconds=0.005,
    sizes=(10_000, 100_000, 1_000_000),
    whole_national_records=True,
)
LARGEST = 1_000_000  # the size the scale targets are set at (the full run only)


# -- measuring ----------------------------------------------------------------------------

Measure = Callable[[], float]
"""One timing, in seconds (per call, for a repeated in-process call)."""


@dataclass(frozen=True)
class Check:
    """A figure to measure: ``ours`` against ``base`` (keys of the measures), and its target."""

    what: str
    ours: str
    unit: str
    base: str | None = None
    base_what: str = ""
    max_ratio: float | None = None
    max_value: float | None = None  # in ``unit``

    @property
    def has_target(self) -> bool:
        return self.max_ratio is not None or self.max_value is not None


def trimmed(logs: Sequence[float]) -> tuple[float, float]:
    """The trimmed mean of ``logs`` and the half-width of its 99 % confidence interval.

    Tukey and McLaughlin's interval: the winsorised standard deviation over the number of
    values kept, with Student's t at (kept - 1) degrees of freedom. Infinite below 3 values.
    """
    values = sorted(logs)
    n = len(values)
    cut = int(TRIM * n)
    kept = values[cut : n - cut]
    mean = statistics.fmean(kept)
    if len(kept) < 3:
        return mean, math.inf
    winsorised = [min(max(v, kept[0]), kept[-1]) for v in values]
    spread = statistics.stdev(winsorised)
    df = len(kept) - 1
    t = _T995[df - 1] if df <= len(_T995) else 2.576
    return mean, t * spread * math.sqrt(n) / len(kept)


Pair = tuple[float, float | None]
"""One round of a check: the seconds of jpdx's side and of the bare library's (if any)."""


def _logs(check: Check, pairs: Sequence[Pair], ratio: bool) -> list[float]:
    if ratio:
        return [math.log(ours / base) for ours, base in pairs if base is not None]
    return [math.log(ours * UNITS[check.unit]) for ours, _ in pairs]


def _settled(check: Check, pairs: Sequence[Pair], settings: Settings) -> bool:
    """Whether the check needs no more rounds: every target lies outside its interval."""
    if not check.has_target:
        return len(pairs) >= settings.info_rounds
    for limit, ratio in ((check.max_ratio, True), (check.max_value, False)):
        if limit is None:
            continue
        logs = _logs(check, pairs, ratio)
        if len(logs) < settings.min_rounds:
            return False
        # Every round beyond a factor FAR on the same side: settled without an interval.
        far = math.log(FAR)
        if all(x - math.log(limit) > far for x in logs):
            continue
        if all(math.log(limit) - x > far for x in logs):
            continue
        mean, half = trimmed(logs)
        distance = abs(mean - math.log(limit))
        # A few rounds of a heavy-tailed timing can agree by chance: they settle only a
        # figure far from its target; a near one needs close_rounds.
        needed = 3 if distance > math.log(CLEAR) else settings.close_rounds
        if len(logs) < needed or distance <= half:
            return False
    return True


def _sureness(check: Check, pairs: Sequence[Pair]) -> float:
    """How far the statistic is from the nearest target, in half-widths of its interval
    (0 when unknown): at 1 or more the figure is settled once it has its rounds."""
    sureness = math.inf
    for limit, ratio in ((check.max_ratio, True), (check.max_value, False)):
        if limit is not None:
            mean, half = trimmed(_logs(check, pairs, ratio))
            sureness = min(sureness, abs(mean - math.log(limit)) / half if half else math.inf)
    if not check.has_target:
        return 1.0
    return 0.0 if math.isinf(sureness) else sureness


def compare(
    measures: Mapping[str, Measure],
    checks: Sequence[Check],
    settings: Settings,
    budget: float = math.inf,
    deadline: float = math.inf,
    max_rounds: int | None = None,
    seed: int = 12,
) -> list[Figure]:
    """Time ``checks`` in paired rounds until each is settled, or the rounds or time end.

    A round of a check times its two sides one right after the other, in a random order,
    so a change in the machine's load falls on both. First every check gets
    ``min_rounds`` rounds, in turn; then the unsettled check that has taken the least time
    so far gets the next round, its time weighted by how sure its verdict is (down to a
    quarter for one at its target), so a cheap figure gets many rounds, a slow one its
    share and a close one up to four shares, for ``budget`` seconds. No round starts that would end after ``deadline``
    (a ``time.perf_counter()`` value).
    """
    limit = settings.max_rounds if max_rounds is None else max_rounds
    coin = random.Random(seed)
    pairs: list[list[Pair]] = [[] for _ in checks]
    spent = [0.0 for _ in checks]
    open_ = set(range(len(checks)))
    settled: set[int] = set()

    def run(i: int) -> None:
        check = checks[i]
        start = time.perf_counter()
        if check.base is None:
            pairs[i].append((measures[check.ours](), None))
        elif coin.random() < 0.5:
            ours = measures[check.ours]()
            pairs[i].append((ours, measures[check.base]()))
        else:
            base = measures[check.base]()
            pairs[i].append((measures[check.ours](), base))
        spent[i] += time.perf_counter() - start
        if _settled(check, pairs[i], settings):
            settled.add(i)
        if i in settled or len(pairs[i]) >= limit:
            open_.discard(i)

    def fits(i: int, end: float) -> bool:
        cost = spent[i] / len(pairs[i]) if pairs[i] else 0.0
        return time.perf_counter() + cost <= end

    for _ in range(settings.min_rounds):
        for i in sorted(open_):
            if pairs[i] and not fits(i, deadline):
                break
            run(i)
    end = min(deadline, time.perf_counter() + budget)
    while open_:
        i = min(open_, key=lambda i: (spent[i] * max(_sureness(checks[i], pairs[i]), 0.25), i))
        if not fits(i, end):
            break
        run(i)
    return [
        _figure(check, p, settled=i in settled or not check.has_target)
        for i, (check, p) in enumerate(zip(checks, pairs, strict=True))
    ]


def _figure(check: Check, pairs: Sequence[Pair], settled: bool) -> Figure:
    scale = UNITS[check.unit]
    mean, half = trimmed(_logs(check, pairs, False))
    value, interval = math.exp(mean), (math.exp(mean - half), math.exp(mean + half))
    baseline = ratio = None
    if check.base is not None:
        base = [math.log(b * scale) for _, b in pairs if b is not None]
        baseline = math.exp(trimmed(base)[0])
        mean, half = trimmed(_logs(check, pairs, True))
        ratio, interval = math.exp(mean), (math.exp(mean - half), math.exp(mean + half))
    return Figure(
        check.what,
        value,
        check.unit,
        baseline,
        check.base_what,
        check.max_ratio,
        check.max_value,
        paired_ratio=ratio,
        interval=interval if check.has_target else None,
        rounds=len(pairs),
        settled=settled,
    )


def calls(function: Callable[[], object], seconds: float) -> Measure:
    """A timing of ``function`` repeated often enough to last ``seconds`` (once when 0)."""
    timer = timeit.Timer(function)
    number = 1
    while seconds and (elapsed := timer.timeit(number)) < seconds:
        number = max(number * 2, int(number * seconds / max(elapsed, 1e-9)))

    def measure() -> float:
        return timer.timeit(number) / number

    return measure


def bytecode_cache() -> Path:
    """The private bytecode cache of the child processes (``PYTHONPYCACHEPREFIX``).

    An installed wheel has its ``.pyc`` files (pip compiles them at install; ``uv sync``
    does not), so the children get them too, in a folder of the user's cache kept from
    one run to the next: the warm-up writes what is missing or stale (Python checks each
    file's source time and size), without touching the source tree or the environment.
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "jpdx-bench" / "pycache"


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache())
    return env


Command = str | Sequence[str]
"""``python -c CODE`` for a string, else the arguments after ``python``."""


def process(command: Command, cwd: Path) -> Measure:
    """Wall seconds of one run of ``python`` with ``command``, as a new process."""
    argv = [sys.executable, *(["-c", command] if isinstance(command, str) else command)]
    env = _environment()

    def measure() -> float:
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    return measure


def warm_up(commands: Sequence[Command], cwd: Path) -> None:
    """Run every command once, unmeasured, in two processes side by side (this machine has
    two cores or more; nothing is timed yet): this writes the bytecode of every module they
    import and reads their files into the file cache."""
    halves = [commands[0::2], commands[1::2]]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _in_one_process(half)],
            cwd=cwd,
            env=_environment(),
            stdout=subprocess.DEVNULL,
        )
        for half in halves
    ]
    for process_ in children:
        if process_.wait():
            raise subprocess.CalledProcessError(process_.returncode, process_.args)


def _in_one_process(commands: Sequence[Command]) -> str:
    lines = ["import contextlib, io, runpy, sys"]
    for command in commands:
        if isinstance(command, str):
            lines.append(f"exec({command!r}, {{}})")
        else:
            assert list(command[:2]) == ["-m", "jpdx"], command
            lines.append(
                "with contextlib.redirect_stdout(io.StringIO()):\n"
                f"    sys.argv = ['jpdx', *{list(command[2:])!r}]\n"
                "    try:\n"
                "        runpy.run_module('jpdx', run_name='__main__')\n"
                "    except SystemExit:\n"
                "        pass"
            )
    return "\n".join(lines)


def child(code: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=_environment(),
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


def bundled_files(table: str, version: str | None = None) -> list[str]:
    """The stored files of a table: one, or its parts in row order."""
    store = bundled()
    root = Path(jpdx.__file__).parent / "data" / "releases"
    return [str(root / path) for path in store.entry(table, store.resolve(version)).paths]


def bundled_file(table: str, version: str | None = None) -> Path:
    """The one stored file of a table that is not stored in parts."""
    (file,) = bundled_files(table, version)
    return Path(file)


BARE_READ = "pl.concat([pl.read_parquet(f) for f in {files!r}], how='diagonal_relaxed')"
"""A table's stored files read by bare polars: its parts one after the other, a column a part
lacks as nulls (what jpdx does, so the two read the same rows)."""


def bare_read(files: list[str]) -> pl.DataFrame:
    """:data:`BARE_READ`, in this process."""
    frame: pl.DataFrame = eval(BARE_READ.format(files=files), {"pl": pl})
    return frame


def whole_processes(settings: Settings, cwd: Path, deadline: float) -> list[Figure]:
    """What a person feels, as whole processes: the import, cold loads, a place lookup and
    the CLI, against polars, pycountry's lookup, palmerpenguins' load and jpdx's own import
    and load; for the bundled programs table and the largest national table."""
    loaded = child(
        "import sys, jpdx; print(','.join(m for m in ('polars', 'pydantic') if m in sys.modules))",
        cwd,
    )
    store = bundled()
    version = store.releases_with(NATIONAL)[-1]
    rows = store.entry(NATIONAL, version).rows
    commands: dict[str, Command] = {
        "import": "import jpdx",
        "import polars": "import polars",
        "load": "import jpdx; jpdx.load('programs')",
        "read": f"import polars as pl; pl.read_parquet({str(bundled_file('programs'))!r})",
        "lookup": "import jpdx; jpdx.municipality('下関市')",
        "code lookup": "import jpdx; jpdx.lg_code('下関市')",
        "pycountry": "import pycountry; pycountry.countries.lookup('Japan')",
        "cli lookup": ["-m", "jpdx", "municipality", "下関市"],
        "show": ["-m", "jpdx", "show", "programs", "--where", f"prefecture={PREFECTURE}"],
        "tables": ["-m", "jpdx", "tables"],
        "versions": ["-m", "jpdx", "versions"],
        "help": ["-m", "jpdx", "--help"],
        "penguins": "from palmerpenguins import load_penguins; load_penguins()",
        "national load": f"import jpdx; jpdx.load({NATIONAL!r}, version={version!r})",
        "national read": (
            "import polars as pl; " + BARE_READ.format(files=bundled_files(NATIONAL, version))
        ),
        "national show": [
            *("-m", "jpdx", "show", NATIONAL, "--version", version),
            *("--where", f"prefecture={PREFECTURE}", "--where", f"indicator_id={INDICATOR}"),
        ],
    }
    with_boundaries = [
        v for v in store.versions() if "boundaries-municipality" in store.manifest(v).lookups
    ]
    if with_boundaries:  # the same features as a GeoJSON file, for json.load
        geojson = bytecode_cache().parent / "boundaries.geojson"
        boundaries = jpdx.boundaries(version=with_boundaries[-1])
        geojson.write_text(
            json.dumps(boundaries, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        commands["boundaries"] = f"import jpdx; jpdx.boundaries(version={with_boundaries[-1]!r})"
        commands["json load"] = f"import json; json.load(open({str(geojson)!r}))"
    warm_up(list(commands.values()), cwd)
    pycountry = "`pycountry.countries.lookup('Japan')`"
    imported = "`import jpdx`"
    national_where = f"--where prefecture={PREFECTURE} --where indicator_id={INDICATOR}"
    checks = [
        Check("`python -c 'import jpdx'`", "import", "ms", "import polars", "`import polars`", 0.4),
        Check(
            "cold `jpdx.load('programs')` (whole process)",
            "load", "ms", "read", "`pl.read_parquet(F)`", 1.10,
        ),
        Check("`jpdx.municipality('下関市')` (whole process)", "lookup", "ms", "pycountry", pycountry, 1.5),
        Check("`jpdx.lg_code('下関市')` (whole process)", "code lookup", "ms", "pycountry", pycountry, 1.5),
        Check("`jpdx municipality 下関市`", "cli lookup", "ms", "pycountry", pycountry, 1.5),
        Check(
            f"`jpdx show programs --where prefecture={PREFECTURE}`",
            "show", "ms", "load", "`jpdx.load('programs')`", 1.25,
        ),
        Check(f"`jpdx tables` (release {version})", "tables", "ms", "import", imported, 1.5),
        Check("`jpdx versions`", "versions", "ms", "import", imported, 1.5),
        Check("`jpdx --help`", "help", "ms", "import", imported, 1.5),
        Check(
            "cold `jpdx.load('programs')`",
            "load", "ms", "penguins", "palmerpenguins `load_penguins()` (pandas)",
        ),
        Check(
            f"cold `jpdx.load({NATIONAL!r})`, {rows:,} rows (whole process)",
            "national load", "ms", "national read", "`pl.read_parquet(F)`", 1.10,
        ),
        Check(
            f"`jpdx show {NATIONAL} --version {version} {national_where}`",
            "national show", "ms", "national load", f"`jpdx.load({NATIONAL!r})`", 1.25,
        ),
    ]  # fmt: skip
    if with_boundaries:
        checks.append(
            Check(
                f"`jpdx.boundaries()`, {len(boundaries['features']):,} municipalities (whole process)",
                "boundaries", "ms", "json load", "`json.load(open(F))`, F the same GeoJSON", 1.5,
            )
        )  # fmt: skip
    measures = {key: process(command, cwd) for key, command in commands.items()}
    return [
        Figure(
            f"`import jpdx` loads polars or pydantic: {loaded or 'neither'}",
            float(len(loaded.split(",")) if loaded else 0),
            "modules",
            max_value=0,
        ),
        *compare(measures, checks, settings, deadline=deadline),
    ]


def warm(settings: Settings) -> list[Figure]:
    frames = [jpdx.load(t) for t in TABLES]

    def load_all() -> None:
        for table in TABLES:
            jpdx.load(table)

    def clone_all() -> None:
        for frame in frames:
            frame.clone()

    rows = pl.read_parquet(bundled_file("municipalities")).to_dicts()
    adapter = TypeAdapter(list[Municipality])
    assert tuple(adapter.validate_python(rows)) == jpdx.records("municipalities")
    root, version = bundled().root, bundled().resolve(None)
    file = bundled_file("municipalities")
    programs = pl.read_parquet(bundled_file("programs"))

    def by_hand() -> pl.DataFrame:
        return programs.filter(
            pl.col("lg_code").str.starts_with(PREFIX), pl.col("fields").list.contains(FIELD)
        )

    def by_query() -> pl.DataFrame:
        return jpdx.query("programs").where(prefecture=PREFECTURE, field=FIELD).frame()

    assert by_query().equals(by_hand()), "the query and the hand-written filter disagree"

    def lookups() -> None:
        for name in NAMES:
            jpdx.municipality(name)

    lookups()
    per_table, per_name = len(TABLES), len(NAMES)
    fast = settings.seconds
    measures: dict[str, Measure] = {
        "load": _per(calls(load_all, fast), per_table),
        "clone": _per(calls(clone_all, fast), per_table),
        "records": calls(lambda: jpdx.records("municipalities"), fast),
        "validate": calls(lambda: adapter.validate_python(rows), fast),
        "first records": calls(lambda: records(Store(root), "municipalities", version), 0),
        "bare records": calls(lambda: adapter.validate_python(pl.read_parquet(file).to_dicts()), 0),
        "query": calls(by_query, fast),
        "hand": calls(by_hand, fast),
        "lookup": _per(calls(lookups, fast), per_name),
    }
    checks = [
        Check(
            "warm `jpdx.load(t)`, every table",
            "load", "µs", "clone", "`df.clone()`", max_ratio=2, max_value=50,
        ),
        Check(
            "warm `jpdx.records('municipalities')`",
            "records", "µs", "validate",
            "`TypeAdapter(list[Municipality]).validate_python(rows)`", 1.2,
        ),
        Check(
            "first `records('municipalities')` of a store (read, verify, validate)",
            "first records", "µs", "bare records",
            "`validate_python(pl.read_parquet(F).to_dicts())`", 1.2,
        ),
        Check(
            "warm `query('programs').where(prefecture=, field=).frame()`",
            "query", "µs", "hand", "`df.filter(...)` by hand", 1.5,
        ),
        Check(f"warm `jpdx.municipality(name)` ({per_name} names)", "lookup", "µs", max_value=20),
    ]  # fmt: skip
    return compare(measures, checks, settings, settings.budget)


def _per(measure: Measure, count: int) -> Measure:
    return lambda: measure() / count


# -- the national tables ------------------------------------------------------------------


def national(settings: Settings) -> list[Figure]:
    """The largest national table of the newest release: query, records, text search."""
    store = bundled()
    version = store.releases_with(NATIONAL)[-1]
    files = bundled_files(NATIONAL, version)
    rows = store.entry(NATIONAL, version).rows
    frame = bare_read(files)

    def query() -> Query[Any]:
        return jpdx.query(NATIONAL, version=version).where(
            prefecture=PREFECTURE, indicator_id=INDICATOR
        )

    def by_hand() -> pl.DataFrame:
        return frame.filter(
            pl.col("lg_code").str.starts_with(PREFIX), pl.col("indicator_id") == INDICATOR
        )

    assert query().frame().equals(by_hand()), "the query and the hand-written filter disagree"
    model: Any = store.spec(NATIONAL, version)[0].model
    adapter: TypeAdapter[list[Any]] = TypeAdapter(list[model])
    prefecture = jpdx.query(NATIONAL, version=version).where(prefecture=PREFECTURE)
    selected = frame.filter(pl.col("lg_code").str.starts_with(PREFIX))
    assert prefecture.records() == tuple(adapter.validate_python(selected.to_dicts()))

    def text() -> pl.DataFrame:
        return jpdx.query(NATIONAL, version=version).where(text=WORD).frame()

    def contains() -> pl.DataFrame:
        return frame.filter(pl.col("name_as_published").str.contains(WORD, literal=True))

    assert text().equals(contains()), "text= and str.contains disagree"
    fast = settings.seconds
    measures: dict[str, Measure] = {
        "query": calls(lambda: query().frame(), fast),
        "hand": calls(by_hand, fast),
        "selection": calls(
            lambda: (
                Query(Store(store.root), NATIONAL, version).where(prefecture=PREFECTURE).records()
            ),
            0,
        ),
        "selection bare": calls(
            lambda: adapter.validate_python(
                bare_read(files).filter(pl.col("lg_code").str.starts_with(PREFIX)).to_dicts()
            ),
            0,
        ),
        "text": calls(text, fast),
        "contains": calls(contains, fast),
    }
    checks = [
        Check(
            f"warm `query({NATIONAL!r}).where(prefecture=, indicator_id=).frame()`",
            "query", "ms", "hand", "`df.filter(...)` by hand", 1.25,
        ),
        Check(
            f"`query({NATIONAL!r}).where(prefecture=).records()` of a new store, "
            f"{selected.height:,} rows",
            "selection", "ms", "selection bare",
            "`validate_python(rows)` of the same rows, read by hand", 1.2,
        ),
        Check(
            f"warm `query({NATIONAL!r}).where(text={WORD!r}).frame()`",
            "text", "ms", "contains", "`str.contains` over the same column", 2,
        ),
    ]  # fmt: skip
    figures = compare(measures, checks, settings, settings.budget)
    if settings.whole_national_records:
        whole = {
            "records": calls(lambda: records(Store(store.root), NATIONAL, version), 0),
            "bare": calls(lambda: adapter.validate_python(bare_read(files).to_dicts()), 0),
        }
        check = Check(
            f"`records({NATIONAL!r})`, all {rows:,} rows, new store",
            "records", "s", "bare", "`validate_python(pl.read_parquet(F).to_dicts())`", 1.2,
        )  # fmt: skip
        figures += compare(whole, [check], settings, 0, max_rounds=5)
    return figures


# -- analysis -----------------------------------------------------------------------------


def _panel_by_hand(values: list[str], places: Path) -> str:
    """The same panel as ``jpdx.panel(PANEL)``, written by hand in polars on the same files:
    each indicator's latest snapshot per place, yes/no answers as 1/0/null, population,
    pivoted and joined to the municipalities."""
    return f"""
import polars as pl
ids = {[*PANEL, "card-population"]!r}
columns = ("indicator_id", "lg_code", "as_of_date", "snapshot", "value", "answers")
rows = pl.concat(
    [pl.scan_parquet(f).filter(pl.col("indicator_id").is_in(ids)).select(columns) for f in {values!r}]
).collect()
group = ("indicator_id", "lg_code")
latest = rows.filter(pl.col("snapshot").eq_missing(pl.col("snapshot").max().over(group)))
answer = pl.col("answers").list.first()
yes_no = pl.when(answer == "implemented").then(1.0).when(answer == "not-implemented").then(0.0)
cells = latest.with_columns(pl.coalesce("value", yes_no).alias("value"))
wide = cells.pivot(on="indicator_id", index="lg_code", values="value")
places = pl.read_parquet({str(places)!r}).filter(~pl.col("kind").is_in(["prefecture", "ward"]))
places.select("lg_code", "name", "prefecture", "kind").join(wide, on="lg_code", how="left")
"""


def _indicator_by_hand(values: list[str], places: Path, indicators: Path) -> str:
    """``jpdx.indicator(INDICATOR)`` by hand: the indicator's rows with their cited source,
    joined to the places' names and the indicator's unit."""
    return f"""
import polars as pl
source = pl.col("evidence").list.first().struct.field("source_id").alias("source_id")
columns = ("indicator_id", "lg_code", "as_of_date", "snapshot", "value", "answers", source)
rows = pl.concat(
    [pl.scan_parquet(f).filter(pl.col("indicator_id") == {INDICATOR!r}).select(columns) for f in {values!r}]
).collect()
places = pl.read_parquet({str(places)!r}).select("lg_code", "name", "prefecture", "kind")
units = pl.read_parquet({str(indicators)!r}).select("indicator_id", "unit")
rows.join(places, on="lg_code", how="left").join(units, on="indicator_id", how="left")
"""


def analysis(settings: Settings, cwd: Path, deadline: float) -> list[Figure]:
    """The analysis layer as whole processes against the same work by hand in polars on
    the same files, and ``place()`` warm."""
    store = bundled()
    version = store.releases_with(NATIONAL)[-1]
    values, places = bundled_files(NATIONAL, version), bundled_file("municipalities", version)
    indicators = bundled_file("indicators", version)
    load = f"import jpdx; jpdx.load({NATIONAL!r})"
    commands: dict[str, Command] = {
        "panel": f"import jpdx; jpdx.panel({list(PANEL)!r})",
        "panel by hand": _panel_by_hand(values, places),
        "indicator": f"import jpdx; jpdx.indicator({INDICATOR!r})",
        "indicator by hand": _indicator_by_hand(values, places, indicators),
        "place": f"import jpdx; jpdx.place({PLACE!r})",
        "cli place": ["-m", "jpdx", "place", PLACE],
        "load": load,
    }
    warm_up(list(commands.values()), cwd)
    loaded = f"`jpdx.load({NATIONAL!r})`"
    checks = [
        Check(
            f"`jpdx.panel()` of {len(PANEL)} indicators (whole process)",
            "panel", "ms", "panel by hand", "the same pivot-and-join by hand in polars", 1.5,
        ),
        Check(
            f"`jpdx.indicator({INDICATOR!r})` (whole process)",
            "indicator", "ms", "indicator by hand", "the same filter-and-join by hand", 1.25,
        ),
        Check(f"`jpdx.place({PLACE!r})` (whole process)", "place", "ms", "load", loaded, 1.5),
        Check(f"`jpdx place {PLACE}`", "cli place", "ms", "load", loaded, 1.5),
    ]  # fmt: skip
    measures = {key: process(command, cwd) for key, command in commands.items()}
    # Rounds past the first ones get twice an in-process section's time, so that the
    # whole processes of the next section keep theirs.
    figures = compare(measures, checks, settings, 2 * settings.budget, deadline)
    jpdx.place(PLACE)
    codes = iter(store.frame("municipalities", version).get_column("lg_code").to_list() * 50)
    warm = {
        "place": calls(lambda: jpdx.place(PLACE), settings.seconds),
        "new place": calls(lambda: jpdx.place(next(codes)), 0),
    }
    warm_checks = [
        Check(f"warm `jpdx.place({PLACE!r})`", "place", "ms", max_value=20),
        Check("warm `jpdx.place()` of a place not asked before", "new place", "ms"),
    ]
    return figures + compare(warm, warm_checks, settings, settings.budget)


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
        t: release_format.TableEntry.one_file(
            release_format.sha256_bytes(data),
            programs.height if t == "programs" else store.entry(t, version).rows,
            tuple((c, release_format.dtype_name(d)) for c, d in store.schema(t, version).items()),
        )
        for t, data in files.items()
    }
    lookups = dict(store.manifest(version).lookups)  # the same places: the same place index
    stored: dict[str, bytes] = {}
    for name, entry in lookups.items():
        data = store.lookup_bytes(name, version)
        assert data is not None  # listed in the manifest
        stored[entry.sha256] = data
    manifest = release_format.Manifest(
        release=version,
        schema_version=1,
        writer=f"polars {pl.__version__}",
        tables=tables,
        lookups=lookups,
    )
    write_release(
        root, manifest, {**{tables[t].sha256: data for t, data in files.items()}, **stored}
    )
    return root / tables["programs"].paths[0]


def _hand_filter(frame: pl.LazyFrame) -> pl.LazyFrame:
    return frame.filter(
        pl.col("lg_code").str.starts_with(PREFIX), pl.col("fields").list.contains(FIELD)
    )


def _query(store: Store) -> Query[Any]:
    return Query(store, "programs").where(prefecture=PREFECTURE, field=FIELD)


def scale(settings: Settings, tmp: Path) -> list[Figure]:
    """Load and query synthetic releases of growing size, against polars on the same file.

    The targets are set at 1,000,000 rows, which only the full run builds; smaller sizes
    are shown for the growth, which has its own target.
    """
    operations = (
        ("load, first read of a store", "`pl.read_parquet(F)`"),
        ("lazy query, first of a store", "`pl.scan_parquet(F).filter(...).collect()`"),
        ("query `.frame()` on the cached frame", "`df.filter(...)` by hand"),
    )
    timings: dict[str, list[tuple[float, float]]] = {what: [] for what, _ in operations}
    figures: list[Figure] = []
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
        fast = settings.seconds
        measures: dict[str, Measure] = {
            "first load": calls(first_load, fast),
            "read": calls(read_by_hand, fast),
            "first query": calls(first_query, fast),
            "scan": calls(lazy_by_hand, fast),
            "warm query": calls(warm_query, fast),
            "filter": calls(warm_by_hand, fast),
        }
        pairs = (("first load", "read"), ("first query", "scan"), ("warm query", "filter"))
        checks = [
            Check(
                f"{rows:,} rows: {what}",
                ours,
                "ms",
                base,
                baseline,
                max_ratio=1.5 if rows == LARGEST and "query" in what else None,
            )
            for (what, baseline), (ours, base) in zip(operations, pairs, strict=True)
        ]
        # Every size gets the same rounds, as many as a close figure, so the growth (a
        # ratio of two sizes' figures, without an interval of its own) compares like with
        # like and varies little.
        sized = dataclasses.replace(settings, info_rounds=settings.close_rounds)
        measured = compare(measures, checks, sized, settings.budget)
        for (what, _), figure in zip(operations, measured, strict=True):
            assert figure.baseline is not None
            timings[what].append((figure.value, figure.baseline))
        figures += measured
        del warm_store, frame
        if rows == LARGEST:
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
        "| figure | jpdx | bare library | ratio | 99 % interval | rounds | target | result |",
        "| --- | ---: | --- | ---: | --- | ---: | --- | --- |",
    ]
    for f in figures:
        baseline = f"{_number(f.baseline)} {f.unit} {f.baseline_what}" if f.baseline else ""
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}" if f.ratio >= 0.01 else "< 0.01"
        interval = ""
        if f.interval is not None:
            low, high = f.interval
            interval = (
                f"{low:.2f}–{high:.2f}"
                if f.ratio is not None
                else f"{_number(low)}–{_number(high)}"
            )
            if math.isinf(high):
                interval = "—"
        target = f.target()
        result = ("pass" if f.passed else "**FAIL**") if target else "(info)"
        if f.close:
            result += " (close)"
        lines.append(
            f"| {f.what} | {_number(f.value)} {f.unit} | {baseline} | {ratio} | {interval} "
            f"| {f.rounds or ''} | {target or '—'} | {result} |"
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


def _raise_priority() -> str:
    """Ask for a higher scheduling priority, which the child processes inherit: on a
    shared machine other work then takes less of the measured processes' time."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, PRIORITY)
    except (AttributeError, OSError):  # not permitted, or not on this system
        return "normal priority"
    return f"priority raised (nice {PRIORITY})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick", action="store_true", help="fewer rounds, no scale figures (< 1 minute)"
    )
    settings = QUICK if parser.parse_args(argv).quick else FULL
    priority = _raise_priority()
    started, load_before = time.perf_counter(), _load_average()
    figures: list[Figure] = []
    spent: list[str] = []
    with tempfile.TemporaryDirectory(prefix="jpdx-bench-") as tmp:
        # The whole processes come last: their rounds go on while time is left, counted from
        # the end of the sections of fixed length (validating 612,879 national records
        # alone takes minutes, and would otherwise leave them one round each).
        deadline = math.inf
        sections: tuple[tuple[str, Callable[[], list[Figure]]], ...] = (
            ("warm", lambda: warm(settings)),
            ("national", lambda: national(settings)),
            ("scale", lambda: scale(settings, Path(tmp))),
            ("analysis", lambda: analysis(settings, Path(tmp), deadline)),
            ("whole processes", lambda: whole_processes(settings, Path(tmp), deadline)),
        )
        measured: dict[str, list[Figure]] = {}
        for name, section in sections:
            if name == "analysis":
                deadline = time.perf_counter() + settings.total
            start = time.perf_counter()
            measured[name] = section()
            spent.append(f"{name} {time.perf_counter() - start:.0f} s")
        for name in ("whole processes", "analysis", "warm", "national", "scale"):
            figures += measured[name]
    print(machine())
    print(
        f"{settings.name} run, {time.perf_counter() - started:.0f} s ({', '.join(spent)}); "
        f"load average {load_before} before, {_load_average()} after (other work slows both "
        f"sides, so ratios hold better than times); {priority}"
    )
    if not settings.sizes:
        print(
            "the scale figures (synthetic releases of 10,000 to 1,000,000 rows) are measured "
            "in the full run only"
        )
    print()
    print(table(figures))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
