"""Imports of the official national tables vendored under ``sources/reference/``.

Each dataset is one module implementing :class:`~release_builder.national.importer.Importer`:
it reads its published files (byte-exact as vendored) into rows of the release's tables, and
every value cites the cell it came from (:class:`~release_builder.national.cells.CellRef`,
through ``context.sources``, which makes the ``sources`` row of each file cited). The shared
pieces: :mod:`~release_builder.national.placing` places a published code or name on a place
(and a code as of a date, through e-Stat's code changes); :class:`~release_builder.national.
tables.Tables` collects indicators and values; :mod:`~release_builder.national.labels` reads a
dataset's label files; :mod:`~release_builder.national.registry` runs the importers in order.

How to add a dataset
--------------------

1. **Its folder**: vendor the published files byte-exact under ``sources/reference/<folder>/``
   with a ``README.md`` giving their provenance, and add a ``[[datasets]]`` entry for the folder
   to ``sources/reference/datasets.toml`` (title, publisher, kind, licence, where it was
   retrieved; ``file_ids`` for file names that are not ASCII). Question texts, answer
   vocabularies, measures and units that the import needs go into a TOML label file in the same
   folder (read with :func:`~release_builder.national.labels.read_labels`), not into Python.
2. **Its module**: ``release_builder/national/<dataset>.py`` with a class whose ``folder`` is
   the folder's name and whose ``rows(context)`` returns the rows by table. Read the files
   strictly (:class:`~release_builder.national.cells.RawTableError` naming file, row and
   column), place each row with ``context.places`` (never a matching of one's own), cite every
   cell with ``context.sources.cite``, and use ``Tables`` for indicators and their values.
   Dataset ids come from ``datasets.toml`` (``context.dataset(folder)``), not from the module.
3. **Its registry line**: the importer in :data:`~release_builder.national.registry.IMPORTERS`
   (build order: an importer that extends ``municipalities`` is given the rows of the ones
   before it). Two importers writing the same primary key fail the build.
4. **Its tests**: ``tests/test_national_<dataset>.py``, re-deriving its rows from the raw files
   with the csv module (``tests/national_helpers.py``: raw records, the MIC list and placer,
   copies of the reference folder to corrupt), hand-checked values, and corrupted copies that
   must fail naming the cell.

Besides the folder's own files, that is four files: ``datasets.toml`` (one entry), the new
module, ``registry.py`` (one line) and the new test file. Nothing else (``tables.py``,
``release.py``) changes, whatever tables the dataset writes.
"""
