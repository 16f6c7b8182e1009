"""The region's macro indicators against the other regions of the province: tables and a chart."""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import SVG

from sae_analysis import config, metrics, profile
from sae_analysis.explore.labels import word
from sae_analysis.explore.tables import Tables
from sae_analysis.report import charts


def _peers(region_code: str, regions: pd.DataFrame | None) -> frozenset[str] | None:
    """The region's peers as the report ranks them (the active profile's ``peers``)."""
    prof = profile.active()
    return metrics.peer_codes(
        region_code, regions=regions, group=prof.peer_group, listed=prof.peer_regions
    )


def pillar_macro(tables: Tables, *, pillar: str) -> pd.DataFrame:
    """:func:`metrics.macro_summary` of the region for the macro indicators of one pillar."""
    cat = tables.catalogues.indicators
    codes = set(cat.loc[cat["pillar"] == pillar, "indicator_code"])
    macro = tables.macro[tables.macro["indicator_code"].isin(codes)]
    return metrics.macro_summary(
        macro,
        region_code=config.REGION_CODE,
        regions=tables.catalogues.regions,
        peers=_peers(config.REGION_CODE, tables.catalogues.regions),
        lang=tables.params.lang,
        **metrics.macro_options(cat),  # type: ignore[arg-type]
    )


def macro_regions(
    macro: pd.DataFrame,
    *,
    indicator_code: str,
    indicators: pd.DataFrame,
    regions: pd.DataFrame | None = None,
    year: int | None = None,
    region_code: str | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Every region's value of one macro indicator in one year, ranked as the report ranks it.

    One :func:`metrics.macro_summary` row per region (value, value_prev, change, direction, rank
    among the kabupaten/kota; the province and the nation keep a value but no rank), plus
    ``is_focus`` for the region of interest. ``year`` defaults to the region's latest year;
    sorted best first. ``region_code`` defaults to the profile's region.
    """
    region_code = region_code or config.REGION_CODE
    rows = macro[macro["indicator_code"] == indicator_code]
    if year is None:
        own = rows.loc[rows["region_code"].astype("str") == region_code, "year"]
        year = int(own.max()) if len(own) else int(rows["year"].max())
    options = metrics.macro_options(indicators)
    peers = _peers(region_code, regions)
    per_region = [
        metrics.macro_summary(
            rows, region_code=code, year=year, regions=regions, peers=peers, lang=lang, **options
        )  # type: ignore[arg-type]
        for code in sorted(rows["region_code"].astype("str").unique())
    ]
    out = pd.concat(per_region, ignore_index=True)
    out = out[out["value"].notna()]
    out = out.assign(is_focus=out["region_code"].eq(region_code))
    return out.sort_values(["rank", "region_code"], na_position="last", ignore_index=True)


def macro_chart(regions_table: pd.DataFrame, *, lang: str = "id") -> SVG:
    """Bars of one macro indicator over the kabupaten/kota (best first), the focus region in colour,
    the province as a dashed line."""
    ranked = regions_table[regions_table["rank"].notna()]
    others = regions_table[regions_table["rank"].isna()]
    with charts.plt.rc_context(charts.STYLE):
        height = max(2.0, 0.16 * len(ranked) + 0.8)
        fig, ax = charts.plt.subplots(figsize=(6.0, height))
        y = np.arange(len(ranked))
        colours = [charts.ACCENT if f else charts.PREVIOUS for f in ranked["is_focus"]]
        ax.barh(y, ranked["value"].to_numpy(dtype=float), color=colours, height=0.7)
        ax.set_yticks(y, list(ranked["region_name"].fillna(ranked["region_code"])), fontsize=6)
        ax.invert_yaxis()
        for value, name in zip(others["value"], others["region_name"], strict=True):
            ax.axvline(float(value), color="#52606d", linewidth=0.8, linestyle="--")
            ax.annotate(
                str(name) if isinstance(name, str) else word("province", lang),
                (float(value), 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(2, 2),
                textcoords="offset points",
                fontsize=6,
            )
        ax.set_xlabel(str(regions_table["indicator_code"].iloc[0]) if len(regions_table) else "")
        return SVG(charts.to_svg(fig))
