"""The standardisation import: every row re-derived from the vendored JSON files by a reader
written here with the json and csv modules alone; every name placed exactly once; every
evidence pointer resolves to its quote; what the files do not state is not imported."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter
from release_builder.errors import CurationError
from release_builder.national import json_values
from release_builder.national import standardisation as std
from release_builder.national.cells import RawTableError
from release_builder.national.importer import Context
from release_builder.national.placing import Placer
from release_builder.national.registry import context

from jpdx.model_base import Evidence, JsonEvidence
from jpdx.models import Indicator, IndicatorValue, Source

from .national_helpers import cited_files, refind, resolve

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "sources" / "reference"
SHARED = ROOT.parent / "shared" / "reference"
FOLDER = REFERENCE / std.FOLDER
RATES, FLAGS = "standardization.json", "tokutei_detail.json"

SHA256 = {
    "parse_soumu.py": "31a93a163a4ed57271c8ede03ecdcc32abd1a06c75834087dc0a1576bc289846",
    "parse_tokutei.py": "4b544fb96316d3fc0300943cda8d12d672ea2c26ea56c380c0f1fcc10880065e",
    RATES: "fd970a84907ec06a4a08a6732983d439d3a5db59476d3120c80276a371e29cee",
    FLAGS: "d2a7aac9b85bcba91bae0bce909fc40e177d4ce29bcbf189ba1f3587b1aa9323",
}
IMPORTED = {  # the only parts of the files that values cite; the rest is the intermediary's own
    RATES: re.compile(r"/municipalities/\d+/(overall_rate|business_rates/[^/]+)"),
    FLAGS: re.compile(r"/municipalities/\d+/applicable_businesses/\d+"),
}
AS_OF = {RATES: ("/summary/data_month", "2026-01"), FLAGS: ("/source", None)}


# -- an independent reader --------------------------------------------------------------------


def literal(name: str) -> Any:
    """A vendored JSON file with its numbers as written."""
    return json.loads((FOLDER / name).read_text(encoding="utf-8"), parse_float=str, parse_int=str)


def mic() -> dict[tuple[str, str], str]:
    """The MIC list's code of each (prefecture, name); a prefecture's name is empty."""
    with (REFERENCE / "mic_lg_codes.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["prefecture"], r["city"]): r["code"] for r in csv.DictReader(handle)}


def expected_values() -> dict[tuple[str, str], tuple[str, str, float | None, str]]:
    """(file, pointer) → (lg_code, quote, value, the 業務 named or "overall") of every value
    the files state for a body."""
    codes = mic()
    expected: dict[tuple[str, str], tuple[str, str, float | None, str]] = {}
    for i, entry in enumerate(literal(RATES)["municipalities"]):
        code = codes[(entry["prefecture"], entry["city"])]
        expected[(RATES, f"/municipalities/{i}/overall_rate")] = (
            code,
            entry["overall_rate"],
            float(entry["overall_rate"]),
            "overall",
        )
        for key, text in entry["business_rates"].items():
            expected[(RATES, f"/municipalities/{i}/business_rates/{key}")] = (
                code,
                text,
                float(text),
                key,
            )
    for i, entry in enumerate(literal(FLAGS)["municipalities"]):
        for j, key in enumerate(entry["applicable_businesses"]):
            expected[(FLAGS, f"/municipalities/{i}/applicable_businesses/{j}")] = (
                entry["code"],
                key,
                None,
                key,
            )
    return expected


# -- the import's rows ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared() -> Context:
    """The importers' context of the vendored files."""
    return context(REFERENCE, ())


@pytest.fixture(scope="module")
def imported(shared: Context) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    """The import's rows and the sources rows its citations made."""
    return std.Standardisation().rows(shared), shared.sources.rows


def _file_of(imported: Any) -> dict[str, str]:
    """The vendored file name of each sources row."""
    by_sha = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in FOLDER.iterdir()}
    return {sid: by_sha[row["file_sha256"]] for sid, row in imported[1].items()}


