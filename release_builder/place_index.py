"""The ``places`` lookup file of a release: the place index of :mod:`jpdx.places`, written
in the form :mod:`jpdx.places.encoding` reads, with the municipalities' records."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

import polars as pl

from jpdx.places.encoding import ENTRY_END, KEY_END, PLACE_INDEX_FORMAT
from jpdx.places.formers import former_keys
from jpdx.places.keys import key_maps
from jpdx.text import fold_variants


def encode_keys(keys: Mapping[str, tuple[int, ...]]) -> str:
    """A key map as one string: ``key=1,2|key=3…`` (keys are folded names and readings)."""
    bad = [key for key in keys if KEY_END in key or ENTRY_END in key]
    if bad:
        raise ValueError(f"place keys {bad} hold a separator of the stored index")
    return ENTRY_END.join(
        f"{key}{KEY_END}{','.join(map(str, found))}" for key, found in sorted(keys.items())
    )


WRITTEN_PREFIX = re.compile(r".+(?:郡|支庁|島)")
"""What an official table may write before a name: a county (安芸郡), a subprefecture, an
island (三宅島 before 三宅村)."""


def written_names(
    municipalities: pl.DataFrame, values: pl.DataFrame | None
) -> dict[str, list[str]]:
    """By lg_code, the names the national tables write with a prefix (``name_as_published``
    of ``indicator_values`` less the prefecture and white space): ``安芸郡海田町`` for 海田町.
    Names that are not today's name after a prefix (a former name) are left out."""
    if values is None:
        return {}
    today = dict(municipalities.select("lg_code", "name").rows())
    prefectures = dict(municipalities.select("lg_code", "prefecture").rows())
    published = (
        values.select("lg_code", "name_as_published")
        .drop_nulls()
        .unique()
        .sort("lg_code", "name_as_published")
        .rows()
    )
    written: dict[str, list[str]] = {}
    for code, as_published in published:
        name = today.get(code)
        if name is None:
            continue
        text = "".join(as_published.split()).removeprefix(prefectures[code])
        stem = fold_variants(name)
        folded = fold_variants(text)
        spellings = written.setdefault(code, [])
        if (
            folded.endswith(stem)
            and WRITTEN_PREFIX.fullmatch(folded[: -len(stem)])
            and text not in spellings
        ):
            spellings.append(text)
    return {code: spellings for code, spellings in written.items() if spellings}


def place_index(
    municipalities: pl.DataFrame,
    changes: pl.DataFrame | None,
    values: pl.DataFrame | None = None,
    superseded: Mapping[str, Iterable[str]] | None = None,
) -> bytes:
    """The ``places`` lookup file: one line of JSON with the index, then each row of the
    municipalities table as one line of JSON, in the table's order. ``values`` (the
    indicator_values table) gives the names as official tables write them; ``superseded``
    the readings and romaji that corrections replaced, by lg_code."""
    keys = key_maps(municipalities, written_names(municipalities, values), superseded)
    formers = {} if changes is None else former_keys(keys.places, changes)
    index = {
        "places": [[p.lg_code, p.prefecture, p.name, p.kind, p.city] for p in keys.places],
        "exact": encode_keys(keys.exact),
        "loose": encode_keys(keys.loose),
        "variant": encode_keys(keys.variant),
        "names": "\n".join(keys.names),
        "formers": json.dumps(
            {
                key: [[f.name, f.code5, f.date, f.kind, list(f.became)] for f in found]
                for key, found in sorted(formers.items())
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ),
    }
    header = {"format": PLACE_INDEX_FORMAT, "gazetteer": index}
    lines = [header, *municipalities.to_dicts()]
    return "".join(
        json.dumps(line, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n"
        for line in lines
    ).encode()
