"""Command line of the build: ``python -m release_builder [build|check|publish] …``.

* ``build`` (the default): check every curation file and write the release.
* ``check FILE …``: check curation files on their own and list every fact
  mention not yet accounted for — the curator's loop.
* ``publish VERSION``: mark a release immutable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from jpdx import __version__
from jpdx.errors import JpdxError
from release_builder.checks import relational_problems
from release_builder.coverage import context
from release_builder.curation import read_curation
from release_builder.release import (
    collect,
    coverage_of,
    curation_paths,
    load_texts,
    publish,
    read_master,
    write_release,
)

DEFAULT_SEEDS = os.environ.get("JPDX_SEEDS", "../shared/seeds")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m release_builder", description=__doc__)
    parser.add_argument(
        "command", nargs="?", default="build", choices=["build", "check", "publish"]
    )
    parser.add_argument("args", nargs="*", help="curation files (check) or a version (publish)")
    parser.add_argument("--sources", type=Path, default=Path("sources"))
    parser.add_argument("--seeds", type=Path, default=Path(DEFAULT_SEEDS))
    parser.add_argument("--releases", type=Path, default=Path("src/jpdx/data/releases"))
    parser.add_argument("--version", default=__version__, help="release to build")
    parser.add_argument(
        "--pins",
        type=Path,
        default=Path("src/jpdx/published.py"),
        help="the module that pins published releases (publish)",
    )
    return parser


def _check(paths: list[Path], sources: Path, seeds: Path) -> int:
    """Check curation files on their own; evidence other files give them counts for coverage."""
    master = read_master(sources)
    others = [p for p in curation_paths(sources) if p.resolve() not in {q.resolve() for q in paths}]
    texts = load_texts([*paths, *others], seeds)
    curations = [read_curation(path, texts) for path in paths]
    quoting = list(curations)
    for other in others:
        try:
            quoting.append(read_curation(other, texts))
        except JpdxError as error:
            print(f"note: {other} does not check ({error}); its evidence is not counted")
    status = 0
    for curation in curations:
        path = curation.path
        for problem in relational_problems({"municipalities": master, **curation.rows}):
            print(f"{path}: {problem}")
            status = 1
        text = texts[curation.source_id]
        coverage = coverage_of(curation, text, quoting)
        counts = {t: len(r) for t, r in curation.rows.items()}
        print(f"{path}: records {counts}")
        print(f"{path}: {coverage.summary()}")
        for mention in coverage.unaccounted:
            print(f"  unaccounted {mention.kind} at {mention.start}: {context(text, mention)}")
        for skip in coverage.stale_skips:
            print(f"  skipped entry matches no mention: {skip.mention!r}")
        if not coverage.complete:
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    try:
        if options.command == "check":
            return _check([Path(a) for a in options.args], options.sources, options.seeds)
        if options.command == "publish":
            (version,) = options.args
            publish(version, options.releases, dt.date.today().isoformat(), options.pins)
            print(f"published {version}")
            return 0
        built = collect(options.sources, options.seeds)
        for coverage in built.coverage:
            print(coverage.summary())
        target = write_release(built, options.version, options.releases)
        counts = ", ".join(f"{t} {len(rows)}" for t, rows in sorted(built.rows.items()))
        print(f"wrote {target}: {counts}")
        return 0
    except JpdxError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
