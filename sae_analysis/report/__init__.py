"""The evaluation report read at the rakor: it renders frames to markup, it does not compute.

One concern per module: :mod:`~sae_analysis.report.document` (the :class:`Report`: one quarter's
tables and catalogues, loaded once), :mod:`~sae_analysis.report.sections` (one function per table
or chart of notebook 03, rendered from ``templates/sections/*.html.j2``),
:mod:`~sae_analysis.report.tables` (frame -> HTML table), :mod:`~sae_analysis.report.format` (the
one number formatter), :mod:`~sae_analysis.report.markup` (the Jinja environment),
:mod:`~sae_analysis.report.charts` (SVG charts), :mod:`~sae_analysis.report.xlsx` (the XLSX
summary), :mod:`~sae_analysis.report.slides` (the rakor's slide decks, drawn by
:mod:`~sae_analysis.report.deck`). The words come from :mod:`sae_analysis.text`; the figures from :mod:`sae_analysis.metrics`.
nbconvert turns the executed notebook into the HTML and PDF files with ``templates/sae_report``.
"""

from __future__ import annotations

from sae_analysis.report.document import Report
from sae_analysis.report.xlsx import summary_xlsx

__all__ = ["Report", "summary_xlsx"]
