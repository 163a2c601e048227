"""The page of bundled releases, with the row count and sha256 of every file."""

from __future__ import annotations

from jpdx.store import Store
from release_builder.docs.markdown import HEADER, table_row


def releases_page(store: Store) -> str:
    """The bundled releases, with the row count and sha256 of every file."""
    lines = [
        "# Bundled releases",
        "",
        HEADER.format(what="the bundled release manifests"),
        "",
        "Every data release inside this version of the package, with the sha256 that "
        "`jpdx verify` and every first read check. 同梱のデータリリースとチェックサム。",
    ]
    index = store.index()
    for version in reversed(store.versions()):
        manifest = store.manifest(version)
        entry = index.releases[version]
        published = entry.published or "not yet published (may still change)"
        lines += [
            "",
            f"## {version}",
            "",
            f"Schema version {manifest.schema_version} · published: {published} · "
            f"manifest sha256 `{entry.manifest_sha256}`",
            "",
            table_row("table", "rows", "sha256 (the file is tables/SHA256.parquet)"),
            table_row("---", "---:", "---"),
        ]
        for table, table_entry in sorted(manifest.tables.items()):
            lines.append(
                table_row(
                    f"[{table}](codebook/{table}.md)",
                    f"{table_entry.rows:,}",
                    f"`{table_entry.sha256}`",
                )
            )
    return "\n".join(lines) + "\n"
