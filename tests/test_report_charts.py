"""Tests of sae_analysis.report.charts: deterministic SVG with the report's words and numbers."""

from __future__ import annotations

import math

import pandas as pd

from sae_analysis.report import charts


def _pillars() -> pd.DataFrame:
    return pd.DataFrame(
        {"pillar": ["ekonomi", "sosial"], "mean_achievement": [95.25, 80.0],
         "mean_achievement_prev": [90.0, math.nan]}
    )  # fmt: skip


def test_the_same_chart_gives_the_same_bytes() -> None:
    assert charts.pillar_comparison(_pillars()) == charts.pillar_comparison(_pillars())


def test_words_and_numbers_in_the_report_language() -> None:
    indonesian = charts.pillar_comparison(_pillars())
    english = charts.pillar_comparison(_pillars(), lang="en")
    assert "Tahun ini" in indonesian
    assert "95,2" in indonesian  # 95.25 is stored as 95.25 exactly: half to even
    assert "This year" in english
    assert "SAE Economy" in english
    assert "95.2" in english


def test_heatmap_annotates_with_the_report_formatter_and_leaves_gaps_blank() -> None:
    matrix = pd.DataFrame(
        {"ekonomi": [95.6, math.nan], "sosial": [70.4, 1234.0]}, index=["DINKES", "DINSOS"]
    )
    svg = charts.opd_pillar_heatmap(matrix)
    assert ">96<" in svg
    assert ">70<" in svg
    assert ">1.234<" in svg  # Indonesian thousands separator
    assert "–" not in svg  # the missing cell has no annotation
