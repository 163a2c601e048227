"""Broken curation files stop the build with a message naming the file, the record and the problem.

A small, valid world — two source texts, two curation files with every kind of record,
and a slice of the MIC code list — is broken by hypothesis in one way at a time:
a required key removed, a value of the wrong type, a quote that is not in the text,
a duplicated id (in the same file or the other one), a dangling reference, a cycle
of parents, or arbitrary TOML merged in anywhere. The build must then raise
:class:`CurationError` whose message names the file, the record's id (or its
position, when the id itself is what is broken) and the problem; ``python -m
release_builder`` must exit 2 and leave the releases folder exactly as it was. A build
that fails while writing leaves no partial release behind either.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from release_builder.__main__ import main as build_main
from release_builder.errors import CurationError
from release_builder.master import CORRECTIONS_FILE
from release_builder.release import Built, collect, write_release

import jpdx
from jpdx.models import Record
from jpdx.store import Store
from jpdx.tablespec import PRIMARY_KEYS, SPECS

from .conftest import RELEASES, SOURCES, table_path

VERSIONS = jpdx.versions()

TEXT_A = (
    "第1回テスト推進会議 議事録\n"
    "令和6年4月1日(月)\n"
    "山口市は「テスト計画」を定めた。基本目標1「くらしの向上」のもと、主要事業「窓口改革」を進める。\n"
    "「テスト事業」を開始した。参加者は12名であった。\n"
    "KPI:オンライン申請率 現状値20% 目標値50%\n"
    "テスト推進協議会が事業を支援する。\n"
    "住民票の写しをコンビニで交付している。\n"
)
TEXT_B = "宇部市の取組\n宇部市では「うべ窓口」を試行している。\n"
YAMAGUCHI, UBE = "352039", "352021"


def _source(source_id: str, text_file: str, text: str, title: str) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "text_file": text_file,
        "title": title,
        "title_en": "A test document",
        "kind": "meeting_minutes",
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "text_chars": len(text),
        "evidence": [{"quote": title}],
    }


def _program(program_id: str, kind: str, quote: str, **more: Any) -> dict[str, Any]:
    return {
        "program_id": program_id,
        "name": quote.strip("「」"),
        "name_en": program_id.replace("-", " "),
        "kind": kind,
        "fields": ["administration"],
        "evidence": [{"quote": quote}],
        **more,
    }


BASE: dict[str, dict[str, Any]] = {
    "doc-a": {
        "source": _source("doc-a", "a.txt", TEXT_A, "第1回テスト推進会議 議事録"),
        "organizations": [
            {
                "org_id": "test-council",
                "name": "テスト推進協議会",
                "name_en": "Test promotion council",
                "kind": "council",
                "evidence": [{"quote": "テスト推進協議会が事業を支援する。"}],
            }
        ],
        "programs": [
            _program("test-plan", "plan", "「テスト計画」", lg_code=YAMAGUCHI),
            _program("test-goal", "basic_goal", "基本目標1「くらしの向上」", parent_id="test-plan"),
            _program(
                "test-project", "major_project", "主要事業「窓口改革」", parent_id="test-goal"
            ),
            _program(
                "test-program",
                "program",
                "「テスト事業」を開始した。",
                lg_code=YAMAGUCHI,
                organization_ids=["test-council"],
                status="active",
            ),
        ],
        "participant_counts": [
            {
                "count_id": "test-attendees",
                "program_id": "test-program",
                "label": "参加者",
                "category": "attendees",
                "value": 12,
                "unit": "名",
                "qualifier": "exact",
                "evidence": [{"quote": "参加者は12名であった。"}],
            }
        ],
        "kpis": [
            {
                "kpi_id": "test-online-rate",
                "program_id": "test-goal",
                "name": "オンライン申請率",
                "name_en": "Online application rate",
                "unit": "%",
                "direction": "increase",
                "baseline_value": 20.0,
                "target_value": 50.0,
                "evidence": [{"quote": "KPI:オンライン申請率 現状値20% 目標値50%"}],
            }
        ],
        "procedures": [
            {
                "procedure_id": "test-residence-certificate",
                "lg_code": YAMAGUCHI,
                "program_id": "test-program",
                "name": "住民票の写し",
                "name_en": "Copy of the residence certificate",
                "channel": "convenience_store",
                "evidence": [{"quote": "住民票の写しをコンビニで交付している。"}],
            }
        ],
    },
    "doc-b": {
        "source": _source("doc-b", "b.txt", TEXT_B, "宇部市の取組"),
        "programs": [
            _program("ube-counter", "program", "「うべ窓口」を試行している。", lg_code=UBE),
        ],
    },
}
RECORD_TABLES = ("organizations", "programs", "participant_counts", "kpis", "procedures")
TEXTS = {"doc-a": TEXT_A, "doc-b": TEXT_B}
MODEL: dict[str, type[Record]] = {spec.name: spec.model for spec in SPECS}
KEY: dict[str, str] = dict(PRIMARY_KEYS.items())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds, and a sources folder with 山口県's slice of the MIC list and the list's
    corrections, shared by every example."""
    root = tmp_path_factory.mktemp("world")
    (root / "seeds").mkdir()
    for name, text in (("a.txt", TEXT_A), ("b.txt", TEXT_B)):
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    lines = (SOURCES / "reference" / "mic_lg_codes.csv").read_text(encoding="utf-8").splitlines()
    (root / "sources" / "reference").mkdir(parents=True)
    (root / "sources" / "reference" / "mic_lg_codes.csv").write_text(
        "\n".join([lines[0], *(line for line in lines if line.startswith("35"))]) + "\n",
        encoding="utf-8",
    )
    shutil.copy(
        SOURCES / "reference" / CORRECTIONS_FILE, root / "sources" / "reference" / CORRECTIONS_FILE
    )
    return root


