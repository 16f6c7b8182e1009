"""Tests of sae_analysis.report.markup: the section templates' Jinja environment."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from sae_analysis.report import markup


def test_templates_escape_text_and_keep_markup() -> None:
    rendered = markup.render(
        "pillar_table.html.j2", lang="id", t=None, table="<script>alert(1)</script>"
    )
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    kept = markup.render("pillar_table.html.j2", lang="id", t=None, table=Markup("<table>"))
    assert "<table>" in kept


def test_number_filters_follow_the_language() -> None:
    template = markup.ENV.from_string("{{ v | number(1) }} {{ v | percent(0) }} {{ n | count }}")
    assert template.render(lang="id", v=1234.5, n=3.0) == "1.234,5 1.234 % 3"
    assert template.render(lang="en", v=1234.5, n=3.0) == "1,234.5 1,234 % 3"


def test_a_missing_name_is_an_error_not_an_empty_cell() -> None:
    with pytest.raises(UndefinedError):
        markup.render("opd_ranking.html.j2", lang="id", t=lambda key: key)


def test_badge_escapes_its_text() -> None:
    badge = markup.macro("badge")(text="<b>Tinggi</b>", colour="#fff")
    assert "&lt;b&gt;Tinggi&lt;/b&gt;" in badge
