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


def budget_vs_physical(table: pd.DataFrame, *, lang: str = "id") -> str:
    """Scatter of budget absorption against physical progress per OPD, with the diagonal."""
    with plt.rc_context(STYLE):
        fig, ax = _figure(6.0, 4.0)
        data = table.dropna(subset=["absorption_pct", "physical_pct"])
        ax.plot([0, 100], [0, 100], color=PREVIOUS, linewidth=0.8, linestyle="--")
        ax.scatter(data["absorption_pct"], data["physical_pct"], color=ACCENT, s=14)
        for row in data.itertuples(index=False):
            ax.annotate(
                row.opd_code,
                (row.absorption_pct, row.physical_pct),
                fontsize=5.5,
                xytext=(2, 2),
                textcoords="offset points",
            )
        ax.set_xlim(0, 105)
        ax.set_ylim(0, 105)
        ax.set_xlabel(_t("absorption", lang))
        ax.set_ylabel(_t("physical", lang))
        return to_svg(fig)
