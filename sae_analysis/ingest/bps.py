"""BPS-style wide tables (one row per region, one column per year) into the macro frame (DESIGN §5).

The header is the first row (of the first 30) with two or more year cells; the region column is
the other column whose values resolve to the most regions of ``regions.csv``; rows end at a
"Sumber", "Catatan", "Keterangan" or "Note" line, and the "Sumber" line names the source. The
indicator is the file name (whole, or a catalogue code as its prefix), else a title row naming a
catalogue indicator. A region in no list of ``regions.csv`` (the nation, the provinces, the
kabupaten/kota: the national list) is one error naming the file and the row, and the row is
skipped; every known region is kept, whether or not it is among the profile's peers. National
tables (one row per province, an "INDONESIA" row) and provincial ones (one row per kabupaten/kota,
the province as a total row) read alike. Empty cells stay NaN, a trailing ``*`` (provisional
figure) is dropped.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from sae_analysis.ingest.catalogues import Catalogues, normalise_name, resolve_region
from sae_analysis.ingest.cellref import column_letter
from sae_analysis.ingest.cells import CellContext, parse_field
from sae_analysis.ingest.grid import iter_sheets
from sae_analysis.ingest.guard import UnreadableError, unreadable_reason
from sae_analysis.ingest.quality import QualityLog

#: Columns of the macro frame (DESIGN §5).
MACRO_COLUMNS = ["region_code", "region_name", "indicator_code", "year", "value", "source"]


def _year_of(value: object) -> int | None:
    if isinstance(value, float) and value.is_integer() and 1900 <= value <= 2100:
        return int(value)
    if isinstance(value, int) and 1900 <= value <= 2100:
        return value
    if isinstance(value, str):
        match = re.fullmatch(r"\s*((?:19|20)\d{2})\s*\**\s*(?:\(\w+\))?\s*", value)
        return int(match.group(1)) if match else None
    return None


def _macro_indicator(
    path: Path, titles: list[str], catalogues: Catalogues, *, shown: str, log: QualityLog
) -> str:
    """Indicator of a BPS table: file name stem (whole or as a prefix), else a title row."""
    stem = path.stem.casefold()
    codes = catalogues.indicator_codes
    if stem in codes:
        return codes[stem]
    prefixes = [c for c in codes if stem.startswith(c) and stem[len(c) : len(c) + 1] in "_- ."]
    if prefixes:
        return codes[max(prefixes, key=len)]
    names = catalogues.indicator_names
    for title in titles:
        key = f" {normalise_name(title)} "
        hits = [n for n in names if n and f" {n} " in key]
        found = {c for n in hits if len(n) == max(map(len, hits)) for c, _ in names[n]}
        if len(found) == 1:
            return found.pop()
    log.add("warning", "macro_indicator_unknown", file=shown, value=path.stem)
    return path.stem


def _empty_macro_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="str") for c in MACRO_COLUMNS}).astype(
        {"year": "int64", "value": float}
    )


def _region_codes(
    body: pd.DataFrame,
    years: dict[int, int],
    catalogues: Catalogues,
    *,
    shown: str,
    log: QualityLog,
) -> pd.Series:
    """The region codes of the body rows kept, indexed by their Excel row: the rows of the
    column that names the most regions. A named row whose region is not in the catalogue is
    logged (error) and not kept."""
    candidates = [c for c in body.columns if c not in years]
    resolved = {c: body[c].map(lambda v: resolve_region(v, catalogues)) for c in candidates}
    region_col = max(candidates, key=lambda c: (resolved[c].notna().sum(), -c))
    names = body[region_col].astype(object)
    named = names.map(lambda v: isinstance(v, str) and bool(v.strip()))
    codes = resolved[region_col]
    for row, name in names[named & codes.isna()].items():
        log.add(
            "error",
            "region_unknown",
            file=shown,
            row=int(row),
            column=column_letter(region_col),
            value=name,
        )
    return codes[named & codes.notna()]


def _year_values(
    body: pd.DataFrame, codes: pd.Series, years: dict[int, int], context: CellContext
) -> pd.DataFrame:
    """The long (region_code, year, value) frame of the kept rows (``codes`` holds only those)."""
    parts = []
    for col, year in years.items():
        values = body.loc[codes.index, col].map(
            lambda v: v.rstrip("* ") if isinstance(v, str) else v
        )
        parsed = parse_field(
            values.to_numpy(dtype=object),
            values.index.to_numpy(),
            "value",
            f"{year} ({column_letter(col)})",
            context,
        )
        parts.append(pd.DataFrame({"region_code": codes.to_numpy(), "year": year, "value": parsed}))
    return pd.concat(parts, ignore_index=True)


def read_bps_table(path: str | Path, *, catalogues: Catalogues, log: QualityLog) -> pd.DataFrame:
    """Read a BPS-style wide table (one row per region, one column per year) into the macro frame.

    The header is the first row with two or more year cells; the region column is the other
    column whose values resolve to the most regions of ``regions.csv``; rows end at a "Sumber"
    or "Catatan" line. Regions not in the catalogue are errors, their rows skipped; empty cells
    stay NaN.
    """
    path = Path(path)
    shown = path.name
    empty = _empty_macro_frame()
    try:
        sheet = next(iter(iter_sheets(path)), None)
    except (UnreadableError, OSError, csv.Error) as exc:
        log.add("error", "file_unreadable", file=shown, detail=unreadable_reason(exc, log.lang))
        return empty
    rows = sheet.rows if sheet else []
    header = next(
        (i for i, row in enumerate(rows[:30]) if sum(_year_of(v) is not None for v in row) >= 2),
        None,
    )
    if header is None:
        log.add("error", "macro_table_not_found", file=shown)
        return empty
    years = {c: y for c, v in enumerate(rows[header]) if (y := _year_of(v)) is not None}
    texts = [
        " ".join(str(v).strip() for v in row if isinstance(v, str) and v.strip()) for row in rows
    ]
    source = next((t for t in texts if normalise_name(t).startswith("sumber")), "")
    end = next(
        (
            i
            for i in range(header + 1, len(rows))
            if normalise_name(texts[i]).startswith(("sumber", "catatan", "keterangan", "note"))
        ),
        len(rows),
    )
    body = pd.DataFrame(rows[header + 1 : end], dtype=object)
    if body.empty:
        log.add("error", "macro_table_not_found", file=shown)
        return empty
    body.index = pd.RangeIndex(header + 2, header + 2 + len(body))
    codes = _region_codes(body, years, catalogues, shown=shown, log=log)
    context = CellContext(shown, sheet.name, None, log, body[list(years)].to_numpy(dtype=object))
    indicator = _macro_indicator(path, texts[:header], catalogues, shown=shown, log=log)
    region_names = dict(
        zip(catalogues.regions["region_code"], catalogues.regions["region_name"], strict=True)
    )
    long = _year_values(body, codes, years, context)
    return long.assign(
        region_name=long["region_code"].map(region_names),
        indicator_code=indicator,
        source=f"{source} ({path.name})" if source else path.name,
    )[MACRO_COLUMNS].astype(empty.dtypes.to_dict())
