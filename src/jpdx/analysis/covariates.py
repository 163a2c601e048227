"""The place attributes a panel carries beside its indicators, as a declarative list.

Each covariate is a national indicator whose latest value on or before the panel's date
becomes a column (and its date a ``<column>_date`` column). A covariate whose indicator a
release lacks is left out of that release's panels, so an entry can name an indicator
that a later release adds. To add a covariate, add one :class:`Covariate` to
:data:`COVARIATES`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Covariate:
    """A panel column (``column``) filled from a national indicator (``indicator_id``)."""

    column: str
    indicator_id: str
    description: str


COVARIATES: tuple[Covariate, ...] = (
    Covariate(
        "population",
        "card-population",
        "総数（人口）: the population the card statistics publish as the denominator of their "
        "rate (住民基本台帳), as of its own reference date",
    ),
    Covariate(
        "fiscal_capability_index",
        "fiscal-capability-index",
        "財政力指数: 総務省's fiscal capability index of the fiscal year (主要財政指標, from "
        "release 2026.12.2), dated by the fiscal year it is about",
    ),
)
"""The covariates of :func:`jpdx.panel`, in column order."""
