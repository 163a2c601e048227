"""The terminal: tables fitted to its width (CJK counted as two cells), default columns
from the table descriptors, whole records with their evidence unabridged, and the
README's own command."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wcwidth import wcswidth

import jpdx
from jpdx.cli import main
from jpdx.cli.layout import wrap_cells
from jpdx.tablespec import SPECS

ROOT = Path(__file__).resolve().parents[1]
TABLES = sorted((v, t) for v in jpdx.versions() for t in jpdx.tables(version=v))


def _show(width: int, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.setenv("COLUMNS", str(width))
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def _cells(line: str) -> int:
    width = wcswidth(line)
    assert width >= 0, repr(line)  # no control characters reach the terminal
    return width


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("columns", [None, "all"])
@pytest.mark.parametrize(("version", "table"), TABLES)
def test_no_line_is_wider_than_the_terminal(
    version: str, table: str, columns: str | None, width: int
) -> None:
    argv = ["show", table, "--version", version, "--limit", "20"]
    if columns:
        argv += ["--columns", columns]
    status, out, err = _show(width, *argv)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) > 4
    too_wide = [line for line in lines if _cells(line) > width]
    assert too_wide == []


@pytest.mark.parametrize(("version", "table"), TABLES)
def test_default_columns_come_from_the_descriptor_and_all_means_all(
    version: str, table: str
) -> None:
    present = jpdx.load(table, version=version).columns
    defaults = [c for c in SPECS[table].default_columns if c in present]
    assert defaults[0] == SPECS[table].primary_key
    _, out, _ = _show(2000, "show", table, "--version", version, "--limit", "3")
    header = out.splitlines()[1]
    assert [c.strip() for c in header.strip("│").split("┆")] == defaults
    _, out, _ = _show(
        60000, "show", table, "--version", version, "--limit", "3", "--columns", "all"
    )
    header = out.splitlines()[1]
    assert [c.strip() for c in header.strip("│").split("┆")] == present


@pytest.mark.parametrize(("version", "table"), TABLES)
def test_narrow_terminals_name_the_columns_left_out(version: str, table: str) -> None:
    status, out, _ = _show(80, "show", table, "--version", version, "--columns", "all")
    assert status == 0
    header = out.splitlines()[1]
    shown = [c.strip() for c in header.strip("│").split("┆")]
    note = " ".join(out.split("not shown at this width (80 columns):")[1:]).split(";")[0]
    hidden = [c for c in note.replace("\n", " ").replace(",", " ").split() if c]
    present = jpdx.load(table, version=version).columns
    assert sorted(shown + hidden) == sorted(present)
    assert hidden  # no table of jpdx fits in 80 columns whole


def test_cells_agree_with_wcwidth_on_every_text_of_the_data() -> None:
    from jpdx.cli.layout import cells

    checked = 0
    for version, table in TABLES:
        frame = jpdx.load(table, version=version)
        for column, dtype in frame.schema.items():
            if dtype.base_type().__name__ != "String":
                continue
            for text in frame.get_column(column).unique().drop_nulls().to_list()[:5000]:
                for line in text.splitlines():
                    if wcswidth(line) >= 0:  # lines without control characters
                        assert cells(line) == wcswidth(line), line
                        checked += 1
    assert checked > 10_000


@given(
    st.text(alphabet=st.sampled_from("abc 下関市兵庫県（）、。-\u3000x"), max_size=300),
    st.integers(2, 120),
)
def test_wrapping_keeps_every_character_and_fits(text: str, width: int) -> None:
    lines = wrap_cells(text, width)
    assert "".join(lines) == text
    assert all(wcswidth(line) <= width for line in lines)
    assert all(lines[:-1])  # no empty line but possibly the last


# -- one record in full ----------------------------------------------------------------------


def _display(text: str) -> str:
    """A text as the documentation says the record view shows it: line breaks kept, other
    control characters as their escapes."""
    return "".join(c if c == "\n" else {"\t": "\\t", "\r": "\\r"}.get(c, c) for c in text)


def _quote_blocks(out: str) -> list[str]:
    """Each quote of the record view, its wrapped and broken lines joined."""
    lines = out.splitlines()
    blocks = []
    for number, line in enumerate(lines):
        match = re.match(r"^( +(?:\d+\. )?)quote +", line)
        if not match:
            continue
        indent = len(match.group(0))
        parts = [line[indent:]]
        for following in lines[number + 1 :]:
            if not following.startswith(" " * indent):
                break
            parts.append(following[indent:])
        blocks.append(parts)
    return blocks  # type: ignore[return-value]


CURATED = sorted((v, t) for v, t in TABLES if "evidence" in jpdx.load(t, version=v).columns)


@pytest.mark.parametrize("width", [80, 100_000])
@pytest.mark.parametrize(("version", "table"), CURATED)
def test_a_record_shows_every_field_and_every_quote_unabridged(
    version: str, table: str, width: int
) -> None:
    key = SPECS[table].primary_key
    frame = jpdx.load(table, version=version)
    rows = frame.head(40).to_dicts()  # the first records of the big national tables
    status, out, err = _show(width, "show", table, *(r[key] for r in rows), "--version", version)
    assert (status, err) == (0, "")
    for line in out.splitlines():
        assert _cells(line) <= width
    for column in frame.columns:
        assert re.search(rf"^  {re.escape(column)}\b", out, re.M), column
    quotes = [e["quote"] for r in rows for e in r["evidence"]]
    blocks = _quote_blocks(out)
    assert len(blocks) == len(quotes)
    for quote, parts in zip(quotes, blocks, strict=True):
        if width == 100_000:  # nothing wraps: each line of the quote is a line
            assert "\n".join(parts) == _display(quote)
        else:
            assert "".join(parts) == _display(quote).replace("\n", "")


def test_the_design_example_record() -> None:
    status, out, err = _show(100, "show", "programs", "shimonoseki-fukufuku-boshimo")
    assert (status, err) == (0, "")
    assert out.startswith("programs shimonoseki-fukufuku-boshimo\n")
    (program,) = jpdx.query("programs").where(program_id="shimonoseki-fukufuku-boshimo")
    assert re.search(rf"^  name +{program.name}$", out, re.M)
    assert re.search(r"^  start_fiscal_year +2023$", out, re.M)
    assert re.search(r"^  end_fiscal_year +null$", out, re.M)
    assert "childcare (子育て)" in out


def test_records_by_id_in_json_and_in_the_order_asked() -> None:
    ids = ["taka-pmh", "amagasaki-tourism-dx"]
    status, out, _ = _show(80, "show", "programs", *ids, "--format", "json")
    assert status == 0
    import json

    assert [r["program_id"] for r in json.loads(out)] == ids


@pytest.mark.parametrize(
    ("table", "wrong", "said"),
    [
        ("programs", "shimonoseki-fukufuku-bosimo", "did you mean 'shimonoseki-fukufuku-boshimo'"),
        ("kpis", "izunokuni-kpi-1-1x", "unknown kpi_id"),
        # a code with a wrong check digit is told so, with the code its digits make
        ("municipalities", "352013", "wrong check digit"),
    ],
)
def test_an_unknown_id_is_one_line_with_close_matches(table: str, wrong: str, said: str) -> None:
    status, out, err = _show(80, "show", table, wrong)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert repr(wrong) in err
    assert said in err
    if table == "municipalities":
        assert "(352012)" in err
    else:
        assert SPECS[table].primary_key in err


# -- the README ------------------------------------------------------------------------------


def _readme_try_command() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("## Try it", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    command = block.strip().split("&&")[-1].strip()
    argv = shlex.split(command)
    assert argv[:3] == ["python3", "-m", "jpdx"]
    return argv[3:]


def test_the_readme_try_command_prints_what_the_readme_says() -> None:
    argv = _readme_try_command()
    status, out, err = _show(80, *argv)
    assert (status, err) == (0, "")
    assert all(_cells(line) <= 80 for line in out.splitlines())
    status, out, _ = _show(80, *argv, "--format", "csv", "--columns", "program_id,kind,lg_code")
    rows = list(csv.DictReader(io.StringIO(out)))
    programs = jpdx.load("programs").to_dicts()
    hyogo = {p["program_id"] for p in programs if (p["lg_code"] or "").startswith("28")}
    support = "hyogo-regional-dx-support"
    themes = {p["program_id"] for p in programs if p["parent_id"] == support}
    shown = {r["program_id"] for r in rows}
    # "the programs (事業) in 兵庫県: its support of the national program and the six
    # municipal themes it supports, and one more"
    assert len(themes) == 6
    assert {support, *themes} <= shown <= hyogo
    assert {r["kind"] for r in rows} == {"program"}
    assert len(rows) == 8
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "eight" in readme.split("## Try it", 1)[1].split("## Run the tests", 1)[0]


def test_the_readme_command_runs_as_written() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jpdx", *_readme_try_command()],
        capture_output=True,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
