"""The indicators of a release: what each measures, its kind and unit, checked ids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jpdx.errors import InvalidArgumentError, UnknownIndicatorError, describe
from jpdx.store import Store

ANSWER_KINDS = ("answer", "answers")
"""Kinds of indicator whose values are answers from a closed vocabulary (one, or several)."""


@dataclass(frozen=True)
class Answer:
    """One answer of an indicator's vocabulary, with its labels."""

    code: str
    ja: str
    en: str


@dataclass(frozen=True)
class IndicatorInfo:
    """One row of the indicators table, as the analysis layer uses it."""

    indicator_id: str
    dataset: str
    name: str
    name_en: str
    kind: str
    unit: str | None
    answers: tuple[Answer, ...]

    @property
    def is_answer(self) -> bool:
        """Whether the values are answers (one or several) rather than numbers."""
        return self.kind in ANSWER_KINDS


def catalog(store: Store, release: str) -> Mapping[str, IndicatorInfo]:
    """The indicators of a release by id, in id order (read once per store)."""

    def build() -> dict[str, IndicatorInfo]:
        frame = store.frame("indicators", release)
        columns = ["indicator_id", "dataset", "name", "name_en", "kind", "unit", "answers"]
        return {
            row["indicator_id"]: IndicatorInfo(
                row["indicator_id"],
                row["dataset"],
                row["name"],
                row["name_en"],
                row["kind"],
                row["unit"],
                tuple(Answer(a["value"], a["ja"], a["en"]) for a in row["answers"] or ()),
            )
            for row in frame.select(columns).sort("indicator_id").iter_rows(named=True)
        }

    return store.memo(("analysis", "catalog", release), build)


def checked(store: Store, release: str, indicator_id: object) -> IndicatorInfo:
    """The indicator with this id, or :class:`jpdx.UnknownIndicatorError` with suggestions."""
    known = catalog(store, release)
    if not isinstance(indicator_id, str):
        raise InvalidArgumentError(
            f"an indicator is given by its id string, got {type(indicator_id).__name__} "
            f"{describe(indicator_id)}",
            value=indicator_id,
        )
    found = known.get(indicator_id)
    if found is None:
        raise UnknownIndicatorError.unknown(f"indicator (release {release})", indicator_id, known)
    return found


def checked_list(store: Store, release: str, indicator_ids: object) -> list[IndicatorInfo]:
    """Several indicators, checked, in the order given, each once; a single id string is
    one indicator."""
    if isinstance(indicator_ids, str):
        indicator_ids = [indicator_ids]
    if not isinstance(indicator_ids, Sequence):
        raise InvalidArgumentError(
            f"indicator ids are given as a list of strings, got {describe(indicator_ids)}",
            value=indicator_ids,
        )
    found = [checked(store, release, i) for i in indicator_ids]
    return list({info.indicator_id: info for info in found}.values())
