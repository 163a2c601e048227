"""Placing a published code or name on a place: today's 6-digit lg_code of the MIC list.

One module for every national import. A published table names its places by a code, written
as its publisher writes it (:meth:`Placer.code`: five digits or six, the leading zero kept or
dropped, the check digit present or not), by a prefecture and a name (:meth:`Placer.named`,
tolerant only of the glyph variants of :data:`GLYPH_VARIANTS`), or by a code as it stood on a
date (:meth:`Placer.at`: e-Stat's code changes, :class:`CodeHistory`, carry it to today).
A table of bodies as they were on a date names them by a prefecture and the name of the day,
or by the code of the day (:meth:`Placer.named_on`, :meth:`Placer.coded_on`): placed among the
codes in use on that date, with e-Stat's names of that date; a name differing only in ヶ/ケ
(:func:`fold_kana`) or by a glyph of :data:`GLYPH_VARIANTS` agrees.

Every failure is a :class:`PlacingError` (a curation error) that starts with the file, row and
column the caller names, and lists the candidates when a name places nowhere or more than once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Final, Literal

from jpdx import codes
from release_builder.national.cells import RawTableError
from release_builder.national.code_changes import CodeChangeError, CodeHistory, Placement
from release_builder.national.mic_master import Master, MasterBody

GLYPH_VARIANTS: Final[Mapping[str, tuple[str, str]]] = {
    # lg_code: (spelling in a published table, spelling in the MIC list). 高知県's town is
    # officially 檮原町 (U+6AAE); the MIC list as vendored writes it with the common glyph
    # 梼 (U+68BC).
    "394050": ("檮原町", "梼原町"),
    # 東京都's village is 檜原村 in the MIC list; 総務省's 主要財政指標 of FY2009–FY2013 write
    # the common glyph 桧 (U+6867).
    "133078": ("桧原村", "檜原村"),
    # 長野県's 下條村, 天龍村 and 南木曽町 in the MIC list; the FY2005–FY2006 主要財政指標 write
    # 条 (U+6761), 竜 (U+7ADC) and 曾 (U+66FE).
    "204111": ("下条村", "下條村"),
    "204137": ("天竜村", "天龍村"),
    "204234": ("南木曾町", "南木曽町"),
}
"""Names that a published table spells with another glyph than the MIC list: accepted only
for this code and this pair of spellings, and reported by the import that meets them."""

_VARIANTS_BY_CODE5: Final = {code[:5]: pair for code, pair in GLYPH_VARIANTS.items()}

ISLAND_PREFIXES: Final[Mapping[str, str]] = {"133817": "三宅島", "134015": "八丈島"}
"""Island names that a published table puts before a municipality's name (三宅島三宅村)."""

Zero = Literal["kept", "dropped", "either"]
"""How a code is written: ``kept`` every digit (``011002``); ``dropped`` as an integer, its
leading zero dropped (``11002``, ``130001``); ``either`` of the two."""

_CANDIDATES_LISTED: Final = 10


class PlacingError(RawTableError):
    """A published code or name that places on no place, or on more than one."""


def name_matches(body: MasterBody, published: str) -> bool:
    """True when ``published`` is the body's MIC name or its known glyph variant."""
    return published == body.name or GLYPH_VARIANTS.get(body.lg_code) == (published, body.name)


def fold_kana(name: str) -> str:
    """A name with the small ヶ written as ケ: tables write 鰺ヶ沢町 and 鰺ケ沢町 for one town."""
    return name.replace("ヶ", "ケ")


_PREFECTURE_NAME = r"(?:北海道|東京都|京都府|大阪府|[^\s都道府県郡]{2,3}県)"
_PREFIX_OF_NAME = re.compile(rf"{_PREFECTURE_NAME}|\S+(?:郡|支庁)")
"""What may stand before a place's name: a prefecture's name (the 47 have this shape; a
name's own 都 or 府, as in 寿都町 or 訓子府町, is not one), or a county or subprefecture
(after a prefecture or not)."""


def names_agree(first: str, second: str, lg_code: str) -> bool:
    """True when two names of the same place agree but for a prefix on either: a prefecture,
    county (郡) or subprefecture (支庁), or the island prefix of ``lg_code``."""

    def is_prefix(text: str) -> bool:
        return not text or bool(
            _PREFIX_OF_NAME.fullmatch(text) or text == ISLAND_PREFIXES.get(lg_code)
        )

    common = 0
    while common < min(len(first), len(second)) and first[-1 - common] == second[-1 - common]:
        common += 1
    return any(
        is_prefix(first[: len(first) - length]) and is_prefix(second[: len(second) - length])
        for length in range(1, common + 1)
    )


