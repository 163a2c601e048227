"""The catalog's figure: programs per prefecture and policy field, as a reproducible SVG."""

from __future__ import annotations

import io
from collections import defaultdict

from jpdx import codes
from jpdx.enums import PolicyField, ProgramKind
from jpdx.models import Program
from release_builder.docs.catalog import Catalog

FIGURE = "catalog/programs-by-prefecture-and-field.svg"
NO_PLACE = "複数・なし\n(several/none)"
COUNTED_KINDS = frozenset(ProgramKind) - {
    # documents and the structure of a plan, not things carried out
    ProgramKind.plan,
    ProgramKind.basic_goal,
    ProgramKind.pillar,
    ProgramKind.priority_action,
    ProgramKind.policy_document,
    ProgramKind.law,
}
"""The program kinds the figure counts: what is run, built or offered (事業, services, apps,
systems, facilities, pilots, initiatives, a plan's major projects)."""


def programs_by_prefecture_and_field(
    catalog: Catalog,
) -> tuple[list[str], list[PolicyField], list[list[int]]]:
    """Programs per policy field (rows) and prefecture (columns, ``名前\\nRomaji``).

    Only the kinds of :data:`COUNTED_KINDS` count; a program in several fields counts in
    each; programs without a single place are counted in a last column.
    """
    counts: dict[tuple[str, PolicyField], int] = defaultdict(int)
    order: dict[str, str] = {}
    for record in catalog.rows["programs"]:
        assert isinstance(record, Program)
        if record.kind not in COUNTED_KINDS:
            continue
        if record.lg_code is None:
            column, key = NO_PLACE, "99"
        else:
            prefecture = catalog.place(
                codes.prefecture_lg_code(codes.prefecture_code(record.lg_code))
            )
            column, key = f"{prefecture.name}\n{prefecture.romaji}", prefecture.prefecture_code
        order[column] = key
        for field in record.fields:
            counts[(column, field)] += 1
    columns = sorted(order, key=order.__getitem__)
    fields = [f for f in PolicyField if any(counts[(c, f)] for c in columns)]
    return columns, fields, [[counts[(c, f)] for c in columns] for f in fields]


def figure_svg(catalog: Catalog) -> bytes:
    """The heat map of programs per prefecture and policy field, as a reproducible SVG."""
    import matplotlib
    import matplotlib_fontja  # type: ignore[import-untyped]
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    prefectures, fields, counts = programs_by_prefecture_and_field(catalog)
    matplotlib.font_manager.fontManager.addfont(matplotlib_fontja.get_font_ttf_path())
    # A fixed hash salt and no date: the same data gives the same bytes.
    with matplotlib.rc_context(
        {"svg.hashsalt": "jpdx", "svg.fonttype": "path", "font.family": "IPAexGothic"}
    ):
        figure = Figure(figsize=(2.6 + 0.8 * len(prefectures), 1.2 + 0.3 * len(fields)))
        axes = figure.add_subplot()
        peak = max(max(row) for row in counts)
        # Vector cells, not an embedded raster image: the file depends on nothing but the
        # counts and matplotlib's version (pinned for that in the development dependencies).
        mesh = axes.pcolormesh(counts, cmap="Blues", vmin=0, vmax=peak, edgecolors="white")
        for y, row in enumerate(counts):
            for x, value in enumerate(row):
                if value:
                    colour = "white" if value > peak / 2 else "black"
                    axes.text(
                        x + 0.5,
                        y + 0.5,
                        str(value),
                        ha="center",
                        va="center",
                        color=colour,
                        fontsize=8,
                    )
        axes.invert_yaxis()
        axes.set_xticks([x + 0.5 for x in range(len(prefectures))], prefectures, fontsize=7.5)
        labels = [f"{f.ja} ({f.value})" for f in fields]
        axes.set_yticks([y + 0.5 for y in range(len(fields))], labels, fontsize=8)
        axes.xaxis.tick_top()
        axes.tick_params(length=0)
        bar = figure.colorbar(mesh, ax=axes, shrink=0.4, aspect=15)
        bar.set_label("programs 事業等", fontsize=8)
        bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        bar.ax.tick_params(labelsize=7)
        if bar.solids is not None:
            bar.solids.set_rasterized(False)  # its scale as vectors too
        axes.set_title(
            "Programs per prefecture and policy field 都道府県・政策分野別の事業等\n"
            f"jpdx release {catalog.version}",
            fontsize=9,
        )
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "jpdx"})
    return buffer.getvalue()
