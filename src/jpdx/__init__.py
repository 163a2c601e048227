"""jpdx: structured, versioned, cited data on Japanese local-government DX."""

from jpdx._version import __version__

__all__ = ["__version__"]
