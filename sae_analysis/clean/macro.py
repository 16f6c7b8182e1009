"""The macro frame: every BPS-style table under ``<raw>/makro/``, one value per indicator, region
and year (the first table's, in file-name order; a later table that says otherwise is a warning)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sae_analysis import config
from sae_analysis.ingest.bps import MACRO_COLUMNS, read_bps_table
from sae_analysis.ingest.catalogues import Catalogues
from sae_analysis.ingest.quality import QualityLog

MACRO_SUFFIXES = (".csv", ".xlsx", ".xls")


def read_macro(raw_dir: str | Path, *, catalogues: Catalogues, log: QualityLog) -> pd.DataFrame:
    """Every BPS-style table under ``<raw>/makro/`` as one macro frame."""
    folder = Path(raw_dir) / config.MAKRO_SUBDIR
    paths = (
        sorted(p for p in folder.iterdir() if p.suffix.lower() in MACRO_SUFFIXES and p.is_file())
        if folder.is_dir()
        else []
    )
    frames = [read_bps_table(p, catalogues=catalogues, log=log) for p in paths]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in MACRO_COLUMNS}).astype(
            {"year": "int64", "value": float}
        )
    macro = _first_of_each_value(pd.concat(frames, ignore_index=True), log=log)
    return macro.sort_values(["indicator_code", "region_code", "year"], ignore_index=True)


def _first_of_each_value(macro: pd.DataFrame, *, log: QualityLog) -> pd.DataFrame:
    """One value per (indicator, region, year): the first table's (files in name order). A
    province row that a national and a provincial table both hold is one value; a later table
    that gives another value is a warning (one per file) and its value is not used."""
    key = ["indicator_code", "region_code", "year"]
    later = macro.duplicated(key, keep="first")
    if not later.any():
        return macro
    first = macro.loc[~later, [*key, "value", "source"]]
    again = macro[later].merge(first, on=key, how="left", suffixes=("", "_first"))
    differs = again[~np.isclose(again["value"], again["value_first"], equal_nan=True)]
    for source, rows in differs.groupby("source", sort=False):
        row = rows.iloc[0]
        log.add(
            "warning",
            "macro_value_differs",
            file=_file_of(str(source)),
            value=row["value"],
            n=len(rows),
            region=row["region_name"],
            year=int(row["year"]),
            first=row["value_first"],
            earlier=_file_of(str(row["source_first"])),
        )
    return macro[~later]


def _file_of(source: str) -> str:
    """The file name a macro row's ``source`` ends with: ``Sumber: BPS (kemiskinan.csv)``."""
    return source.rsplit("(", 1)[-1].removesuffix(")") if source.endswith(")") else source
