"""Charts of the report as inline SVG: deterministic (no dates, fixed ids), text kept as text.

Every function takes a frame and returns the SVG markup of one figure; nothing is shown or saved.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from sae_analysis import config, profile, text
from sae_analysis.report import format as fmt

ACCENT = "#0b4f6c"
PREVIOUS = "#9aa5b1"
STYLE = {
    "svg.hashsalt": "sae-analysis",  # stable element ids: the same chart gives the same bytes
    "svg.fonttype": "none",  # text stays text: searchable in the PDF, sharp at any zoom
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9,
}


def _t(key: str, lang: str) -> str:
    return text.get(f"charts.{key}", lang)


def to_svg(fig: plt.Figure) -> str:
    """Render a figure to SVG markup (no XML prolog, no creation date) and close it."""
    buffer = io.StringIO()
    with plt.rc_context(STYLE):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _figure(width: float, height: float) -> tuple[plt.Figure, plt.Axes]:
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def pillar_comparison(pillars: pd.DataFrame, *, lang: str = "id") -> str:
    """Bars of each pillar's capped mean achievement, this year beside last year."""
    with plt.rc_context(STYLE):
        fig, ax = _figure(7.0, 2.8)
        labels = [config.pillar_label(p, lang) for p in pillars["pillar"]]
        y = np.arange(len(labels))
        now = pillars["mean_achievement"].to_numpy(dtype=float)
        prev = pillars["mean_achievement_prev"].to_numpy(dtype=float)
        ax.barh(y + 0.2, prev, height=0.38, color=PREVIOUS, label=_t("last_year", lang))
        ax.barh(y - 0.2, now, height=0.38, color=ACCENT, label=_t("this_year", lang))
        for yi, value in zip(y - 0.2, now, strict=True):
            if np.isfinite(value):
                ax.text(
                    value + 1,
                    yi,
                    fmt.number(value, decimals=1, lang=lang),
                    va="center",
                    fontsize=7,
                )
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 125)
        ax.axvline(100, color="#52606d", linewidth=0.6, linestyle="--")
        ax.set_xlabel(_t("achievement", lang))
        ax.legend(loc="lower right", frameon=False, fontsize=7)
        return to_svg(fig)


def indicator_achievement(
    rows: pd.DataFrame, *, colours: pd.Series, lang: str = "id", cap: float = 120.0
) -> str:
    """Horizontal bars of each indicator's achievement (coloured by rating), last year as a dot."""
    with plt.rc_context(STYLE):
        height = max(1.6, 0.22 * len(rows) + 0.6)
        fig, ax = _figure(7.0, height)
        names = [
            f"{name[:55]}{'…' if len(name) > 55 else ''} ({opd})"
            for name, opd in zip(rows["indicator_name"], rows["opd_code"], strict=True)
        ]
        y = np.arange(len(rows))
        now = rows["achievement_pct"].to_numpy(dtype=float)
        prev = rows["achievement_prev"].to_numpy(dtype=float)
        ax.barh(
            y,
            np.clip(np.nan_to_num(now), 0, cap),
            color=list(colours),
            height=0.7,
            edgecolor="#52606d",
            linewidth=0.3,
        )
        ax.scatter(
            np.clip(prev, 0, cap), y, color="#1f2933", s=9, zorder=3, label=_t("last_year", lang)
        )
        ax.set_yticks(y, names, fontsize=6.5)
        ax.invert_yaxis()
        ax.set_xlim(0, cap + 5)
        ax.axvline(100, color="#52606d", linewidth=0.6, linestyle="--")
        ax.set_xlabel(f"{_t('achievement', lang)} (≤ {fmt.number(cap, decimals=0, lang=lang)})")
        ax.legend(loc="lower right", frameon=False, fontsize=7)
        return to_svg(fig)


def opd_pillar_heatmap(matrix: pd.DataFrame, *, lang: str = "id") -> str:
    """Heatmap of mean capped achievement, OPD (rows) × pillar (columns)."""
    with plt.rc_context(STYLE):
        height = max(2.0, 0.22 * len(matrix) + 0.9)
        fig, ax = _figure(7.0, height)
        shown = matrix.rename(
            columns=lambda p: textwrap.fill(profile.active().short_label(p, lang), 14)
        )
        sns.heatmap(
            shown,
            ax=ax,
            cmap="RdYlGn",
            vmin=40,
            vmax=110,
            annot=matrix.map(lambda v: fmt.number(v, decimals=0, lang=lang)).to_numpy(),
            fmt="",
            annot_kws={"fontsize": 6.5},
            linewidths=0.4,
            linecolor="white",
            cbar_kws={"label": _t("achievement", lang), "shrink": 0.6},
        )
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.tick_params(axis="both", labelsize=7)
        ax.tick_params(axis="x", rotation=0)
        return to_svg(fig)