def test_vendored_files_are_byte_exact() -> None:
    assert sorted(p.name for p in FOLDER.iterdir() if p.suffix in (".json", ".py")) == sorted(
        SHA256
    )
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    sums = SHARED / "SHA256SUMS"
    for name, digest in SHA256.items():
        data = (FOLDER / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        assert f"{digest}  {name}" in readme
        if sums.exists():
            assert f"{digest}  ./{std.FOLDER}/{name}" in sums.read_text(encoding="utf-8")


def test_every_value_rederived_from_the_files(imported: Any) -> None:
    rows, _ = imported
    files = _file_of(imported)
    indicators = {row["indicator_id"]: row for row in rows["indicators"]}
    expected = expected_values()
    found = {}
    for row in rows["indicator_values"]:
        (evidence,) = row["evidence"]
        file = files[evidence["source_id"]]
        key = (file, evidence["pointer"])
        name = indicators[row["indicator_id"]]["name"]
        value = row["answers"] if file == FLAGS else row["value"]
        as_of = (row["as_of_date"], row["as_of_date_precision"])
        found[key] = (row["lg_code"], evidence["quote"], value, name, as_of)
        assert row["value_id"] == f"{row['indicator_id']}-{row['lg_code']}-{as_of[0]:%Y-%m}"
    assert len(found) == len(rows["indicator_values"]) == len(expected) == 36_561 + 8_956
    dates = {RATES: (dt.date(2026, 1, 1), "month"), FLAGS: (dt.date(2025, 12, 31), "day")}
    for key, (code, quote, value, business) in expected.items():
        lg_code, quoted, stated, name, as_of = found[key]
        assert (lg_code, quoted, as_of) == (code, quote, dates[key[0]]), key
        assert stated == (["expected"] if key[0] == FLAGS else value), key
        assert f"({'全体' if business == 'overall' else business})" in name, key


def test_counts_per_indicator(imported: Any) -> None:
    rows, _ = imported
    per = Counter(row["indicator_id"] for row in rows["indicator_values"])
    rates = {k: v for k, v in per.items() if k.startswith("std-rate-")}
    flags = {k: v for k, v in per.items() if k.startswith("std-tokutei-")}
    assert len(rates) == 21
    assert set(rates.values()) == {1741}
    assert len(flags) == 21
    assert sum(flags.values()) == 8_956
    assert flags["std-tokutei-child-allowance"] == 576  # counted by hand in the file
    assert flags["std-tokutei-common-functions"] == 498
    assert flags["std-tokutei-family-register"] == 132
    assert len({row["lg_code"] for row in rows["indicator_values"] if row["answers"]}) == 935
    assert {row["indicator_id"] for row in rows["indicators"]} == set(per)


def test_hand_checked_values(imported: Any) -> None:
    values = {row["value_id"]: row for row in imported[0]["indicator_values"]}
    sapporo = values["std-rate-overall-011002-2026-01"]
    assert (sapporo["value"], sapporo["name_as_published"]) == (0.7075, "札幌市")
    assert values["std-rate-electoral-roll-011002-2026-01"]["value"] == 1.0
    assert values["std-rate-overall-155861-2026-01"]["value"] == 0.0  # 粟島浦村
    flag = values["std-tokutei-resident-register-011002-2025-12"]
    assert (flag["code_as_published"], flag["name_as_published"]) == ("011002", "北海道札幌市")
    assert flag["answers"] == ["expected"]
    assert flag["value"] is None
    # 札幌市 is listed for 18 業務, not for 戸籍 and 戸籍の附票: no value, not a "no"
    assert "std-tokutei-family-register-011002-2025-12" not in values
    assert "std-tokutei-resident-register-012084-2025-12" not in values  # 北見市: 3 業務 only


def test_every_name_places_exactly_once() -> None:
    codes = mic()
    municipalities = {key: code for key, code in codes.items() if key[1]}
    entries = literal(RATES)["municipalities"]
    placed = Counter(codes.get((e["prefecture"], e["city"])) for e in entries)
    assert None not in placed
    assert set(placed) == set(municipalities.values())
    assert set(placed.values()) == {1}
    assert len(entries) == 1741


def test_listed_codes_are_bodies_of_the_mic_list_with_their_names_and_kinds() -> None:
    by_code = {code: key for key, code in mic().items()}
    listed = literal(FLAGS)["municipalities"]
    assert len(listed) == len({e["code"] for e in listed}) == 935
    for entry in listed:
        code = entry["code"]
        prefecture, city = by_code[code]
        assert entry["name"] == prefecture + city == entry["prefecture"] + entry["city"]
        ward = code.startswith("13") and city.endswith("区")
        kind = {
            "都道府県": not city,
            "特別区": ward,
            "町": city.endswith("町"),
            "村": city.endswith("村"),
            "指定都市": city.endswith("市") and 100 <= int(code[2:5]) <= 199,
            "中核市": city.endswith("市") and not 100 <= int(code[2:5]) <= 199,
            "一般市": city.endswith("市") and not 100 <= int(code[2:5]) <= 199,
        }
        assert kind[entry["category"]], entry
        assert entry["applicable_count"] == str(len(entry["applicable_businesses"]))
    assert Counter(e["category"] for e in listed)["都道府県"] == 37


def test_every_evidence_item_is_where_it_says(imported: Any) -> None:
    rows, sources = imported
    files = _file_of(imported)
    cited = cited_files(sources.values())  # each sources row's own evidence re-found too
    items = [e for t in ("indicators", "indicator_values") for r in rows[t] for e in r["evidence"]]
    for item in items:
        assert refind(item, cited) is None  # a JSON value or a span: no csv record
        file = files[item["source_id"]]
        if "pointer" in item:
            stated = IMPORTED[file].fullmatch(item["pointer"]) or item["pointer"] == AS_OF[file][0]
            assert stated, item  # nothing of the intermediary's aggregates is cited
        else:
            assert file.endswith(".py"), item  # the converters' lines that define a number


def test_as_of_dates_are_what_the_files_state() -> None:
    assert literal(RATES)["summary"]["data_month"] == "2026-01"
    assert literal(FLAGS)["source"].endswith("（令和7年12月末時点）")


def test_indicators_quote_their_converter_and_say_what_absence_means(imported: Any) -> None:
    rows, _ = imported
    files = _file_of(imported)
    for row in rows["indicators"]:
        spans = [e for e in row["evidence"] if "start" in e]
        pointers = [e["pointer"] for e in row["evidence"] if "pointer" in e]
        flag = row["indicator_id"].startswith("std-tokutei-")
        assert {files[e["source_id"]] for e in spans} == {
            "parse_tokutei.py" if flag else "parse_soumu.py"
        }
        for span in spans:
            assert f"`{span['quote']}`" in row["definition"]
        assert AS_OF[FLAGS if flag else RATES][0] in pointers
        assert "Derived by an intermediary" in row["definition"]
        if flag:
            assert row["kind"] == "answer"
            assert row["unit"] is None
            assert [a["value"] for a in row["answers"]] == ["expected"]
            assert 'absence is not a stated "no"' in row["definition"]
        else:
            assert (row["kind"], row["unit"], row["answers"]) == ("number", "割合(0〜1)", [])


def test_sources_rows_say_the_files_are_a_derivation(imported: Any) -> None:
    _, sources = imported
    files = _file_of(imported)
    assert sorted(files.values()) == sorted(SHA256)
    for source_id, row in sources.items():
        data = (FOLDER / files[source_id]).read_bytes()
        assert row["file_sha256"] == hashlib.sha256(data).hexdigest()
        assert row["text_chars"] == len(data.decode("utf-8"))
        assert "intermediary's derivation" in row["curation_note"]
        assert "gcportal @ 20c3386eef8eac3238ad6fdc1107afacb9ecff36" in row["retrieved_from"]
    titles = {files[s]: row["evidence"][0]["quote"] for s, row in sources.items()}
    assert titles[FLAGS] == "デジタル庁 特定移行支援システムの該当見込み一覧（令和7年12月末時点）"
    assert titles[RATES] == "2026-01"


# -- failures name the JSON pointer -----------------------------------------------------------


def corrupt(tmp_path: Path, name: str, change: Callable[[Any], None]) -> Path:
    """A copy of the folder with ``name`` changed."""
    (tmp_path / std.FOLDER).mkdir()
    for path in FOLDER.iterdir():
        (tmp_path / std.FOLDER / path.name).write_bytes(path.read_bytes())
    tree = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    change(tree)
    (tmp_path / std.FOLDER / name).write_text(json.dumps(tree, ensure_ascii=False), "utf-8")
    return tmp_path


def _read(root: Path, name: str, places: Placer) -> None:
    """Read and place the file ``name`` of the folder under ``root``."""
    spec = std.read_spec(root)
    if name == RATES:
        std.place_rated(std.read_rates(root, spec)[1], places, spec.rates.file)
    else:
        std.place_listed(std.read_flags(root, spec)[1], places, spec.flags.file)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Any], None]:
    def change(tree: Any) -> None:
        for token in path[:-1]:
            tree = tree[token]
        tree[path[-1]] = value

    return change