def _sources(world: Path, docs: dict[str, dict[str, Any]]) -> Path:
    """The world's sources folder holding exactly these curation files."""
    sources = world / "sources"
    for old in sources.glob("*.toml"):
        old.unlink()
    for name, doc in docs.items():
        (sources / f"{name}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    return sources


def test_the_unbroken_world_builds(world: Path, tmp_path: Path) -> None:
    built = collect(_sources(world, BASE), world / "seeds")
    write_release(built, "2099.01.0", tmp_path)
    programs = pl.read_parquet(table_path(tmp_path, "2099.01.0", "programs"))
    assert sorted(programs["program_id"]) == sorted(
        p["program_id"] for doc in BASE.values() for p in doc.get("programs", [])
    )
    counts = {t: len(rows) for t, rows in built.rows.items() if t in RECORD_TABLES}
    assert counts == {"organizations": 1, "programs": 5, "participant_counts": 1, "kpis": 1,
                      "procedures": 1}  # fmt: skip


def _assert_refused(world: Path, docs: dict[str, dict[str, Any]], *named: str) -> str:
    """The build fails with a CurationError whose message names every item of ``named``."""
    with pytest.raises(CurationError) as raised:
        collect(_sources(world, docs), world / "seeds")
    message = str(raised.value)
    missing = [item for item in named if item not in message]
    assert missing == [], message
    return message


RECORDS = st.sampled_from(
    [
        (doc, table, index)
        for doc, content in BASE.items()
        for table in RECORD_TABLES
        for index in range(len(content.get(table, [])))
    ]
)


def _record(docs: dict[str, dict[str, Any]], where: tuple[str, str, int]) -> dict[str, Any]:
    doc, table, index = where
    record: dict[str, Any] = docs[doc][table][index]
    return record


def _required(table: str) -> list[str]:
    return [name for name, field in MODEL[table].model_fields.items() if field.is_required()]


@given(RECORDS, st.data())
def test_a_missing_required_key_is_named(
    world: Path, where: tuple[str, str, int], data: st.DataObject
) -> None:
    doc, table, _ = where
    docs = copy.deepcopy(BASE)
    record = _record(docs, where)
    key = data.draw(st.sampled_from(_required(table)), label="key")
    record_id = record[KEY[table]]
    del record[key]
    who = f"{table}[" if key == KEY[table] else repr(record_id)
    problem = "evidence" if key == "evidence" else "Field required"
    _assert_refused(world, docs, f"{doc}.toml", who, key, problem)


# Values of a type each kind of field never accepts (pydantic strict types, no coercion).
NOT_TEXT = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                     st.lists(st.integers(), min_size=1, max_size=2), st.dates(),
                     st.dictionaries(st.sampled_from("xyz"), st.integers(), min_size=1, max_size=2))  # fmt: skip
