"""Build data releases from the curation files in ``sources/`` (development tool)."""