M = "municipalities"


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            RATES,
            _set((M, 5, "city"), "幻町"),
            "/municipalities/5: '幻町' names no municipality of 北海道",
        ),
        (
            RATES,
            _set((M, 5, "city"), "札幌市"),
            "/municipalities/5: 北海道 札幌市 (011002) already placed by /municipalities/0",
        ),
        (RATES, lambda t: t[M].pop(), "/municipalities: 1 municipalities are not named"),
        (RATES, _set((M, 7, "overall_rate"), 1.5), "/municipalities/7/overall_rate: 1.5 is not"),
        (RATES, _set((M, 7, "overall_rate"), "0.5"), "/municipalities/7/overall_rate: expected"),
        (
            RATES,
            lambda t: t[M][3]["business_rates"].pop("戸籍"),
            "/municipalities/3/business_rates",
        ),
        (RATES, _set((M, 2, "extra"), 1), "/municipalities/2: expected the keys"),
        (RATES, _set(("summary", "data_month"), "2026年1月"), "/summary/data_month: '2026年1月'"),
        (
            FLAGS,
            _set((M, 4, "code"), "011001"),
            "/municipalities/4/code: '011001' is not a 6-digit code with its check digit",
        ),
        (FLAGS, _set((M, 4, "code"), "011002"), "/municipalities/4/code: 011002 is 北海道 札幌市"),
        (
            FLAGS,
            _set((M, 0, "applicable_businesses", 1), "住民記録"),
            "/municipalities/0/applicable_businesses/1: '住民記録'",
        ),
        (FLAGS, _set((M, 0, "applicable_count"), 17), "/municipalities/0/applicable_count: 17"),
        # a ward of a designated city (札幌市中央区) is not a body of the MIC list
        (FLAGS, _set((M, 0, "code"), "011011"), "/municipalities/0/code: code 011011 is not in"),
        (
            FLAGS,
            _set((M, 0, "code"), 11002),
            "/municipalities/0/code: expected a string, got 11002",
        ),
        (FLAGS, _set(("source",), "デジタル庁 一覧"), "/source: 'デジタル庁 一覧' states no"),
    ],
)
def test_a_broken_file_names_the_pointer(
    tmp_path: Path, shared: Context, name: str, change: Callable[[Any], None], message: str
) -> None:
    root = corrupt(tmp_path, name, change)
    with pytest.raises(RawTableError, match=re.escape(f"{std.FOLDER}/{name} {message}")):
        _read(root, name, shared.places)