NOT_INT = st.one_of(st.text(min_size=1, max_size=4), st.floats(allow_nan=False), st.booleans(),
                    st.lists(st.integers(), min_size=1, max_size=2), st.dates())  # fmt: skip
NOT_LIST = st.one_of(st.integers(), st.text(min_size=1, max_size=4), st.booleans(),
                     st.dictionaries(st.sampled_from("xyz"), st.integers(), min_size=1, max_size=2))  # fmt: skip
NOT_FLOAT = st.one_of(st.text(min_size=1, max_size=4), st.booleans(), st.dates(),
                      st.lists(st.floats(allow_nan=False), min_size=1, max_size=2))  # fmt: skip
NOT_DATE = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                     st.lists(st.integers(), min_size=1, max_size=2))  # fmt: skip


def _wrong_value(table: str, key: str) -> st.SearchStrategy[Any]:
    annotation = str(MODEL[table].model_fields[key].annotation)
    if "tuple" in annotation:
        return NOT_LIST
    if "date" in annotation:
        return NOT_DATE
    if "float" in annotation:
        return NOT_FLOAT
    if "int" in annotation:
        return NOT_INT
    return NOT_TEXT


@given(RECORDS, st.data())
def test_a_value_of_the_wrong_type_is_named(
    world: Path, where: tuple[str, str, int], data: st.DataObject
) -> None:
    doc, table, _ = where
    docs = copy.deepcopy(BASE)
    record = _record(docs, where)
    keys = [k for k in MODEL[table].model_fields if k != "evidence"]
    key = data.draw(st.sampled_from(keys), label="key")
    value = data.draw(_wrong_value(table, key), label="value")
    record_id = record[KEY[table]]
    record[key] = value
    who = f"{table}[" if key == KEY[table] else repr(record_id)
    _assert_refused(world, docs, f"{doc}.toml", who, key)


QUOTES = st.text(min_size=1, max_size=30).filter(lambda q: q not in TEXT_A and q not in TEXT_B)


@given(RECORDS, QUOTES)
def test_a_quote_not_in_the_text_is_named(
    world: Path, where: tuple[str, str, int], quote: str
) -> None:
    doc, table, _ = where
    docs = copy.deepcopy(BASE)
    record = _record(docs, where)
    record["evidence"][0]["quote"] = quote
    record_id = record[KEY[table]]
    _assert_refused(
        world, docs, f"{doc}.toml", repr(record_id), "evidence[0]", "does not occur in the text"
    )


@given(RECORDS, st.integers(min_value=-1000, max_value=10**6))
def test_a_quote_at_the_wrong_start_is_named(
    world: Path, where: tuple[str, str, int], start: int
) -> None:
    doc, table, _ = where
    docs = copy.deepcopy(BASE)
    record = _record(docs, where)
    quote = record["evidence"][0]["quote"]
    if TEXTS[doc].find(quote) == start:
        start += 1
    record["evidence"][0]["start"] = start
    record_id = record[KEY[table]]
    _assert_refused(world, docs, f"{doc}.toml", repr(record_id), "evidence", "start")


@given(RECORDS, st.sampled_from(sorted(BASE)))
def test_a_duplicate_id_names_both_files(
    world: Path, where: tuple[str, str, int], into: str
) -> None:
    doc, table, _ = where
    docs = copy.deepcopy(BASE)
    record = copy.deepcopy(_record(docs, where))
    if into != doc:  # quote the other document, so that the copy is valid on its own
        record["evidence"] = [{"source_id": doc, **e} for e in record["evidence"]]
    docs[into].setdefault(table, []).append(record)
    key = KEY[table]
    _assert_refused(
        world, docs, f"{doc}.toml", f"{into}.toml", repr(record[key]), f"duplicate {key}"
    )


