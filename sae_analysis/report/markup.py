"""The Jinja environment of the report's HTML: the section templates, autoescaped, with its filters.

Every text a template shows is escaped unless it is :class:`markupsafe.Markup` (a rendered table,
a chart's SVG, a rating badge), so text that came from a submission can never add markup. The
filters format numbers in the report's language, taken from the template's ``lang`` variable.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup

from sae_analysis.report import format as fmt


@jinja2.pass_context
def _number(
    context: jinja2.runtime.Context, value: object, decimals: int = 2, *, signed: bool = False
) -> str:
    return fmt.number(value, decimals=decimals, lang=context["lang"], signed=signed)


@jinja2.pass_context
def _percent(context: jinja2.runtime.Context, value: object, decimals: int = 1) -> str:
    return fmt.percent(value, decimals=decimals, lang=context["lang"])


ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("sae_analysis.report", "templates/sections"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters.update(number=_number, percent=_percent, count=fmt.count)


def render(template: str, **context: object) -> Markup:
    """Render ``templates/sections/<template>`` with ``context`` (which names the ``lang``)."""
    return Markup(ENV.get_template(template).render(**context))


def macro(name: str) -> Callable[..., Markup]:
    """A macro of ``cells.html.j2`` (the markup of one table cell), callable from Python.

    >>> macro("badge")(text="Tinggi", colour="#2e7d32")
    Markup('<span class="sae-badge" style="background:#2e7d32">Tinggi</span>')
    """
    return getattr(ENV.get_template("cells.html.j2").module, name)
