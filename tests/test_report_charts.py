"""Tests of sae_analysis.report.charts: deterministic SVG with the report's words and numbers."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

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


# -- the budget scatter's labels (issue 16: they piled up on p. 12) ----------------------------


def _label_boxes(fig):
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    return ax, [text.get_window_extent(renderer) for text in ax.texts], renderer


def _assert_apart(fig) -> None:
    ax, boxes, renderer = _label_boxes(fig)
    frame = ax.get_window_extent(renderer)
    for i, box in enumerate(boxes):
        assert frame.contains(box.x0, box.y0)
        assert frame.contains(box.x1, box.y1)
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other), (ax.texts[i].get_text(), box, other)
    points = ax.collections[0].get_offsets()
    centres = ax.transData.transform(points)
    for box in boxes:  # no label covers a point
        assert not any(box.contains(cx, cy) for cx, cy in centres)


def test_budget_scatter_labels_never_overlap_on_the_sample(sample_report) -> None:
    fig = charts.budget_vs_physical_figure(sample_report.budget)
    _assert_apart(fig)
    labelled = {text.get_text() for text in fig.axes[0].texts}
    budget = sample_report.budget.dropna(subset=["absorption_pct", "physical_pct"])
    assert len(labelled) >= 0.8 * len(budget)
    apart = (budget["physical_pct"] - budget["absorption_pct"]).abs()
    outliers = budget.loc[apart.nlargest(5).index, "opd_code"]
    assert set(outliers) <= labelled  # the agencies farthest from the diagonal always get theirs
    charts.plt.close(fig)


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.tuples(st.floats(40, 70), st.floats(40, 70)), min_size=1, max_size=40, unique=True)
)
def test_budget_scatter_labels_never_overlap_however_crowded(points) -> None:
    table = pd.DataFrame(
        {
            "opd_code": [f"OPD{i:02d}PANJANG" for i in range(len(points))],
            "absorption_pct": [p[0] for p in points],
            "physical_pct": [p[1] for p in points],
        }
    )
    fig = charts.budget_vs_physical_figure(table)
    _assert_apart(fig)
    charts.plt.close(fig)