REFERENCES = [
    ("programs", "parent_id", "programs.program_id"),
    ("programs", "organization_ids", "organizations.org_id"),
    ("programs", "lg_code", "municipalities.lg_code"),
    ("kpis", "program_id", "programs.program_id"),
    ("participant_counts", "program_id", "programs.program_id"),
    ("procedures", "program_id", "programs.program_id"),
]
SLUGS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


@given(st.sampled_from(REFERENCES), SLUGS)
def test_a_dangling_reference_is_named(
    world: Path, reference: tuple[str, str, str], target: str
) -> None:
    table, column, refers_to = reference
    docs = copy.deepcopy(BASE)
    record = docs["doc-a"][table][-1]
    known = {r[KEY[refers_to.split(".")[0]]] for d in docs.values()
             for r in d.get(refers_to.split(".")[0], [])}  # fmt: skip
    if column == "lg_code":
        target = "999997"  # a well-formed code that no municipality has
    elif target in known:
        target += "-gone"
    record[column] = [target] if column == "organization_ids" else target
    record_id = record[KEY[table]]
    _assert_refused(
        world, docs, "doc-a.toml", repr(record_id), repr(target), f"is not a {refers_to}"
    )


PROGRAM_IDS = [(d, i) for d in BASE for i in range(len(BASE[d]["programs"]))]


@given(st.lists(st.sampled_from(PROGRAM_IDS), min_size=2, max_size=5, unique=True))
def test_a_cycle_of_parents_is_named(world: Path, ring: list[tuple[str, int]]) -> None:
    docs = copy.deepcopy(BASE)
    programs = [docs[d]["programs"][i] for d, i in ring]
    for program, parent in zip(programs, [*programs[1:], programs[0]], strict=True):
        program["parent_id"] = parent["program_id"]
    message = _assert_refused(world, docs, "parent_id cycle")
    assert any(f"{d}.toml" in message for d, _ in ring), message
    assert all(repr(p["program_id"]) in message or p["program_id"] in message for p in programs)


def test_a_program_that_is_its_own_parent_is_named(world: Path) -> None:
    docs = copy.deepcopy(BASE)
    docs["doc-a"]["programs"][0]["parent_id"] = docs["doc-a"]["programs"][0]["program_id"]
    _assert_refused(world, docs, "doc-a.toml", "'test-plan'", "its own parent")


TOML_SCALARS = st.one_of(
    st.text(max_size=8), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False),
    st.booleans(), st.dates(), st.datetimes(), st.times(),
)  # fmt: skip
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
PATHS = st.lists(
    st.sampled_from(["source", "programs", "kpis", "evidence", "skipped", "quote", "start",
                     "source_id", "text_file", "0", "fields", "organizations"]),
    min_size=1, max_size=4,
)  # fmt: skip


def _graft(doc: dict[str, Any], path: list[str], value: Any) -> None:
    """Put ``value`` at ``path`` (through the first item of arrays), replacing what is there."""
    node: Any = doc
    for step in path[:-1]:
        if isinstance(node, list) and node:
            node = node[0]
        elif isinstance(node, dict):
            node = node.setdefault(step, {})
        else:
            return
    if isinstance(node, dict):
        node[path[-1]] = value
    elif isinstance(node, list) and node:
        node[0] = value


@given(st.sampled_from(sorted(BASE)), PATHS, TOML_VALUES)
def test_any_toml_grafted_anywhere_builds_or_fails_naming_the_file(
    world: Path, doc: str, path: list[str], value: Any
) -> None:
    docs = copy.deepcopy(BASE)
    _graft(docs[doc], path, value)
    try:
        tomli_w.dumps(docs[doc])
    except (TypeError, ValueError):  # not representable in TOML: nothing to test
        return
    message = ""
    try:
        collect(_sources(world, docs), world / "seeds")
    except CurationError as error:
        message = str(error)
    assert not message or f"{doc}.toml" in message, message


def _releases(parent: Path) -> Path:
    """A releases folder holding a copy of the bundled releases: what a failed build must keep."""
    releases = parent / "releases"
    shutil.copytree(RELEASES, releases)
    return releases