def test_a_spec_without_a_key_names_it(tmp_path: Path) -> None:
    root = corrupt(tmp_path, RATES, lambda tree: None)
    spec = root / std.FOLDER / std.SPEC_FILE
    spec.write_text(spec.read_text(encoding="utf-8").replace('unit = "', 'units = "'), "utf-8")
    with pytest.raises(CurationError, match=re.escape("indicators.toml: no key 'unit'")):
        std.read_spec(root)


def test_a_listed_body_twice_names_both_pointers(tmp_path: Path, shared: Context) -> None:
    def twice(tree: Any) -> None:
        tree[M][9] = dict(tree[M][8])

    root = corrupt(tmp_path, FLAGS, twice)
    with pytest.raises(
        RawTableError,
        match=r"/municipalities/9: 北海道 留萌市 \(012122\) already placed by /municipalities/8",
    ):
        _read(root, FLAGS, shared.places)


# -- pointers ---------------------------------------------------------------------------------

_TOKENS = st.lists(
    st.text(alphabet=st.sampled_from("ab~/0 1業"), max_size=4) | st.integers(0, 3), max_size=5
)


def _nest(path: list[str | int], leaf: object) -> Any:
    """A tree with ``leaf`` at ``path``, beside siblings that a wrong pointer would reach."""
    node: Any = leaf
    for token in reversed(path):
        if isinstance(token, int):
            node = [[token, "sibling"]] * token + [node, "after"]
        else:
            node = {token + "~": "tilde", token + "/": "slash", "~01": "escaped", token: node}
    return node


