"""The analysis layer: national values as tidy frames, panels, one place, aggregates.

One module per concern, each building on the tables of a release (never on their files):

- :mod:`~jpdx.analysis.catalog`: the indicators of a release, checked ids;
- :mod:`~jpdx.analysis.levels`: each place's name, prefecture, kind and level
  (prefecture, municipality, ward or former);
- :mod:`~jpdx.analysis.answers`: answer labels and the yes/no rule (1, 0, null);
- :mod:`~jpdx.analysis.about`: the date each value is about, and what that date is;
- :mod:`~jpdx.analysis.tidy`: one tidy frame of values (:func:`jpdx.indicator`);
- :mod:`~jpdx.analysis.covariates`: the place attributes a panel carries (population …);
- :mod:`~jpdx.analysis.panels`: one row per place at a date (:func:`jpdx.panel`);
- :mod:`~jpdx.analysis.aggregates`: shares and means by group (:func:`jpdx.share_by`);
- :mod:`~jpdx.analysis.profile`: everything about one place (:func:`jpdx.place`).
"""
