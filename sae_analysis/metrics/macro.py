"""Macro indicators (BPS tables, DESIGN §4.3): the region's value, its YoY change and its rank.

Where DESIGN is silent: the region is ranked among its *peers* (:func:`peer_codes`, from the
profile's ``peers.group``: the kabupaten/kota of its province by default, every kabupaten/kota,
or a list); the province's and the nation's values of the same year stand beside it as
references (``province_value``, ``national_value``) and are never ranked. A region of the table
outside the peers keeps its rows in the macro frame and plays no part in the rank.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from sae_analysis import config
from sae_analysis.metrics._base import checked_lang, require
from sae_analysis.metrics.yoy import DEFAULT_TOLERANCE, Tolerance, compare_years, method_break


def _is_kabkota(codes: pd.Series, regions: pd.DataFrame | None) -> pd.Series:
    """True for kabupaten/kota rows: ``regions.level`` when given, else a 4-digit BPS code not
    ending in ``00`` (``3500`` is the province, ``0000`` the nation)."""
    if regions is not None and "level" in regions.columns:
        level = regions.assign(region_code=regions["region_code"].astype("str"))
        level = level.drop_duplicates("region_code").set_index("region_code")["level"]
        return codes.map(level).astype("str").str.casefold().isin(["kabupaten", "kota"])
    return codes.str.fullmatch(r"\d{4}").fillna(False) & ~codes.str.endswith("00").fillna(False)


def _tidy(macro: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``macro`` with a value, typed; more than one value per (region, indicator,
    year) raises ``ValueError``; region_name and source are added empty when absent."""
    m = macro.assign(
        region_code=macro["region_code"].astype("str").str.strip(),
        year=pd.to_numeric(macro["year"]).astype(int),
        value=pd.to_numeric(macro["value"]).astype(float),
    )
    m = m[m["value"].notna()]
    duplicated = m.duplicated(["region_code", "indicator_code", "year"])
    if duplicated.any():
        first = m.loc[duplicated, ["region_code", "indicator_code", "year"]].iloc[0].tolist()
        raise ValueError(f"macro has more than one value for {first}")
    for column in ("region_name", "source"):
        if column not in m.columns:
            m = m.assign(**{column: pd.Series(pd.NA, index=m.index, dtype="str")})
    return m


#: The nation's code in the region list (BPS tables' "INDONESIA" row).
NATIONAL_CODE = "0000"


def province_code(region_code: str) -> str:
    """The 4-digit code of a region's province.

    >>> province_code("3513"), province_code("3500")
    ('3500', '3500')
    """
    return f"{region_code[:2]}00"


def peer_codes(
    region_code: str,
    *,
    regions: pd.DataFrame | None,
    group: str = "province",
    listed: Collection[str] = (),
) -> frozenset[str] | None:
    """The region codes a region is ranked among (itself included when it is a kabupaten/kota).

    ``group``: ``"province"`` (the kabupaten/kota of its province), ``"national"`` (every
    kabupaten/kota) or ``"list"`` (``listed``). Without a region list (``regions`` None or
    without ``level``) the peers are not known here: None, and :func:`macro_summary` takes the
    kabupaten/kota codes of the table (4 digits not ending in ``00``) of the region's province.

    >>> regions = pd.DataFrame({"region_code": ["3500", "3513", "3574", "3201", "0000"],
    ...     "level": ["provinsi", "kabupaten", "kota", "kabupaten", "nasional"]})
    >>> sorted(peer_codes("3513", regions=regions))
    ['3513', '3574']
    >>> sorted(peer_codes("3513", regions=regions, group="national"))
    ['3201', '3513', '3574']
    >>> sorted(peer_codes("3513", regions=regions, group="list", listed=["3201"]))
    ['3201', '3513']
    """
    if group == "list":
        return frozenset([*map(str, listed), region_code])
    if regions is None or "level" not in regions.columns:
        return None
    codes = regions["region_code"].astype("str")
    kab = codes[_is_kabkota(codes, regions).to_numpy(dtype=bool)]
    if group == "province":
        kab = kab[kab.str.startswith(region_code[:2])]
    return frozenset(kab)


def _ranks(
    m: pd.DataFrame, polarity_by_indicator: Mapping[str, str], peers: Collection[str]
) -> pd.DataFrame:
    """Rank (1 = best, ties share the best) and n_regions of every peer's value per
    (indicator, year); indicators without a ``+``/``-`` polarity get no rank."""
    sign = m["indicator_code"].map(polarity_by_indicator).map({"+": -1.0, "-": 1.0}).astype(float)
    kab = m[m["region_code"].isin(list(peers)).to_numpy(dtype=bool)]
    kab = kab.assign(oriented=kab["value"] * sign[kab.index])
    grouped = kab.groupby(["indicator_code", "year"])
    return kab.assign(
        rank=grouped["oriented"].rank(method="min"),
        n_regions=grouped["value"].transform("size"),
    )[["region_code", "indicator_code", "year", "rank", "n_regions"]]


def macro_options(indicators: pd.DataFrame) -> dict[str, dict[str, object]]:
    """The keyword arguments of :func:`macro_summary` taken from the indicator catalogue: each
    indicator's polarity, unit and method-break year (a catalogue without ``break_year`` has none).

    >>> cat = pd.DataFrame({"indicator_code": ["ipm"], "polarity": ["+"], "unit": ["indeks"],
    ...     "break_year": ["2024"]})
    >>> macro_options(cat)
    {'polarity_by_indicator': {'ipm': '+'}, 'unit_by_indicator': {'ipm': 'indeks'}, 'break_year_by_indicator': {'ipm': 2024}}
    """
    ind = indicators.set_index("indicator_code")
    breaks = (
        pd.to_numeric(ind["break_year"], errors="coerce").dropna().to_dict()
        if "break_year" in ind
        else {}
    )
    return {
        "polarity_by_indicator": ind["polarity"].to_dict(),
        "unit_by_indicator": ind["unit"].to_dict(),
        "break_year_by_indicator": breaks,
    }


