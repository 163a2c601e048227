"""The place index a release stores (release 2026.12.1 on): the same answers as the index
built from the tables, the same records as the table, no polars or other models needed,
and verified like every other file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jpdx
from jpdx.places import Gazetteer, gazetteer, place_fields
from jpdx.release_format import Manifest
from jpdx.store import Store, bundled
from jpdx.tablespec import SPECS

from .conftest import RELEASES, table_path

VERSION = "2026.12.1"
FRAME = pl.read_parquet(table_path(RELEASES, VERSION, "municipalities"))
CHANGES = pl.read_parquet(table_path(RELEASES, VERSION, "code_changes"))
BUILT = Gazetteer.from_tables(FRAME, lambda: CHANGES)
STORED = gazetteer(bundled(), VERSION)
QUERIES = sorted(
    {
        text
        for row in FRAME.iter_rows(named=True)
        for text in (row["name"], row["kana"], row["romaji"], row["lg_code"], row["code5"])
    }
    | {f"{p.prefecture}{p.name}" for p in BUILT.places}
    | {p.full_name for p in BUILT.places}
    | {"那珂川町", "福岡県那珂川町", "40305", "22131", "浜松市中区", "Hyougo", "龍ヶ崎市", "Gumma"}
)


def _answer(index: Gazetteer, query: str) -> tuple[str, object]:
    try:
        return "place", index.resolve(query)
    except jpdx.JpdxError as error:
        return type(error).__name__, (str(error), error.choices)


def test_the_stored_index_answers_as_the_index_built_from_the_tables() -> None:
    assert STORED.places == BUILT.places
    different = [q for q in QUERIES if _answer(STORED, q) != _answer(BUILT, q)]
    assert different == []
    assert len(QUERIES) > 6000


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("北区中央市町村ヶケカきたくKitaHyogo-0123 "), max_size=8))
def test_the_stored_index_agrees_on_any_text(query: str) -> None:
    assert _answer(STORED, query) == _answer(BUILT, query)


def test_the_stored_records_are_the_table_rows() -> None:
    store = bundled()
    rows = FRAME.to_dicts()
    stored = [place_fields(store, VERSION, place) for place in STORED.places]
    assert stored == rows
    assert [list(r) for r in stored] == [list(FRAME.columns)] * FRAME.height
    for place in STORED.places[::97]:  # validated records equal the table's records
        record = jpdx.municipality(place.lg_code, version=VERSION)
        assert (
            record
            == jpdx.records("municipalities", version=VERSION)[STORED.position(place.lg_code)]
        )


def test_lg_code_gives_the_code_of_the_record_municipality_returns() -> None:
    for query in QUERIES[::7]:
        try:
            expected: object = jpdx.municipality(query, version=VERSION).lg_code
        except jpdx.JpdxError as error:
            expected = (type(error), str(error))
        try:
            found: object = jpdx.lg_code(query, version=VERSION)
        except jpdx.JpdxError as error:
            found = (type(error), str(error))
        assert found == expected, query


def test_lg_code_needs_neither_polars_nor_pydantic() -> None:
    code = (
        "import sys, jpdx; c = jpdx.lg_code('Shimonoseki'); "
        "print(c, sorted(m for m in ('polars', 'pydantic') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "352012 []"


def test_a_lookup_needs_neither_polars_nor_the_other_tables_models() -> None:
    code = (
        f"import sys, jpdx; p = jpdx.municipality('下関市', version={VERSION!r}); "
        "from jpdx.cli import main; main(['municipality', '352012']); "
        "print(p.lg_code, sorted(m for m in ('polars', 'jpdx.models') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "352012 []"


def _damage_lookup(root: Path) -> Path:
    manifest = Manifest.parse(
        (root / VERSION / "manifest.json").read_bytes(), VERSION, SPECS.primary_keys
    )
    path = root / manifest.lookups["places"].path
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.chmod(0o644)
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_place_index_is_an_integrity_error_and_verify_names_it(
    release_copy: Path,
) -> None:
    path = _damage_lookup(release_copy)
    store = Store(release_copy)
    with pytest.raises(jpdx.IntegrityError, match=path.name):
        gazetteer(store, VERSION)
    assert any(path.name in problem and "lookup places" in problem for problem in store.verify())
    assert gazetteer(store, "2026.12.0").resolve("下関市").lg_code == "352012"  # others unharmed


@pytest.mark.parametrize(
    ("lookups", "reason"),
    [
        ({"streets": {"sha256": "0" * 64, "bytes": 1}}, "lookup 'streets'"),
        ({"places": {"sha256": "xyz", "bytes": 1}}, "no valid sha256"),
        ({"places": {"sha256": "0" * 64, "bytes": -1}}, "no valid sha256"),
        ({"places": {"sha256": "0" * 64}}, "no valid sha256"),
        ([], "lookups are not an object"),
    ],
)
def test_a_malformed_lookup_entry_is_refused(lookups: object, reason: str) -> None:
    document = json.loads((RELEASES / VERSION / "manifest.json").read_bytes())
    document["lookups"] = lookups
    with pytest.raises(jpdx.IntegrityError, match=reason):
        Manifest.parse(json.dumps(document).encode(), VERSION, SPECS.primary_keys)
