"""Generate the typed overloads of ``jpdx.records()`` and ``jpdx.query()`` from the table
descriptors, so each table's record type is stated once (in its descriptor), and the
columns' vocabularies (:mod:`jpdx.vocabularies`) from the record models.

``python -m release_builder.overloads`` rewrites the marked blocks of
``src/jpdx/__init__.py`` and ``src/jpdx/vocabularies.py``; a test fails when they drift.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from jpdx.schema import column_enum
from jpdx.tablespec import SPECS, TableSet

INIT = Path(__file__).resolve().parents[1] / "src" / "jpdx" / "__init__.py"
VOCABULARIES = INIT.with_name("vocabularies.py")
_BLOCK = re.compile(
    r"(?P<open>[ ]*# <generated (?P<name>[a-z ]+)>\n).*?(?P<close>[ ]*# </generated (?P=name)>\n)",
    re.S,
)


def _model(spec_path: str) -> str:
    return spec_path.partition(":")[2]


def _overloads(specs: TableSet, function: str, result: str) -> str:
    lines = []
    for spec in sorted(specs, key=lambda s: s.name):
        returned = result.format(model=_model(spec.model_path))
        lines += [
            "@overload",
            f"def {function}(",
            f'    table: Literal["{spec.name}"], *, version: str | None = None',
            f") -> {returned}: ...",
        ]
    lines += [
        "@overload",
        f"def {function}(table: str, *, version: str | None = None) -> "
        f"{result.format(model='Record')}: ...",
    ]
    return "\n".join(lines) + "\n"


def blocks(specs: TableSet = SPECS) -> dict[str, str]:
    """The text of each generated block, by block name."""
    # in the order the project's import sorter keeps: CONSTANT-like names, then classes
    models = sorted(
        {_model(s.model_path) for s in specs} | {"Record"}, key=lambda m: (not m.isupper(), m)
    )
    imports = "    from jpdx.models import (\n"
    imports += "".join(f"        {m},\n" for m in models) + "    )\n"
    return {
        "model imports": imports,
        "records overloads": _overloads(specs, "records", "tuple[{model}, ...]"),
        "query overloads": _overloads(specs, "query", "Query[{model}]"),
    }


def vocabulary_blocks(specs: TableSet = SPECS) -> dict[str, str]:
    """The generated block of :mod:`jpdx.vocabularies`: each column's enum, by table."""
    lines = ["VOCABULARIES: dict[str, dict[str, str]] = {"]
    for spec in sorted(specs, key=lambda s: s.name):
        columns = {c: column_enum(spec, c) for c in spec.model.model_fields}
        named = {c: e.__name__ for c, e in columns.items() if e is not None}
        lines.append(f"    {spec.name!r}: {{")
        lines += [f"        {c!r}: {n!r}," for c, n in named.items()]
        lines.append("    },")
    return {"vocabularies": "\n".join([*lines, "}"]).replace("'", '"') + "\n"}


def render(text: str, specs: TableSet = SPECS, path: Path = INIT) -> str:
    """``text`` (of ``path``: the package's ``__init__.py`` or ``vocabularies.py``) with
    every generated block rewritten."""
    generated = blocks(specs) if path == INIT else vocabulary_blocks(specs)
    found: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        found.add(match["name"])
        return match["open"] + generated[match["name"]] + match["close"]

    result = _BLOCK.sub(replace, text)
    if found != set(generated):
        raise ValueError(f"{path} lacks the generated blocks {sorted(set(generated) - found)}")
    return result


def formatted(text: str, path: Path = INIT) -> str:
    """Python source as the project's formatter (ruff) lays it out."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(path), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def main() -> int:
    for path in (INIT, VOCABULARIES):
        text = path.read_text(encoding="utf-8")
        updated = formatted(render(text, path=path), path)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"rewrote the generated blocks of {path}")
        else:
            print(f"{path} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
