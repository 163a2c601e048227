"""``python -m release_builder.docs [--docs DIR] [--notebook]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from release_builder.docs import GALLERY, NOTEBOOK, generate, write
from release_builder.docs.nav import update_nav
from release_builder.docs.notebook import run_notebook, run_notebooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m release_builder.docs", description=__doc__)
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="the docs folder")
    parser.add_argument(
        "--notebook",
        action="store_true",
        help=f"also re-execute docs/{NOTEBOOK} and the gallery's notebooks in place",
    )
    options = parser.parse_args(argv)
    changed = write(options.docs, generate())
    if update_nav(options.docs.parent / "mkdocs.yml"):
        changed.append("../mkdocs.yml (codebook navigation)")
    print(f"{len(changed)} generated file(s) changed under {options.docs}")
    for path in changed:
        print(f"  {path}")
    if options.notebook:
        import nbformat

        notebook_path = options.docs / NOTEBOOK
        nbformat.write(run_notebook(notebook_path), notebook_path)  # type: ignore[no-untyped-call]
        print(f"executed {notebook_path}")
        paths = [options.docs / path for path in GALLERY]
        for path, notebook in zip(paths, run_notebooks(paths), strict=True):
            nbformat.write(notebook, path)  # type: ignore[no-untyped-call]
            print(f"executed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