@given(_TOKENS)
def test_a_pointer_of_any_path_resolves_to_its_node(path: list[str | int]) -> None:
    leaf = object()
    tree = _nest(path, leaf)
    pointer = json_values.pointer(*path)
    assert json_values.resolve(tree, pointer) is leaf
    assert resolve(tree, pointer) is leaf  # the module's pointer is RFC 6901 as written here


@given(
    st.lists(st.sampled_from(["0.65", "1.0", "0.0", "0.7075", "1", "0"]), min_size=1, max_size=5)
)
def test_numbers_are_quoted_as_written(literals: list[str]) -> None:
    text = "[" + ", ".join(literals) + "]"
    tree = json_values.literal_tree(text)
    assert [
        json_values.quote_of(json_values.resolve(tree, f"/{i}")) for i in range(len(literals))
    ] == literals


@given(st.text(alphabet="0123456789.-+eE1 x", max_size=7), st.booleans())
def test_any_rate_but_a_number_from_0_to_1_is_refused_with_its_pointer(
    text: str, number: bool
) -> None:
    value = json_values.Number(text) if number else text
    where = "/municipalities/3/overall_rate"
    plain = re.fullmatch(r"(0|[1-9][0-9]*)(\.[0-9]+)?", text)
    if number and plain and float(text) <= 1:
        assert std._rate("f.json", where, None, value).ref == json_values.JsonRef(
            "f.json", where, text
        )
    else:
        with pytest.raises(RawTableError, match=re.escape(f"f.json {where}: ")):
            std._rate("f.json", where, None, value)


def test_rows_validate_against_the_models(imported: Any) -> None:
    rows, sources = imported
    for model, items in (
        (Indicator, rows["indicators"]),
        (IndicatorValue, rows["indicator_values"]),
        (Source, list(sources.values())),
    ):
        records = TypeAdapter(list[model]).validate_python(items)  # type: ignore[valid-type]
        assert len(records) == len(items)
    value = IndicatorValue.model_validate(rows["indicator_values"][0])
    assert isinstance(value.evidence[0], JsonEvidence)
    indicator = Indicator.model_validate(rows["indicators"][0])
    assert [type(e) for e in indicator.evidence[:3]] == [JsonEvidence, JsonEvidence, Evidence]