def macro_summary(
    macro: pd.DataFrame,
    *,
    polarity_by_indicator: Mapping[str, str],
    region_code: str | None = None,
    year: int | None = None,
    unit_by_indicator: Mapping[str, str] | None = None,
    break_year_by_indicator: Mapping[str, float] | None = None,
    regions: pd.DataFrame | None = None,
    peers: Collection[str] | None = None,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
    lang: str = "id",
) -> pd.DataFrame:
    """Return the region's value per macro indicator, its YoY change, its rank among its peers
    and the province's and the nation's values beside it.

    Parameters
    ----------
    macro
        The macro frame (region_code, region_name, indicator_code, year, value, source).
    polarity_by_indicator
        ``'+'``/``'-'``/``'='`` per indicator_code; an indicator without one gets no direction
        and no rank (``'='`` is not ranked either).
    year
        The year to report; by default each indicator's latest year with a value for the region.
    unit_by_indicator
        Units, to report changes of percent/rate units in pp (others, and unknown, relative %).
    break_year_by_indicator
        Method breaks (e.g. the IPM method change): YoY into that year is not comparable.
    regions
        Optional region catalogue with ``region_code`` and ``level``; without it kabupaten/kota
        are 4-digit codes not ending in ``00``.
    peers
        The region codes ranked together (:func:`peer_codes`); by default the kabupaten/kota
        of the region's province.

    Returns
    -------
    One row per indicator: indicator_code, region_code, region_name, year, value, value_prev,
    change, change_unit, direction, comparable, reason, reason_label, rank (1 = best among the
    peers with a value that year, ties share the best rank), n_regions, province_value and
    national_value (the references of that year, NaN when the table has no such row), source.

    Examples
    --------
    >>> macro = pd.DataFrame({
    ...     "region_code": ["3500", "3508", "3514", "3508", "3514"],
    ...     "region_name": ["Jawa Timur", "Lumajang", "Pasuruan", "Lumajang", "Pasuruan"],
    ...     "indicator_code": ["kemiskinan"] * 5, "year": [2025, 2025, 2025, 2024, 2024],
    ...     "value": [9.8, 16.5, 8.9, 17.2, 9.3], "source": ["BPS"] * 5})
    >>> s = macro_summary(macro, region_code="3508", polarity_by_indicator={"kemiskinan": "-"},
    ...                   unit_by_indicator={"kemiskinan": "persen"})
    >>> s[["year", "value", "change", "change_unit", "direction", "rank", "n_regions"]].round(2)
       year  value  change change_unit direction  rank  n_regions
    0  2025   16.5    -0.7          pp   membaik   2.0          2
    >>> s[["province_value", "national_value"]].to_dict("records")
    [{'province_value': 9.8, 'national_value': nan}]
    """
    require(macro, ["region_code", "indicator_code", "year", "value"], "macro")
    checked_lang(lang)
    region_code = region_code or config.REGION_CODE
    m = _tidy(macro)
    if peers is None:
        kab = m["region_code"][_is_kabkota(m["region_code"], regions).to_numpy(dtype=bool)]
        peers = frozenset(kab[kab.str.startswith(region_code[:2])])
    ranks = _ranks(m, polarity_by_indicator, peers)

    own = m[m["region_code"].eq(region_code)]
    if year is None:
        chosen = own.groupby("indicator_code", as_index=False)["year"].max()
    else:
        chosen = pd.DataFrame({"indicator_code": own["indicator_code"].unique(), "year": year})
    now = chosen.merge(own, on=["indicator_code", "year"], how="left")
    prev = own[["indicator_code", "year", "value"]].assign(year=own["year"] + 1)
    now = now.merge(
        prev.rename(columns={"value": "value_prev"}), on=["indicator_code", "year"], how="left"
    )
    now = now.merge(ranks, on=["region_code", "indicator_code", "year"], how="left")
    for column, code in (
        ("province_value", province_code(region_code)),
        ("national_value", NATIONAL_CODE),
    ):
        reference = m.loc[m["region_code"].eq(code), ["indicator_code", "year", "value"]]
        now = now.merge(
            reference.rename(columns={"value": column}), on=["indicator_code", "year"], how="left"
        )

    value = now["value"].to_numpy(dtype=float, na_value=np.nan)
    value_prev = now["value_prev"].to_numpy(dtype=float, na_value=np.nan)
    breaks = break_year_by_indicator or {}
    verdict = compare_years(
        value,
        value_prev,
        unit=now["indicator_code"].map(unit_by_indicator or {}),
        polarity=now["indicator_code"].map(polarity_by_indicator),
        not_comparable={"method_break": method_break(now["indicator_code"], breaks, now["year"])},
        index=now.index,
        tolerance=tolerance,
        lang=lang,
    )
    return pd.DataFrame(
        {
            "indicator_code": now["indicator_code"],
            "region_code": region_code,
            "region_name": now["region_name"],
            "year": now["year"],
            "value": value,
            "value_prev": value_prev,
            **verdict.to_dict("series"),
            "rank": now["rank"].astype(float),
            "n_regions": now["n_regions"].astype("Int64"),
            "province_value": now["province_value"].to_numpy(dtype=float, na_value=np.nan),
            "national_value": now["national_value"].to_numpy(dtype=float, na_value=np.nan),
            "source": now["source"],
        }
    ).sort_values("indicator_code", ignore_index=True)
