"""The ``places`` lookup file of a release: the place index of :mod:`jpdx.places`, written
in the form :mod:`jpdx.places.encoding` reads, with the municipalities' records."""

from __future__ import annotations

import json
from collections.abc import Mapping

import polars as pl

from jpdx.places.encoding import ENTRY_END, KEY_END, PLACE_INDEX_FORMAT
from jpdx.places.formers import former_keys
from jpdx.places.keys import key_maps


def encode_keys(keys: Mapping[str, tuple[int, ...]]) -> str:
    """A key map as one string: ``key=1,2|key=3…`` (keys are folded names and readings)."""
    bad = [key for key in keys if KEY_END in key or ENTRY_END in key]
    if bad:
        raise ValueError(f"place keys {bad} hold a separator of the stored index")
    return ENTRY_END.join(
        f"{key}{KEY_END}{','.join(map(str, found))}" for key, found in sorted(keys.items())
    )


def place_index(municipalities: pl.DataFrame, changes: pl.DataFrame | None) -> bytes:
    """The ``places`` lookup file: one line of JSON with the index, then each row of the
    municipalities table as one line of JSON, in the table's order."""
    keys = key_maps(municipalities)
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