DRAFT = "2099.02.0"


def _releases_with_draft(parent: Path, world: Path) -> tuple[Path, Built]:
    """The bundled releases plus an unpublished draft, and a build whose files differ from it."""
    releases = _releases(parent)
    built = collect(_sources(world, BASE), world / "seeds")
    write_release(built, DRAFT, releases)
    built.rows["programs"] = built.rows["programs"][1:]
    return releases, built


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (temporary staging folders included) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _break(kind: str) -> tuple[dict[str, dict[str, Any]], str]:
    """The base world broken in one way, and the file the error must name."""
    docs = copy.deepcopy(BASE)
    programs = docs["doc-b"]["programs"]
    if kind == "missing key":
        del programs[0]["name"]
    elif kind == "wrong type":
        programs[0]["fields"] = "administration"
    elif kind == "quote not in the text":
        programs[0]["evidence"][0]["quote"] = "この引用は資料にない"
    elif kind == "duplicate id":
        programs.append(copy.deepcopy(programs[0]))
    elif kind == "dangling parent":
        programs[0]["parent_id"] = "no-such-program"
    elif kind == "cycle":
        programs[0]["parent_id"] = "test-program"
        docs["doc-a"]["programs"][3]["parent_id"] = "ube-counter"
    return docs, "doc-b.toml"


BREAKS = ("missing key", "wrong type", "quote not in the text", "duplicate id",
          "dangling parent", "cycle", "not toml")  # fmt: skip


@pytest.mark.parametrize("kind", BREAKS)
def test_the_build_command_exits_2_and_writes_nothing(
    kind: str, world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, named = _break(kind)
    sources = _sources(world, docs)
    if kind == "not toml":
        (sources / "doc-b.toml").write_text("[[programs]\nprogram_id = ", encoding="utf-8")
    releases = _releases(tmp_path)
    before = _snapshot(releases)
    for version in ("2099.01.0", VERSIONS[-1]):  # a new release, and over an existing one
        status = build_main(
            ["--sources", str(sources), "--seeds", str(world / "seeds"),
             "--releases", str(releases), "--version", version]
        )  # fmt: skip
        _, err = capsys.readouterr()
        assert status == 2
        assert named in err
        assert _snapshot(releases) == before


@pytest.mark.parametrize("failing_table", range(len(jpdx.tables())))
def test_a_build_that_fails_while_writing_leaves_no_partial_release(
    world: Path, failing_table: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The n-th table file cannot be written: neither a new release nor an old one is touched."""
    releases, built = _releases_with_draft(tmp_path, world)
    before = _snapshot(releases)
    written: list[int] = []
    original = pl.DataFrame.write_parquet

    def failing(frame: pl.DataFrame, file: Any, **options: Any) -> None:
        if len(written) == failing_table:
            raise OSError("disk full")
        written.append(1)
        original(frame, file, **options)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", failing)
    for version in ("2099.01.0", DRAFT):  # a new release, and over an existing draft
        written.clear()
        with pytest.raises(OSError, match="disk full"):
            write_release(built, version, releases)
        assert _snapshot(releases) == before


def _half_written(path: Path, data: bytes, *args: Any, **kwargs: Any) -> int:
    with path.open("wb") as handle:
        handle.write(data[: len(data) // 2])
    raise OSError("disk full")


def _replace_fails(*args: Any, **kwargs: Any) -> None:
    raise OSError("device busy")


@pytest.mark.parametrize("fault", [_half_written, _replace_fails], ids=["half-written", "replace"])
def test_a_failure_while_writing_the_index_puts_the_previous_release_back(
    world: Path, fault: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    releases, built = _releases_with_draft(tmp_path, world)
    before = _snapshot(releases)
    if fault is _half_written:
        monkeypatch.setattr(Path, "write_bytes", fault)
    else:
        monkeypatch.setattr(os, "replace", fault)
    for version in ("2099.01.0", DRAFT):  # a new release, and over an existing draft
        with pytest.raises(OSError, match=r"disk full|device busy"):
            write_release(built, version, releases)
        assert _snapshot(releases) == before
    monkeypatch.undo()
    assert Store(releases).verify() == []
