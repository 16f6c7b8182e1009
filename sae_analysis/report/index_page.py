"""The index page of the per-OPD reports: one row per OPD, its headline figures and links.

Rendered from the Jinja template ``templates/opd_index.html.j2``; the words come from the
``opd_index`` section of the message catalogue (:mod:`sae_analysis.text`), the numbers are
formatted as in the report (:func:`sae_analysis.report.format.number`).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import jinja2
from markupsafe import Markup

from sae_analysis import config, text
from sae_analysis.params import RunParams
from sae_analysis.report.format import number as fmt_number

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


class Outcome(Protocol):
    """What the page shows of one OPD's report (:class:`sae_analysis.run.opd_reports.OpdOutcome`)."""

    @property
    def opd(self) -> str: ...

    @property
    def headline(self) -> Mapping[str, object]: ...

    @property
    def message(self) -> str: ...


def _escape(value: object) -> Markup:
    """Escape every value the template prints the way :func:`html.escape` does (``&#x27;``,
    ``&quot;``), so the page keeps the bytes it had before it was a template."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


def _number(value: object, decimals: int, lang: str, *, signed: bool = False) -> str:
    return fmt_number(value, decimals=decimals, lang=lang, signed=signed)


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        finalize=_escape,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["number"] = _number
    return env.get_template("opd_index.html.j2")


def opd_index_html(
    outcomes: Sequence[Outcome], *, params: RunParams, names: Mapping[str, str]
) -> str:
    """The index page of the per-OPD reports: one row per OPD, its headline and links (PDF,
    HTML and the OPD's slide deck), and the regency's report and deck.

    Links are relative to ``<report dir>/opd/``; text from the catalogue is escaped.
    """
    words = text.section("opd_index", params.lang)
    return _template().render(
        lang=params.lang,
        title=f"{words['title']} · {config.REGION_NAME} · {params.year} TW{params.quarter}",
        stem=f"laporan-evaluasi-{params.year}-TW{params.quarter}",
        deck=params.deck_stem,
        text=words,
        outcomes=outcomes,
        names=names,
    )
