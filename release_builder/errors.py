"""The error the release builder raises."""

from __future__ import annotations

from jpdx.errors import JpdxError


class CurationError(JpdxError, ValueError):
    """A curation or reference input that cannot be built: names the file, the record and
    the problem."""
