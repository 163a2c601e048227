"""Imports of the official national tables vendored under ``sources/reference/``.

Each module reads one published table (byte-exact as vendored) into observations whose
every value cites the cell it came from (:class:`release_builder.national.cells.CellRef`).
"""
