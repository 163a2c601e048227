"""Find prefectures and municipalities by name, reading, romaji or code.

Accepted forms: ``下関市``, ``山口県下関市``, ``下関``, ``シモノセキシ``, ``しものせき``,
``Shimonoseki``, ``Shimonoseki-shi``, ``Shimonoseki City``, ``352012``, ``35201``
(full-width digits too); prefectures also as ``兵庫``, ``Hyogo``, ``28``. Exact names
and codes win over stems and romaji, and those over spelling variants (small or full-size
kana, ヶ/ケ between kanji, old kanji forms, long vowels and m/n in romaji; see
:func:`jpdx.text.fold_variants` and :func:`jpdx.text.fold_latin_variants`): ``Hyougo``,
``Gumma``, ``龍ヶ崎市``. A name that fits several places raises
:class:`jpdx.AmbiguousNameError` listing every candidate; one that fits none raises
:class:`jpdx.UnknownPlaceError` with close matches.

Layers, each reading only those before it: :mod:`~jpdx.places.keys` (the keys a place is
found by), :mod:`~jpdx.places.formers` (former names and codes), :mod:`~jpdx.places.encoding`
(the stored index, read), :mod:`~jpdx.places.gazetteer` (lookups and their errors),
:mod:`~jpdx.places.fetch` (a release's gazetteer and records).
"""

from jpdx.places.fetch import gazetteer, place_fields, place_record
from jpdx.places.gazetteer import Gazetteer
from jpdx.places.keys import Place, reading_stem

__all__ = ["Gazetteer", "Place", "gazetteer", "place_fields", "place_record", "reading_stem"]
