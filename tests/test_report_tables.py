"""Tests of sae_analysis.report.tables: frames to HTML tables."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from sae_analysis.report.tables import Column, html_table


def test_text_is_escaped_and_markup_is_kept() -> None:
    frame = pd.DataFrame({"a": ['<i>x</i> & "y"'], "b": ["ok"]})
    html = html_table(
        frame, [Column("a", "<A>"), Column("b", "B", lambda v: Markup(f"<span>{v}</span>"))]
    )
    assert "<i>" not in html
    assert "&lt;i&gt;x&lt;/i&gt; &amp; &#34;y&#34;" in html
    assert '<th class="">&lt;A&gt;</th>' in html
    assert "<span>ok</span>" in html


def test_numbers_align_right_and_a_source_line_shows_under_its_value() -> None:
    frame = pd.DataFrame({"name": ["IPM"], "where": ["<f>.xlsx:9"], "n": [1.5]})
    html = html_table(
        frame,
        [
            Column("name", "Nama", source="where"),
            Column("n", "n", lambda v: f"{v:.1f}", numeric=True),
        ],
    )
    assert '<td class="">IPM<div class="sae-source">&lt;f&gt;.xlsx:9</div></td>' in html
    assert '<td class="num">1.5</td>' in html
    assert '<th class="num">n</th>' in html


def test_one_row_per_record_in_order() -> None:
    frame = pd.DataFrame({"a": ["x", "y", "z"]})
    html = html_table(frame, [Column("a", "A")])
    assert html.count("<tr>") == 4  # the header row and three records
    assert html.index(">x<") < html.index(">y<") < html.index(">z<")
    assert html_table(frame.iloc[0:0], [Column("a", "A")]).count("<tr>") == 1