def _listing(bodies: tuple[MasterBody, ...] | list[MasterBody]) -> str:
    shown = ", ".join(f"{body.full_name} ({body.lg_code})" for body in bodies[:_CANDIDATES_LISTED])
    more = len(bodies) - _CANDIDATES_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


class Placer:
    """Places published codes and names on the bodies of the MIC list (today's places), and
    codes as of a date through e-Stat's code changes."""

    def __init__(self, master: Master, history: CodeHistory) -> None:
        self.master = master
        self.history = history
        self._bodies: dict[dt.date, Mapping[str, tuple[tuple[str, str], ...]]] = {}

    @staticmethod
    def code(text: str, where: str, *, check_digit: bool, zero: Zero = "kept") -> str:
        """The 6-digit code of a code cell: six digits with a valid check digit
        (``check_digit=True``) or the five digits without it (the check digit is added),
        written as ``zero`` says. Anything else is a :class:`PlacingError`."""
        width = 6 if check_digit else 5
        lengths = {"kept": (width,), "dropped": (width - 1, width), "either": (width - 1, width)}
        well_formed = text.isascii() and text.isdigit() and len(text) in lengths[zero]
        if zero == "dropped" and text.startswith("0"):
            well_formed = False
        if not well_formed:
            form = (
                f"{width} digits"
                + {
                    "kept": "",
                    "dropped": ", its leading zero dropped",
                    "either": ", or its leading zero dropped",
                }[zero]
            )
            raise PlacingError(f"{where}: {text!r} is not a code ({form})")
        padded = text.zfill(width)
        if not check_digit:
            return padded + codes.check_digit(padded)
        if not codes.is_valid(padded):
            raise PlacingError(
                f"{where}: {text!r} is not a 6-digit code with its check digit "
                f"(expected {padded[:5]}{codes.check_digit(padded[:5])})"
            )
        return padded

    def body(self, lg_code: str, where: str) -> MasterBody:
        """Today's body with this 6-digit code."""
        body = self.master.by_code.get(lg_code)
        if body is None:
            raise PlacingError(f"{where}: code {lg_code} is not in the MIC list")
        return body

    def prefecture(self, name: str, where: str) -> MasterBody:
        """The prefecture called ``name``."""
        body = self.master.prefectures.get(name)
        if body is None:
            raise PlacingError(
                f"{where}: {name!r} is not a prefecture; expected one of "
                f"{sorted(self.master.prefectures)}"
            )
        return body

    def named(self, prefecture: str, name: str, where: str) -> MasterBody:
        """The one municipality of ``prefecture`` called ``name`` (or its glyph variant)."""
        self.prefecture(prefecture, where)
        found = list(self.master.named(prefecture, name))
        for lg_code, (published, _) in GLYPH_VARIANTS.items():
            body = self.master.municipalities.get(lg_code)
            if published == name and body is not None and body.prefecture == prefecture:
                found.append(body)
        if len(found) == 1:
            return found[0]
        if found:
            raise PlacingError(
                f"{where}: {name!r} names {len(found)} municipalities of {prefecture}: "
                f"{_listing(found)}"
            )
        near = [
            body
            for body in self.master.municipalities.values()
            if body.prefecture == prefecture
            and (names_agree(name, body.name, body.lg_code) or name[:1] == body.name[:1])
        ]
        raise PlacingError(
            f"{where}: {name!r} names no municipality of {prefecture}"
            + (f"; candidates: {_listing(near)}" if near else "")
        )

    def at(self, code5: str, on: dt.date, where: str = "") -> Placement:
        """Today's code of the 5-digit ``code5`` as published on ``on``, through e-Stat's code
        changes (:meth:`CodeHistory.place`)."""
        try:
            return self.history.place(code5, on)
        except CodeChangeError as error:
            raise PlacingError(f"{where}: {error}" if where else str(error)) from error

    def name_on(self, code5: str, on: dt.date) -> str | None:
        """The name e-Stat's table gives ``code5`` on ``on`` (:meth:`CodeHistory.name_on`)."""
        return self.history.name_on(code5, on)

    def bodies_on(self, on: dt.date) -> Mapping[str, tuple[tuple[str, str], ...]]:
        """The municipalities in use on ``on`` by prefecture code: (5-digit code, name of the
        day) — every code of the MIC list and of e-Stat's table (but a designated city's
        wards) that :meth:`CodeHistory.in_use` shows in use, named as e-Stat's table names it on the day (the MIC name when the
        table does not); a code that neither names is left out."""
        found = self._bodies.get(on)
        if found is None:
            today_by_code5 = {code[:5]: body for code, body in self.master.municipalities.items()}
            bodies: dict[str, list[tuple[str, str]]] = {}
            for code5 in sorted(today_by_code5.keys() | self.history.codes):
                today = today_by_code5.get(code5)
                number = int(code5[2:])
                # 000 a prefecture; 101–199 not in the MIC list: a ward of a designated city
                if number == 0 or (today is None and 101 <= number <= 199):
                    continue
                if not self.history.in_use(code5, on):
                    continue
                name = self.history.name_on(code5, on) or (today.name if today else None)
                if name is not None:
                    bodies.setdefault(code5[:2], []).append((code5, name))
            found = {key: tuple(value) for key, value in bodies.items()}
            self._bodies[on] = found
        return found

    def _agrees(self, published: str, known: str, code5: str) -> bool:
        """True when ``published`` is ``known`` (folded, glyph variants allowed), or ``known``
        is it after a county, subprefecture or prefecture (``石川郡古殿町``)."""
        variant = _VARIANTS_BY_CODE5.get(code5)
        if variant is not None and published == variant[0]:
            published = variant[1]
        published, known = fold_kana(published), fold_kana(known)
        if not known.endswith(published):
            return False
        prefix = known[: len(known) - len(published)]
        return (
            not prefix
            or prefix in self.master.prefectures
            or re.fullmatch(r"\S+(?:郡|支庁)", prefix) is not None
        )

    def named_on(self, prefecture: str, name: str, on: dt.date, where: str) -> str:
        """The 5-digit code of the one municipality of ``prefecture`` called ``name`` on
        ``on`` (:meth:`bodies_on`)."""
        pref = self.prefecture(prefecture, where)
        candidates = self.bodies_on(on).get(pref.lg_code[:2], ())
        found = [code5 for code5, known in candidates if self._agrees(name, known, code5)]
        if len(found) == 1:
            return found[0]
        if found:
            raise PlacingError(
                f"{where}: {name!r} names {len(found)} municipalities of {prefecture} on {on}: "
                f"{found}"
            )
        near = [f"{known} ({code5})" for code5, known in candidates if known[-1:] == name[-1:]]
        raise PlacingError(
            f"{where}: {name!r} names no municipality of {prefecture} in use on {on}"
            + (f"; in use with that suffix: {', '.join(near[:_CANDIDATES_LISTED])}" if near else "")
        )

    def coded_on(self, lg_code: str, name: str, on: dt.date, where: str) -> str:
        """The 5-digit code of ``lg_code`` (6 digits, check digit checked), when it was in use
        on ``on`` and e-Stat's (or the MIC) name of that day agrees with ``name``."""
        code5 = self.code(lg_code, where, check_digit=True)[:5]
        for known_code, known in self.bodies_on(on).get(code5[:2], ()):
            if known_code == code5:
                if not self._agrees(name, known, code5):
                    raise PlacingError(
                        f"{where}: code {lg_code} is {known!r} on {on}, the file names {name!r}"
                    )
                return code5
        raise PlacingError(f"{where}: code {lg_code} was not in use on {on}")


class Claims:
    """Which row of one file placed each place: a place placed twice is a
    :class:`PlacingError`. A row is a record index (``row 5``) or, in a JSON file, the JSON
    Pointer of its entry (``/municipalities/5``)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.rows: dict[str, int | str] = {}

    def claim(self, body: MasterBody, row: int | str) -> None:
        """Record that ``row`` placed ``body``."""
        first = self.rows.get(body.lg_code)
        if first is not None:
            raise PlacingError(
                f"{self.file} {_row(row)}: {body.full_name} ({body.lg_code}) already placed by "
                f"{_row(first)}"
            )
        self.rows[body.lg_code] = row

    def unclaimed(self, bodies: tuple[MasterBody, ...]) -> list[MasterBody]:
        """The bodies no row placed."""
        return [body for body in bodies if body.lg_code not in self.rows]


def _row(row: int | str) -> str:
    return f"row {row}" if isinstance(row, int) else row