#: Where a label may go around its point (offsets in points, alignment), nearest first.
_LABEL_SPOTS = [
    (dx * r, dy * r, "left" if dx > 0 else "right" if dx < 0 else "center",
     "bottom" if dy > 0 else "top" if dy < 0 else "center")
    for r in (2.5, 6.0, 11.0)
    for dx, dy in ((1, 1), (1, -1), (-1, 1), (-1, -1), (1.4, 0), (-1.4, 0), (0, 1.4), (0, -1.4))
]  # fmt: skip


def place_labels(
    ax: plt.Axes, x: np.ndarray, y: np.ndarray, names: list[str], *, order: np.ndarray
) -> list[plt.Annotation]:
    """Label points without any two labels (or a label and a point) overlapping.

    Points are labelled in ``order`` (the most important first); each label takes the first
    spot around its point (:data:`_LABEL_SPOTS`) that stays inside the axes and clear of the
    points and of the labels already placed, and a point with no such spot goes unlabelled.
    adjustText was tried first (issue 16): on the sample's 27 agencies it left 4-8 pairs
    overlapping after 200-2,000 steps and took 2.7-19 s, against a few hundredths of a second
    here; this rule is deterministic and cannot overlap by construction.
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    radius = 2.2 * fig.dpi / 72
    centres = ax.transData.transform(np.column_stack([x, y])) if len(x) else np.empty((0, 2))
    taken = [
        matplotlib.transforms.Bbox.from_extents(cx - radius, cy - radius, cx + radius, cy + radius)
        for cx, cy in centres
    ]
    placed = []
    for i in order:
        for dx, dy, ha, va in _LABEL_SPOTS:
            far = abs(dx) + abs(dy) > 6  # a label set farther off keeps a thin line to its point
            label = ax.annotate(
                names[i], (x[i], y[i]), xytext=(dx, dy), textcoords="offset points",
                ha=ha, va=va, fontsize=5.5,
                arrowprops={"arrowstyle": "-", "color": PREVIOUS, "linewidth": 0.4,
                            "shrinkA": 0, "shrinkB": 2} if far else None,
            )  # fmt: skip
            box = label.get_window_extent(renderer)
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                placed.append(label)
                break
            label.remove()
    return placed


def _square_range(values: np.ndarray) -> tuple[float, float]:
    """The same range for both axes around the values, in steps of 5, within 0-105: the agencies
    spread over the chart (they crowd at 50-66 % on the sample) and the diagonal stays at 45°.

    >>> _square_range(np.array([49.3, 66.0])), _square_range(np.array([])), _square_range(np.array([2.0, 99.0]))
    ((45.0, 70.0), (0.0, 105.0), (0.0, 105.0))
    """
    finite = values[np.isfinite(values)]
    if not len(finite):
        return 0.0, 105.0
    low = max(0.0, np.floor((finite.min() - 4) / 5) * 5)
    high = min(105.0, np.ceil((finite.max() + 4) / 5) * 5)
    return float(low), float(high)


def budget_vs_physical_figure(table: pd.DataFrame, *, lang: str = "id") -> plt.Figure:
    """The figure of :func:`budget_vs_physical` with its labels placed (:func:`place_labels`):
    the agencies farthest from the diagonal (absorption and physical progress apart) first."""
    with plt.rc_context(STYLE):
        fig, ax = _figure(6.0, 4.0)
        data = table.dropna(subset=["absorption_pct", "physical_pct"])
        ax.plot([0, 105], [0, 105], color=PREVIOUS, linewidth=0.8, linestyle="--")
        x = data["absorption_pct"].to_numpy(dtype=float)
        y = data["physical_pct"].to_numpy(dtype=float)
        ax.scatter(x, y, color=ACCENT, s=14)
        low, high = _square_range(np.concatenate([x, y]))
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_xlabel(_t("absorption", lang))
        ax.set_ylabel(_t("physical", lang))
        names = [str(code) for code in data["opd_code"]]
        # farthest from the diagonal first; ties by code, so the order never depends on the input's
        order = np.lexsort((np.array(names, dtype=object), -np.abs(y - x)))
        place_labels(ax, x, y, names, order=order)
        return fig


def budget_vs_physical(table: pd.DataFrame, *, lang: str = "id") -> str:
    """Scatter of budget absorption against physical progress per OPD, with the diagonal."""
    return to_svg(budget_vs_physical_figure(table, lang=lang))
